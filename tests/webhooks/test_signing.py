"""Standard Webhooks signatures: the specification's vector, the reference library agreeing
with us both ways, and what a receiver must refuse."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from app.webhooks import (
    WebhookSignatureError,
    new_webhook_secret,
    sign,
    signature_headers,
    verify,
)
from app.webhooks.signing import secret_bytes

# The published example (the reference libraries' test vector).
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = '{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

BODY = '{"type":"invitation.completed","timestamp":"2026-03-02T09:00:00.000Z","data":{"id":7}}'


def _fresh_headers(secret: str, body: str = BODY, age: timedelta = timedelta()) -> dict[str, str]:
    return signature_headers(secret, "msg_abc", int(time.time() - age.total_seconds()), body)


def test_it_signs_the_specifications_example_as_published() -> None:
    assert sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == SPEC_SIGNATURE


def test_it_verifies_the_specifications_example() -> None:
    headers = {"webhook-id": SPEC_ID, "webhook-timestamp": str(SPEC_TIMESTAMP),
               "webhook-signature": SPEC_SIGNATURE}

    verify(SPEC_SECRET, SPEC_BODY, headers,
           now=datetime.fromtimestamp(SPEC_TIMESTAMP, UTC) + timedelta(seconds=30))


def test_the_reference_library_verifies_what_we_sign(webhook_secret: str) -> None:
    payload = Webhook(webhook_secret).verify(BODY, _fresh_headers(webhook_secret))

    assert payload["data"] == {"id": 7}


def test_we_verify_what_the_reference_library_signs(webhook_secret: str) -> None:
    now = datetime.now(UTC)
    signature = Webhook(webhook_secret).sign("msg_abc", now, BODY)
    headers = {"Webhook-Id": "msg_abc", "Webhook-Timestamp": str(int(now.timestamp())),
               "Webhook-Signature": signature}

    verify(webhook_secret, BODY.encode(), headers)


def test_a_tampered_body_is_refused_by_the_library_and_by_us(webhook_secret: str) -> None:
    headers = _fresh_headers(webhook_secret)
    tampered = BODY.replace('"id":7', '"id":8')

    with pytest.raises(WebhookVerificationError):
        Webhook(webhook_secret).verify(tampered, headers)
    with pytest.raises(WebhookSignatureError, match="no matching v1 signature"):
        verify(webhook_secret, tampered, headers)


def test_a_timestamp_older_than_five_minutes_is_refused(webhook_secret: str) -> None:
    headers = _fresh_headers(webhook_secret, age=timedelta(minutes=5, seconds=5))

    with pytest.raises(WebhookVerificationError):
        Webhook(webhook_secret).verify(BODY, headers)
    with pytest.raises(WebhookSignatureError, match="too old"):
        verify(webhook_secret, BODY, headers)


def test_a_replayed_signature_with_a_new_timestamp_is_refused(webhook_secret: str) -> None:
    headers = _fresh_headers(webhook_secret, age=timedelta(minutes=10))
    headers["webhook-timestamp"] = str(int(time.time()))

    with pytest.raises(WebhookSignatureError, match="no matching"):
        verify(webhook_secret, BODY, headers)


def test_another_secret_does_not_verify(webhook_secret: str) -> None:
    with pytest.raises(WebhookSignatureError):
        verify(new_webhook_secret(), BODY, _fresh_headers(webhook_secret))


def test_any_matching_signature_in_the_list_is_enough(webhook_secret: str) -> None:
    headers = _fresh_headers(webhook_secret)
    headers["webhook-signature"] = ("v1a,bm90IGVkMjU1MTk= garbage v1,AAAA "
                                    + headers["webhook-signature"])

    verify(webhook_secret, BODY, headers)


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_a_missing_header_is_refused(webhook_secret: str, missing: str) -> None:
    headers = _fresh_headers(webhook_secret)
    del headers[missing]

    with pytest.raises(WebhookSignatureError, match="missing"):
        verify(webhook_secret, BODY, headers)


@pytest.mark.parametrize("stamp", ["soon", "1.5e9", "-1", "１２３", "9" * 40])
def test_a_timestamp_that_is_not_unix_seconds_is_refused(webhook_secret: str,
                                                         stamp: str) -> None:
    headers = _fresh_headers(webhook_secret) | {"webhook-timestamp": stamp}

    with pytest.raises(WebhookSignatureError, match="Unix time"):
        verify(webhook_secret, BODY, headers)


def test_a_new_secret_is_whsec_and_36_random_bytes_without_padding() -> None:
    first, second = new_webhook_secret(), new_webhook_secret()

    assert first.startswith("whsec_") and "=" not in first
    assert len(secret_bytes(first)) == 36
    assert first != second


@pytest.mark.parametrize("secret", [
    "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",  # no prefix
    "whsec_",  # empty
    "whsec_c2hvcnQ=",  # 5 bytes
    "whsec_MfKQ9r8GKYqrTwjU!D8ILPZIo2LaLaSw",  # not base64 (the library would skip the !)
    "whsec_" + base64.b64encode(bytes(65)).decode(),  # over 64 bytes
])
def test_a_malformed_secret_is_refused(secret: str) -> None:
    with pytest.raises(ValueError, match="webhook secret"):
        sign(secret, "msg_1", SPEC_TIMESTAMP, BODY)
