"""Throughput of score_attempt on a realistic 50-question test.

Not part of the default run. Run with:
    .venv/bin/pytest tests/benchmarks/test_scoring_throughput.py -s -o addopts=""

It scores varied, partly wrong and partly malformed answers for a fixed wall time, and
compares with a baseline measured in the same run on the same data: a bare loop that
looks each answer up and compares it with a key. The ratio says how much the engine
costs over the least any Python scorer could do, whatever the machine's speed.

The contenders take turns in short rounds, so a neighbour's load slows them alike, and
each is timed both by the wall clock and by this process's CPU time. The requirement is
asserted on CPU time: it measures the engine, not how busy the machine's other users are.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from app.scoring import compile_test, draw, score_attempt
from tests.scoring import builders as b

REQUIRED_ATTEMPTS_PER_SECOND = 5_000
WALL_SECONDS = 2.0  # per contender, over all rounds
ROUNDS = 4
ANSWER_SETS = 400


def _realistic_test() -> dict[str, Any]:
    """50 drawn questions of every auto-graded type, in three sections, one with a pool."""
    basics = [b.single_choice(f"sc{n}", correct="abcd"[n % 4], weights={"abcd"[(n + 1) % 4]: 50.0},
                              shuffle_options=True) for n in range(8)]
    basics += [b.true_false(f"tf{n}", answer=n % 2 == 0) for n in range(6)]
    basics += [b.numeric(f"num{n}", ranges=[(1.41, 1.42, 100.0), (1.0, 2.0, 30.0)]) for n in range(4)]
    basics += [b.numeric(f"unit{n}", ranges=[(250.0, 250.0, 100.0)], unit="ms") for n in range(3)]
    structures = [b.multiple_choice(f"mc{n}", correct="ac", ids="abcde", shuffle_options=True,
                                    scoring=("all_or_nothing", "partial", "weighted")[n % 3],
                                    negative_marking=n % 2 == 0) for n in range(10)]
    structures += [b.ordering(f"ord{n}", ids="abcde", scoring=("partial", "all_or_nothing")[n % 2])
                   for n in range(5)]
    text = [b.short_text(f"st{n}", answers=[("exact", "KeyError", 100.0),
                                            ("regex", r"key\s*error\b.*", 50.0)],
                         whitespace=("normalize", "ignore", "exact")[n % 3]) for n in range(8)]
    text.append(b.pool("extra", 6, *(b.single_choice(f"pool{n}", negative_marking=True,
                                                     weights={"b": -25.0}) for n in range(10))))
    return b.definition(b.section("basics", *basics, shuffle_questions=True),
                        b.section("structures", *structures, weight=2.0),
                        b.section("text", *text, weight=2.0))


def _random_answer(question: dict[str, Any], rng: random.Random) -> object:
    roll = rng.random()
    if roll < 0.1:
        return None
    if roll < 0.55:
        return b.correct_answer(question)
    if roll < 0.6:
        return rng.choice([42, ["?"], {"x": 1}, "zz", True])  # malformed
    kind = question["type"]
    if kind == "single_choice":
        return rng.choice("abcd")
    if kind == "multiple_choice":
        return rng.sample("abcde", rng.randint(1, 4))
    if kind == "true_false":
        return rng.random() < 0.5
    if kind == "numeric":
        return rng.choice(["1,41", "1.5", " 1 000 ", "250 ms", "abc", "-2", "1e3"])
    if kind == "short_text":
        return rng.choice(["KeyError", "key error", " keyerror ", "IndexError", "KeyError: 'b'"])
    return rng.sample("abcde", 5)  # ordering


def _answer_key(question: dict[str, Any]) -> object:
    if question["type"] == "multiple_choice":
        return frozenset(option["id"] for option in question["options"] if option["correct"])
    return b.correct_answer(question)


class Timing:
    """Attempts scored and the wall and CPU seconds they took."""

    def __init__(self) -> None:
        self.attempts = 0
        self.wall = self.cpu = 0.0

    def run(self, score_one_attempt: Callable[[dict[str, object]], object],
            answer_sets: list[dict[str, object]], seconds: float) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        deadline = wall + seconds
        while time.perf_counter() < deadline:
            for answers in answer_sets:
                score_one_attempt(answers)
            self.attempts += len(answer_sets)
        self.wall += time.perf_counter() - wall
        self.cpu += time.process_time() - cpu

    @property
    def per_cpu_second(self) -> float:
        return self.attempts / self.cpu

    @property
    def per_wall_second(self) -> float:
        return self.attempts / self.wall


def test_it_scores_at_least_five_thousand_attempts_a_second() -> None:
    test = _realistic_test()
    layout = draw(test, 2024)
    drawn = b.drawn_ids(layout)
    assert len(drawn) == 50
    questions = b.all_questions(test)
    rng = random.Random(7)
    answer_sets = [{question_id: _random_answer(questions[question_id], rng) for question_id in drawn}
                   for _ in range(ANSWER_SETS)]

    keys = {question_id: _answer_key(questions[question_id]) for question_id in drawn}
    points = {question_id: questions[question_id]["points"] for question_id in drawn}

    def baseline(answers: dict[str, object]) -> float:
        total = 0.0
        for question_id in drawn:
            answer = answers.get(question_id)
            if isinstance(answer, list):
                answer = frozenset(answer)
            if answer == keys[question_id]:
                total += points[question_id]
        return total

    compiled = compile_test(test, key="benchmark")
    contenders: dict[str, Callable[[dict[str, object]], object]] = {
        "baseline: bare lookup loop": baseline,
        "score_attempt(compiled=...)":
            lambda answers: score_attempt(test, layout, answers, compiled=compiled),
        "score_attempt (cached by identity)": lambda answers: score_attempt(test, layout, answers),
        "score_attempt(...).to_dict()":
            lambda answers: score_attempt(test, layout, answers, compiled=compiled).to_dict(),
    }
    timings = {name: Timing() for name in contenders}
    for _ in range(ROUNDS):
        for name, contender in contenders.items():
            timings[name].run(contender, answer_sets, WALL_SECONDS / ROUNDS)

    base = timings["baseline: bare lookup loop"].per_cpu_second
    print(f"\n50 questions per attempt, {WALL_SECONDS:.0f} s each in {ROUNDS} rounds:")
    print(f"  {'':<36} {'attempts/s':>10} {'(wall)':>9} {'µs/question':>12} {'× baseline':>11}")
    for name, timing in timings.items():
        rate = timing.per_cpu_second
        print(f"  {name:<36} {rate:>10,.0f} {timing.per_wall_second:>9,.0f} {1e6 / rate / 50:>12.2f}"
              f" {base / rate:>11.1f}")
    assert timings["score_attempt(compiled=...)"].per_cpu_second >= REQUIRED_ATTEMPTS_PER_SECOND
    assert timings["score_attempt (cached by identity)"].per_cpu_second >= REQUIRED_ATTEMPTS_PER_SECOND
