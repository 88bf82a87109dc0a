"""Generate large, valid banks of every question type (for speed checks and benchmarks)."""

from __future__ import annotations

import textwrap

_TEMPLATES = [
    """\
    - id: question-{n}
      type: single_choice
      points: 2
      prompt: |
        What does `len([{n}, 2, 3])` return?

        ```python
        print(len([{n}, 2, 3]))
        ```
      options:
        - "[ ] 2"
        - "[x] 3"
        - text: "`None`"
          correct: false
          weight: -25
          feedback: len always returns an int
        - "[ ] 4"
      negative_marking: true
      explanation: It counts the elements.
    """,
    """\
    - id: question-{n}
      type: multiple_choice
      scoring: partial
      prompt: Which of these are falsy? ({n})
      options: ["[x] `0`", "[x] `''`", "[ ] `[0]`", "[ ] `'0'`"]
    """,
    """\
    - id: question-{n}
      type: true_false
      prompt: Python lists are mutable ({n}).
      answer: true
    """,
    """\
    - id: question-{n}
      type: numeric
      prompt: What is the square root of 2, to two decimals? ({n})
      answers:
        - {{value: "1.41 +- 0.005", weight: 100}}
        - {{min: 1.3, max: 1.5, weight: 50}}
      unit: units
    """,
    """\
    - id: question-{n}
      type: short_text
      prompt: The capital of France? ({n})
      answers: [Paris, {{regex: "^paris( city)?$", weight: 50}}]
    """,
    """\
    - id: question-{n}
      type: essay
      points: 5
      prompt: Explain the GIL ({n}).
      rubric:
        - {{criterion: Correct, points: 3}}
        - {{criterion: Clear, points: 2}}
      max_words: 300
    """,
    """\
    - id: question-{n}
      type: ordering
      prompt: Order by precedence ({n}).
      items: ["`**`", "`*`", "`+`", "`and`"]
    """,
]


def generate_bank(questions: int, *, per_section: int = 500, slug: str = "generated-bank") -> str:
    """YAML text of a valid bank with ``questions`` questions of every type, in sections
    of ``per_section``, every tenth section ending with a pool of 4 picking 2."""
    lines = [f"id: {slug}", "name: Generated bank", "language: en", "time_limit: 2h",
             "pass_mark: 60", "sections:"]
    made = 0
    section = 0
    while made < questions:
        section += 1
        lines += [f"  - id: section-{section}", f"    title: Section {section}", "    questions:"]
        body = []
        for _ in range(min(per_section, questions - made)):
            body.append(textwrap.dedent(_TEMPLATES[made % len(_TEMPLATES)]).format(n=made))
            made += 1
        lines.append(textwrap.indent("".join(body), "      "))
    return "\n".join(lines) + "\n"
