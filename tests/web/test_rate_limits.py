"""Failed lookups of secrets (candidate links, results links, Greenhouse keys) are limited
per client address: 429 with Retry-After once an address has failed too often."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from app.models import utcnow
from tests.conftest import make_app
from tests.fixtures.definitions import NOW
from tests.fixtures.servers import free_port
from tests.greenhouse.conftest import basic

LIMIT = 3
ATTACKER = {"REMOTE_ADDR": "198.51.100.7"}
NEIGHBOUR = {"REMOTE_ADDR": "203.0.113.20"}
WRONG_LINK = "/t/" + "w" * 43


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RATELIMIT_FAILED_LOOKUPS": f"{LIMIT} per minute"}


def _guess(client, path: str = WRONG_LINK, **kwargs: Any):  # type: ignore[no-untyped-def]
    return client.get(path, environ_overrides=kwargs.pop("env", ATTACKER), **kwargs)


def test_wrong_links_from_one_address_are_limited_with_retry_after(client, organization) -> None:
    assert [_guess(client).status_code for _ in range(LIMIT)] == [404] * LIMIT
    limited = _guess(client)
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 61
    assert "Too many failed attempts" in limited.text
    assert limited.mimetype == "text/html"


def test_past_the_limit_even_a_real_link_waits(client, invited_candidate) -> None:
    # Else the limit would not slow guessing at all: a right guess would still succeed.
    _, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        for _ in range(LIMIT):
            _guess(client)
        assert _guess(client, link).status_code == 429


def test_the_limit_page_speaks_the_visitors_language(client, organization) -> None:
    for _ in range(LIMIT):
        _guess(client)
    limited = _guess(client, headers={"Accept-Language": "uk"})
    assert limited.status_code == 429
    assert "Too many failed attempts" not in limited.text


def test_links_that_work_do_not_count(client, invited_candidate) -> None:
    _, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        assert {_guess(client, link).status_code for _ in range(LIMIT * 3)} == {200}
        assert _guess(client).status_code == 404


def test_another_address_is_not_held_back(client, invited_candidate) -> None:
    _, link = invited_candidate
    with time_machine.travel(NOW, tick=False):
        for _ in range(LIMIT + 1):
            _guess(client)
        assert _guess(client, link, env=NEIGHBOUR).status_code == 200


def test_the_address_may_try_again_once_the_window_has_passed(client, organization) -> None:
    with time_machine.travel(utcnow(), tick=False) as traveller:
        for _ in range(LIMIT + 1):
            _guess(client)
        assert _guess(client).status_code == 429
        traveller.shift(timedelta(seconds=61))
        assert _guess(client).status_code == 404


def test_wrong_results_signatures_are_limited(client, organization) -> None:
    path = "/results/iv_0000?sig=" + "0" * 32
    assert [_guess(client, path).status_code for _ in range(LIMIT)] == [404] * LIMIT
    assert _guess(client, path).status_code == 429


def test_wrong_greenhouse_keys_are_limited_in_json(client, greenhouse_key) -> None:
    bad = basic("asy_gh_abcdefghijkl_" + "x" * 43)
    path = "/api/greenhouse/list_tests"
    statuses = [client.get(path, headers=bad, environ_overrides=ATTACKER).status_code
                for _ in range(LIMIT)]
    assert statuses == [401] * LIMIT
    limited = client.get(path, headers=bad, environ_overrides=ATTACKER)
    assert limited.status_code == 429
    assert limited.is_json
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.headers["Cache-Control"] == "no-store"
    good = client.get(path, headers=basic(greenhouse_key.value), environ_overrides=NEIGHBOUR)
    assert good.status_code == 200


def test_greenhouse_polls_that_authenticate_do_not_count(client, greenhouse_key) -> None:
    path = "/api/greenhouse/list_tests"
    for _ in range(LIMIT * 3):
        assert client.get(path, headers=basic(greenhouse_key.value),
                          environ_overrides=ATTACKER).status_code == 200


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A throwaway Redis server of our own, as several web hosts would share."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_web_processes_sharing_redis_share_the_count(database_url, redis_url) -> None:
    settings = {"RATELIMIT_FAILED_LOOKUPS": f"{LIMIT} per minute",
                "RATELIMIT_STORAGE_URI": redis_url}
    first, second = make_app(database_url, **settings), make_app(database_url, **settings)
    for _ in range(LIMIT):
        assert _guess(first.test_client()).status_code == 404
    assert _guess(second.test_client()).status_code == 429
