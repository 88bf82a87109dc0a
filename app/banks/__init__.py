"""Question banks: tests written as YAML in question_banks/, validated and loaded.

- ``validate.validate_file(path)``: the normalized definition (contracts.md §1) or every
  problem as ``file:line:col: message``.
- ``loader.load_bank(session, path, definition)``: store it as a new ``Test`` version
  when its content changed.
- ``markdown.render_markdown(text)`` / ``render_inline(text)``: safe HTML at display time.
- ``cli``: ``assay banks validate|load|list|schema|code-css``.

The author format is in ``format`` (test, sections, pools) and ``common`` (what every
question has); each question type's own keys live with the type, in ``app.questions``,
and ``questions`` gathers them. docs/question-banks.md is the author's guide.
"""
