"""What Greenhouse requires of each answer, as pure functions over recorded replies.

Each function takes what came back (a :class:`Reply`) and returns :class:`Check` lines,
one per requirement, so the simulator only fetches and these decide. The rules are the
Assessment Partner API's (docs/greenhouse.md in /work/shared, and ours in docs/).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

PASS, FAIL, SKIP = "pass", "fail", "skip"
STATUS_KEYS = {"partner_status", "partner_profile_url", "partner_score", "metadata"}
_NO_JSON = object()


@dataclass(frozen=True)
class Reply:
    """One HTTP answer: status, headers (names lowercased), raw body."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def of(cls, status: int, headers: Mapping[str, str], body: bytes) -> Reply:
        return cls(status, {k.lower(): v for k, v in headers.items()}, body)

    @property
    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return _NO_JSON

    @property
    def is_json_type(self) -> bool:
        return self.headers.get("content-type", "").split(";")[0].strip() == "application/json"


@dataclass(frozen=True)
class Check:
    name: str
    outcome: str  # PASS, FAIL or SKIP
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome == FAIL


def ok(name: str, detail: str = "") -> Check:
    return Check(name, PASS, detail)


def fail(name: str, detail: str) -> Check:
    return Check(name, FAIL, detail)


def skip(name: str, detail: str) -> Check:
    return Check(name, SKIP, detail)


def expect(name: str, condition: bool, detail: str, passed: str = "") -> Check:
    return ok(name, passed) if condition else fail(name, detail)


def _json_body(call: str, reply: Reply, status: int) -> tuple[list[Check], Any]:
    checks = [expect(f"{call}: HTTP {status}", reply.status == status,
                     f"got HTTP {reply.status}: {_excerpt(reply)}")]
    body = reply.json
    checks.append(expect(f"{call}: JSON body", body is not _NO_JSON and reply.is_json_type,
                         f"Content-Type {reply.headers.get('content-type', 'missing')!r}, "
                         f"body {_excerpt(reply)}"))
    return checks, (None if body is _NO_JSON else body)


def _excerpt(reply: Reply) -> str:
    text = reply.body.decode("utf-8", "replace")
    return repr(text if len(text) <= 160 else text[:160] + "…")


def unauthorized(call: str, reply: Reply) -> list[Check]:
    """A call with a wrong or missing key: 401, a Basic challenge, a JSON body."""
    checks, _ = _json_body(call, reply, 401)
    challenge = reply.headers.get("www-authenticate", "")
    checks.append(expect(f"{call}: WWW-Authenticate Basic challenge",
                         challenge.lower().startswith("basic"),
                         f"WWW-Authenticate is {challenge!r}"))
    return checks


def not_found(call: str, reply: Reply) -> list[Check]:
    checks, _ = _json_body(call, reply, 404)
    return checks


def bad_request(call: str, reply: Reply) -> list[Check]:
    checks, body = _json_body(call, reply, 400)
    if isinstance(body, dict):
        problems = body.get("problems")
        checks.append(expect(f"{call}: problems listed",
                             isinstance(problems, list) and bool(problems),
                             f"no 'problems' list in {_excerpt(reply)}"))
    return checks


def list_tests(reply: Reply) -> tuple[list[Check], list[dict[str, str]]]:
    """200 and a JSON array of {partner_test_id, partner_test_name}, both strings."""
    checks, body = _json_body("list_tests", reply, 200)
    if not isinstance(body, list):
        checks.append(fail("list_tests: a JSON array", f"got {type(body).__name__}"))
        return checks, []
    checks.append(ok("list_tests: a JSON array", f"{len(body)} test(s)"))
    problems = []
    for index, item in enumerate(body):
        if not isinstance(item, dict):
            problems.append(f"item {index} is not an object")
            continue
        for key in ("partner_test_id", "partner_test_name"):
            if not isinstance(item.get(key), str) or not item.get(key):
                problems.append(f"item {index}: {key} is {item.get(key)!r}, not a non-empty string")
    checks.append(expect("list_tests: partner_test_id and partner_test_name are strings",
                         not problems, "; ".join(problems[:5])))
    checks.append(expect("list_tests: at least one test", bool(body),
                         "the list is empty: load a bank ('assay banks load') first"))
    return checks, [item for item in body if isinstance(item, dict)]


def send_test(reply: Reply) -> tuple[list[Check], str | None]:
    """200 and exactly {"partner_interview_id": "<non-empty string>"}."""
    checks, body = _json_body("send_test", reply, 200)
    interview = body.get("partner_interview_id") if isinstance(body, dict) else None
    checks.append(expect("send_test: partner_interview_id is a string",
                         isinstance(interview, str) and bool(interview),
                         f"got {interview!r} in {_excerpt(reply)}", passed=str(interview)))
    checks.append(expect("send_test: a single key",
                         isinstance(body, dict) and set(body) == {"partner_interview_id"},
                         f"keys {sorted(body) if isinstance(body, dict) else body!r}"))
    return checks, interview if isinstance(interview, str) and interview else None


def idempotent(first: str | None, reply: Reply) -> list[Check]:
    """The same send_test (same url) again answers the same partner_interview_id."""
    body = reply.json
    again = body.get("partner_interview_id") if isinstance(body, dict) else None
    return [expect("send_test again with the same url: same partner_interview_id",
                   reply.status == 200 and again == first and first is not None,
                   f"HTTP {reply.status}, first {first!r}, then {again!r}")]


def test_status(reply: Reply, *,
                expect_status: str | None = None) -> tuple[list[Check], dict[str, Any]]:
    """The spec's shape: partner_status (string, required), partner_profile_url (string,
    required when complete), partner_score (number), metadata (a flat object of
    JavaScript primitives); nothing else."""
    checks, body = _json_body("test_status", reply, 200)
    if not isinstance(body, dict):
        checks.append(fail("test_status: a JSON object", f"got {_excerpt(reply)}"))
        return checks, {}
    status = body.get("partner_status")
    label = f"test_status ({status})"
    checks.append(expect(f"{label}: partner_status is a string",
                         isinstance(status, str) and bool(status), f"partner_status is {status!r}"))
    if expect_status is not None:
        checks.append(expect(f"{label}: partner_status is {expect_status!r}",
                             status == expect_status,
                             f"expected {expect_status!r}, got {status!r}"))
    extra = set(body) - STATUS_KEYS
    checks.append(expect(f"{label}: only the four documented keys", not extra,
                         f"unexpected keys {sorted(extra)}"))
    url = body.get("partner_profile_url")
    if status == "complete" or url is not None:
        parts = urlsplit(url) if isinstance(url, str) else None
        checks.append(expect(f"{label}: partner_profile_url is an absolute http(s) URL",
                             parts is not None and parts.scheme in ("http", "https")
                             and bool(parts.netloc),
                             f"partner_profile_url is {url!r}"))
    if "partner_score" in body:
        score = body["partner_score"]
        number = isinstance(score, int | float) and not isinstance(score, bool)
        checks.append(expect(f"{label}: partner_score is a number from 0 to 100",
                             number and 0 <= score <= 100, f"partner_score is {score!r}",
                             passed=str(score)))
    elif status == "complete":
        checks.append(skip(f"{label}: partner_score", "not given (optional in the spec)"))
    if "metadata" in body:
        checks.append(flat_metadata(label, body["metadata"]))
    return checks, body


def flat_metadata(label: str, metadata: Any) -> Check:
    """A non-nested object whose values are all JavaScript primitives."""
    if not isinstance(metadata, dict):
        return fail(f"{label}: metadata is a flat object of primitives",
                    f"metadata is a {type(metadata).__name__}")
    nested = [key for key, value in metadata.items()
              if not (value is None or isinstance(value, str | int | float | bool))]
    return expect(f"{label}: metadata is a flat object of primitives", not nested,
                  f"not primitive: {', '.join(map(repr, nested[:5]))}",
                  passed=f"{len(metadata)} keys")


def response_error(reply: Reply) -> list[Check]:
    checks, body = _json_body("response_error", reply, 200)
    checks.append(expect("response_error: {\"status\": 200}", body == {"status": 200},
                         f"got {_excerpt(reply)}"))
    return checks


def profile_reachable(url: str, status: int | None, error: str | None = None) -> Check:
    return expect("partner_profile_url answers HTTP 200", status == 200,
                  error or f"GET {url} answered HTTP {status}")


@dataclass(frozen=True)
class ReceivedPatch:
    method: str
    path: str
    authorization: str | None
    body: bytes
    status_seen: Reply | None  # test_status, called while the PATCH was being answered


def patch(received: ReceivedPatch | None, key: str, expected_path: str) -> list[Check]:
    """Greenhouse's PATCH: to the url it gave, no body, the key as Basic user, and the
    result already committed (test_status called during the PATCH says complete)."""
    if received is None:
        return [fail("PATCH received", "no PATCH arrived at the callback url in time "
                     "(is the target's outbox worker running? 'assay worker')")]
    expected_auth = "Basic " + base64.b64encode(f"{key}:".encode()).decode()
    checks = [
        ok("PATCH received", received.path),
        expect("PATCH: to the url from send_test", received.path == expected_path,
               f"got {received.path!r}, expected {expected_path!r}"),
        expect("PATCH: no body", received.body == b"", f"body {received.body[:80]!r}"),
        expect("PATCH: the organization's key as Basic user, empty password",
               received.authorization == expected_auth,
               "Authorization is "
               + ("missing" if received.authorization is None else "another value")),
    ]
    seen = received.status_seen
    body = seen.json if seen is not None else None
    status = body.get("partner_status") if isinstance(body, dict) else None
    checks.append(expect("PATCH: sent after the result was committed "
                         "(test_status during the PATCH says complete)",
                         status == "complete", f"test_status during the PATCH said {status!r}"))
    return checks
