"""Which webhook URLs a customer may register: any public host name (their own hosts),
under the callbacks' rules for everything else."""

from __future__ import annotations

from typing import Any

import pytest

from app.security.callbacks import CallbackPolicy
from app.webhooks import check_webhook_url

DEFAULTS: dict[str, Any] = {
    "ENV_NAME": "development", "CALLBACK_ALLOWED_HOSTS": ["app.greenhouse.io", "*.greenhouse.io"],
    "CALLBACK_ALLOW_HTTP": False, "CALLBACK_ALLOWED_PORTS": [], "CALLBACK_ALLOWED_NETWORKS": [],
}


def _problem(url: str, **settings: Any) -> str | None:
    return check_webhook_url(url, {**DEFAULTS, **settings})


@pytest.mark.parametrize("url", [
    "https://hooks.acme-recruiting.com/assay",
    "https://api.example.org/v2/webhooks?source=assay&token=abc",
    "https://xn--80ak6aa92e.com/hooks",  # a customer's internationalized name, in punycode
    "https://eu.hooks.greenhouse.io/x",
])
def test_it_accepts_a_customers_own_public_https_host(url: str) -> None:
    assert _problem(url) is None


def test_the_greenhouse_callback_allowlist_is_not_widened_by_it() -> None:
    policy = CallbackPolicy.from_config(DEFAULTS)

    assert policy.problem("https://hooks.acme-recruiting.com/assay") == (
        "The callback URL's host hooks.acme-recruiting.com is not allowed "
        "(allowed: app.greenhouse.io, *.greenhouse.io).")


def test_it_refuses_a_user_name_or_password() -> None:
    assert _problem("https://user:pw@hooks.acme-recruiting.com/") == (
        "The webhook URL must not contain a user name or password.")


def test_it_refuses_plain_http_by_default() -> None:
    assert _problem("http://hooks.acme-recruiting.com/") == (
        "The webhook URL must start with https://.")


def test_it_accepts_plain_http_outside_production_when_callbacks_may_use_it() -> None:
    assert _problem("http://hooks.acme-recruiting.com/", CALLBACK_ALLOW_HTTP=True) is None


def test_production_refuses_plain_http_whatever_the_callback_setting() -> None:
    problem = _problem("http://hooks.acme-recruiting.com/", ENV_NAME="production",
                       CALLBACK_ALLOW_HTTP=True)

    assert problem == "The webhook URL must start with https://."


@pytest.mark.parametrize("url", [
    "https://10.0.0.5/hooks", "https://192.168.1.1/", "https://169.254.169.254/latest",
    "https://127.0.0.1/hooks", "https://[::1]/hooks", "https://[fd00::1]/",
])
def test_it_refuses_an_ip_address_not_listed_by_the_operator(url: str) -> None:
    assert "is an IP address; use a public host name." in (_problem(url) or "")


@pytest.mark.parametrize("url", [
    "https://2130706433/", "https://0x7f.1/", "https://0177.0.0.1/", "https://127.1/",
])
def test_it_refuses_numeric_forms_of_addresses(url: str) -> None:
    assert "reads as an IP address" in (_problem(url) or "")


@pytest.mark.parametrize("host", [
    "localhost", "api.localhost", "intranet", "metadata.google.internal", "printer.local",
    "router.home.arpa", "1.0.0.127.in-addr.arpa", "hooks.test", "x.invalid", "site.onion",
])
def test_it_refuses_local_and_reserved_names(host: str) -> None:
    assert _problem(f"https://{host}/hooks") == (
        f"The webhook URL's host {host} is a local or reserved name, not one on the "
        "internet; use a public host name.")


def test_an_address_the_operator_listed_is_accepted() -> None:
    assert _problem("http://127.0.0.1:8080/hooks", CALLBACK_ALLOWED_HOSTS=["127.0.0.1"],
                    CALLBACK_ALLOW_HTTP=True, CALLBACK_ALLOWED_PORTS=["8080"]) is None
    assert _problem("https://localhost/hooks", CALLBACK_ALLOWED_HOSTS=["localhost"]) is None


def test_it_refuses_a_port_the_callbacks_may_not_use() -> None:
    assert _problem("https://hooks.acme-recruiting.com:8443/") == (
        "The webhook URL's port 8443 is not allowed (only 443 for https).")
    assert _problem("https://hooks.acme-recruiting.com:8443/",
                    CALLBACK_ALLOWED_PORTS=["8443"]) is None


@pytest.mark.parametrize("url", [
    "https://hooks.acme-recruiting.com\\@127.0.0.1/", "https://hooks.acme%2ecom/",
    "https://hooks.acme-recruiting.com./", "https://hooks.acme-recruiting.com/#frag",
    "https://hööks.com/", "HTTPS://hooks.acme-recruiting.com/", "", " https://a.com/",
])
def test_it_refuses_what_a_client_could_read_differently(url: str) -> None:
    assert _problem(url) is not None
