"""Driving the candidate pages in a browser the way a person does (labels and button
names, never CSS ids where a person would read a word), and reading the database behind
them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, AttemptEvent, Invitation

QUESTION_URL = re.compile(r"/take/(at_[^/]+)/(\d+)/(\d+)(\?.*)?$")


def start(page: Page, link: str) -> None:
    """Open the emailed link and press Start; lands on the first question, with its
    deferred script run (before that, typing sends no background save)."""
    page.goto(link)
    page.get_by_role("button", name=re.compile(r"^(Start|Resume) ")).click()
    expect(page).to_have_url(QUESTION_URL)
    page.wait_for_load_state("load")


def current_attempt(invitation_id: int, position: int = 0) -> Attempt:
    """The attempt as the server last committed it."""
    db.session.expire_all()
    invitation = db.session.get(Invitation, invitation_id)
    assert invitation is not None
    return invitation.attempts[position]


def saved_answers(invitation_id: int, position: int = 0) -> dict[str, Any]:
    return {r.question_id: r.answer for r in current_attempt(invitation_id, position).responses
            if r.answer is not None}


def event_kinds(invitation_id: int) -> list[str]:
    attempt = current_attempt(invitation_id)
    return list(db.session.scalars(select(AttemptEvent.kind).where(
        AttemptEvent.attempt_id == attempt.id).order_by(AttemptEvent.id)))


def question_url(page: Page, section: int, question: int) -> str:
    """The URL of another question of the attempt on screen."""
    match = QUESTION_URL.search(page.url)
    assert match, f"not on a question page: {page.url}"
    base = page.url[:match.start()]
    return f"{base}/take/{match.group(1)}/{section}/{question}"


def expect_question(page: Page, number: int, count: int) -> None:
    """The page shows that question, and its script has run (keys and saves work)."""
    expect_heading(page, f"Question {number} of {count}")


def expect_heading(page: Page, text: str, timeout: float | None = None) -> None:
    """The page with this main heading is shown and loaded (deferred scripts ran)."""
    expect(page.get_by_role("heading", level=1)).to_contain_text(text, timeout=timeout)
    page.wait_for_load_state("load")


@contextmanager
def background_save(page: Page) -> Iterator[None]:
    """Wrap an answer: the page script saves it in the background, the server accepts it,
    and the page says "Saved"."""
    with page.expect_response(lambda r: r.url.endswith("/api/answer")
                              and r.request.method == "POST") as saved:
        yield
    assert saved.value.status == 200, saved.value.text()
    expect(page.locator("#save-status")).to_have_text("Saved")


def choose(page: Page, label: str) -> None:
    page.get_by_label(label, exact=True).check()


def place_in_order(page: Page, *labels: str) -> None:
    """An ordering question: put the items (by their labels) in this order, 1 first. Without
    JavaScript each item's menu gets its position; with it, the items' Move up buttons are
    pressed until the list shows that order."""
    if page.get_by_label(labels[0], exact=True).is_visible():
        for position, label in enumerate(labels, 1):
            page.get_by_label(label, exact=True).select_option(str(position))
        return
    shown = page.get_by_role("group", name="Put the items in order").get_by_role("listitem")
    for position, label in enumerate(labels):
        for _ in range(shown.locator("label").all_inner_texts().index(label) - position):
            page.get_by_role("button", name=f"Move up: {label}", exact=True).click()


def match(page: Page, *pairs: tuple[str, str]) -> None:
    """A matching question: choose each (prompt, answer) in the prompt's menu, by labels."""
    for prompt, answer in pairs:
        page.get_by_label(prompt, exact=True).select_option(label=answer)


def type_answer(page: Page, text: str) -> None:
    page.get_by_label(re.compile(r"^Your answer")).fill(text)


def press_button(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def navigator_button(page: Page, number: int) -> Locator:
    """The navigator's button for question ``number`` of the section."""
    return page.get_by_role("navigation", name="Questions in this section").get_by_role(
        "button", name=re.compile(rf"^{number}\b"))


def remaining_on_timer(page: Page) -> int:
    """The countdown on screen, in seconds ("29:58" or "1:02:03")."""
    parts = [int(p) for p in page.locator("#timer").inner_text().split(":")]
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds
