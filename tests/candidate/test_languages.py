"""The candidate pages speak the invitation's language (else the test's), in English,
Ukrainian and Russian, and the candidate can switch with ?lang=."""

from __future__ import annotations

import time_machine

from tests.candidate.conftest import NOW, Taking, attempt_of, definition, invite, question_url
from tests.fixtures.factories import make_test


def test_the_invitations_language_is_used(client, organization, basics_test) -> None:
    _, link = invite(organization, [basics_test], language="uk")
    with time_machine.travel(NOW, tick=False):
        page = client.get(link).text
    assert '<html lang="uk">' in page
    assert "Що фіксується під час тесту" in page
    assert "30 хвилин" in page


def test_else_the_tests_language_is_used(client, organization) -> None:
    test = make_test(definition(slug="ru-test", language="ru"))
    _, link = invite(organization, [test])
    with time_machine.travel(NOW, tick=False):
        page = client.get(link).text
    assert '<html lang="ru">' in page
    assert "Что фиксируется во время теста" in page


def test_the_question_page_is_translated(client, organization, basics_test) -> None:
    invitation, link = invite(organization, [basics_test], language="ru")
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        page = client.get(question_url(attempt_of(invitation), 0, 0)).text
    assert "Вопрос 1 из 3" in page
    assert "Сохранить и далее" in page
    assert "Осталось времени" in page
    assert 'data-msg-saved="Сохранено"' in page


def test_the_candidate_can_switch_language(client, organization, basics_test) -> None:
    invitation, link = invite(organization, [basics_test], language="ru")
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        url = question_url(attempt_of(invitation), 0, 2)
        page = client.get(url + "?lang=uk").text
        assert "Питання 3 з 3" in page
        assert "Правда" in page  # true/false options are translated too
        assert "Question 3 of 3" in client.get(url + "?lang=en").text


def test_api_messages_are_translated(client, organization, basics_test) -> None:
    invitation, link = invite(organization, [basics_test], language="uk")
    taking = Taking(client, link)
    with time_machine.travel(NOW, tick=False):
        taking.start()
        response = taking.api(attempt_of(invitation), "answer", {"question_id": "q1",
                                                                 "answer": "zzz"})
    assert response.json["message"] == "Виберіть один із наведених варіантів."
