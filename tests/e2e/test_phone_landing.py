"""On a 390×844 phone: the emailed link puts Start on the first screen and says in which
language the questions are, the break in a battery gives the next test's figures, and
the development mailbox fits the screen (issue 13, items 8, 9 and 10)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from app.banks.cli import load_paths
from app.config import PROJECT_ROOT
from app.extensions import db
from app.models import Organization, Test
from app.services.catalog import find_test
from tests.e2e.axe import Audit
from tests.e2e.banks import definition, one_question, section, single
from tests.e2e.candidate import background_save, choose, expect_heading, press_button, start
from tests.fixtures.factories import make_test

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

PHONE = {"width": 390, "height": 844}
START = re.compile(r"^(Start|Resume) ")


@pytest.fixture
def demo_test(app: Flask, hiring_org: Organization) -> Test:
    """The demo's own test (python-fundamentals): long instructions, three sections."""
    load_paths([PROJECT_ROOT / "question_banks" / "python-fundamentals.yaml"],
               echo=lambda line: None)
    test = find_test(db.session, hiring_org, "python-fundamentals")
    assert test is not None
    return test


def _no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide on a {widths[1]} px screen"


@pytest.mark.parametrize("javascript", [True, False])
def test_start_is_on_the_first_screen_with_the_summary_before_the_details(
        new_page, invite, demo_test: Test, javascript: bool) -> None:
    page: Page = new_page(viewport=PHONE, java_script_enabled=javascript)
    page.goto(invite(demo_test).link)
    expect_heading(page, "Acme Corp invites you to take a test")

    button = page.get_by_role("button", name=START)
    box = button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    summary = page.locator(".summary")
    expect(summary).to_contain_text("Python fundamentals")
    expect(summary).to_contain_text("30 minutes")
    expect(summary).to_contain_text(f"{demo_test.question_count} questions")
    # The details follow Start: instructions, rules, what is recorded.
    for heading in ("Before you start", "What is recorded during the test"):
        details = page.get_by_role("heading", name=heading).bounding_box()
        assert details is not None and details["y"] > box["y"]
    expect(page.locator(".instructions")).to_contain_text("Welcome!")
    if not javascript:  # Start is a plain form (and nothing may be evaluated in the page)
        button.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Question 1 of")
        return
    _no_sideways_scroll(page)
    audit = Audit()
    audit.check("landing on a phone", page)
    audit.assert_clean()


def test_the_landing_page_says_when_the_questions_are_in_another_language(
        new_page, invite, app: Flask) -> None:
    english = make_test(one_question())
    ukrainian = make_test(definition(section("only", "Only", single()), slug="ua-check",
                                     name="Перевірка", language="uk"))
    page: Page = new_page(viewport=PHONE)
    page.goto(invite(english, ukrainian, language="en").link)
    expect_heading(page, "Acme Corp invites you to take 2 tests")

    notes = page.locator(".language-note")
    expect(notes).to_have_count(1)  # the English test needs none
    expect(notes).to_have_text("The questions of this test are in Ukrainian.")
    expect(page.locator(".summary li", has_text="Перевірка")).to_contain_text(
        "The questions of this test are in Ukrainian.")
    audit = Audit()
    audit.check("landing, questions in another language", page)
    audit.assert_clean()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_break_page_shows_the_next_tests_questions_time_and_extra_time(
        new_page, invite, javascript: bool) -> None:
    page: Page = new_page(viewport=PHONE, java_script_enabled=javascript)
    second = make_test(definition(section("only", "Only", single(), single("again")),
                                  slug="second", name="Second check", time_limit=1800))
    invited = invite(make_test(one_question()), second, extra_time=1.5)
    start(page, invited.link)
    if javascript:
        with background_save(page):
            choose(page, "Alpha")
    else:
        choose(page, "Alpha")  # saved by the form's post
    press_button(page, "Save and review section")
    page.get_by_role("link", name="Submit the test").click()
    press_button(page, "Yes, submit the test")
    expect_heading(page, "Test 1 of 2 is done")

    figures = page.locator(".next-test")
    expect(figures).to_contain_text("2 questions")
    expect(figures).to_contain_text("30 minutes (+50% extra time: 45 minutes)")
    if javascript:  # nothing may be evaluated in a page without JavaScript
        _no_sideways_scroll(page)
        audit = Audit()
        audit.check("break on a phone", page)
        audit.assert_clean()
    press_button(page, "Start Second check")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Question 1 of 2")


def test_the_development_mailbox_fits_a_phone_and_shows_the_whole_email(
        new_page, invite, live_server) -> None:
    invite(make_test(one_question()), make_test(one_question(slug="second", name="Second")))
    page: Page = new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/dev/mail")
    expect_heading(page, "Development mailbox")
    _no_sideways_scroll(page)

    page.get_by_role("link", name="Your test invitation from Acme Corp").click()
    expect_heading(page, "Your test invitation from Acme Corp")
    _no_sideways_scroll(page)
    frame_element = page.get_by_title("HTML version of the email")
    frame_box = frame_element.bounding_box()
    assert frame_box is not None and frame_box["width"] <= PHONE["width"]
    footer = page.frame_locator("iframe").locator(".footer")
    expect(footer).to_contain_text("Sent by Assay")
    # Measured from the page (the framed email runs no script): the frame holds the whole
    # email, its footer too, nothing cut off to either side or below.
    sizes = page.evaluate("""() => {
        const frame = document.querySelector("iframe");
        const footer = frame.contentDocument.querySelector(".footer").getBoundingClientRect();
        return {frameWidth: frame.clientWidth, frameHeight: frame.clientHeight,
                right: footer.right, bottom: footer.bottom,
                contentWidth: frame.contentDocument.documentElement.scrollWidth};
    }""")
    assert sizes["right"] <= sizes["frameWidth"], sizes
    assert sizes["bottom"] <= sizes["frameHeight"], sizes
    assert sizes["contentWidth"] <= sizes["frameWidth"], sizes
    audit = Audit()
    audit.check("development mailbox message", page)
    audit.assert_clean()
