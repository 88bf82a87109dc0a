"""What app.services.integrity stores, as models every reader uses: the summary on
``Attempt.integrity`` and the ``data`` of each ``AttemptEvent`` kind.

The writer builds these models and stores their dumps; the results page and test_status
read them back through :meth:`IntegrityRecord.read` and :func:`event_data`, which refuse
a stored value that does not fit (a test fails) instead of guessing a default.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FocusLost(_Record):
    count: int = 0
    total_ms: int = 0  # away from the test's tab or window, in all


class Characters(_Record):
    count: int = 0
    chars: int = 0  # pasted or copied, in all


class ConnectionGaps(_Record):
    count: int = 0
    total_seconds: int = 0
    credited_seconds: int = 0  # given back, by the organization's policy


class Seen(_Record):
    """The last values observed, to notice a change."""

    ip: str | None = None
    user_agent: str | None = None
    device: str | None = None


class IntegrityRecord(_Record):
    """``Attempt.integrity``: counters of every signal, kept even for events not stored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    focus_lost: FocusLost = Field(default_factory=FocusLost)
    paste: Characters = Field(default_factory=Characters)
    copied: Characters = Field(default_factory=Characters, alias="copy")
    ip_changes: int = 0
    user_agent_changes: int = 0
    device_switches: int = 0
    connection_gaps: ConnectionGaps = Field(default_factory=ConnectionGaps)
    events_stored: int = 0
    events_dropped: int = 0  # counted here, not stored (bounds reached)
    events_rejected: int = 0  # malformed client events
    seen: Seen = Field(default_factory=Seen)

    @classmethod
    def read(cls, stored: object) -> IntegrityRecord:
        """The stored summary (a fresh one before the first signal). Raises
        pydantic.ValidationError when the stored value does not fit."""
        return cls() if stored is None else cls.model_validate(stored)

    def stored(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)

    def characters(self, kind: Literal["paste", "copy"]) -> Characters:
        return self.paste if kind == "paste" else self.copied


# --- event data, per kind ----------------------------------------------------------------

class FocusLostData(_Record):
    duration_ms: int
    question_id: str | None = None


class CharactersData(_Record):
    chars: int
    question_id: str | None = None


class ChangeData(_Record):
    from_: str | None = None
    to: str | None = None
    model_config = ConfigDict(extra="forbid", populate_by_name=True,
                              alias_generator=lambda name: name.rstrip("_"))


class DeviceData(_Record):
    user_agent: str | None = None
    ip: str | None = None


class GapData(_Record):
    seconds: int
    client_offline_seconds: int
    credited_seconds: int
    policy: Literal["credit", "record_only"]


class CreditData(_Record):
    seconds: int
    total_credited: int


EventKind = Literal["focus_lost", "paste", "copy", "ip_changed", "user_agent_changed",
                    "device_switched", "connection_gap", "time_credited"]
EVENT_DATA: dict[str, type[_Record]] = {
    "focus_lost": FocusLostData, "paste": CharactersData, "copy": CharactersData,
    "ip_changed": ChangeData, "user_agent_changed": ChangeData, "device_switched": DeviceData,
    "connection_gap": GapData, "time_credited": CreditData,
}
EVENT_KINDS: tuple[str, ...] = tuple(EVENT_DATA)
_KIND = TypeAdapter(EventKind)


def event_data(kind: str, stored: object) -> _Record:
    """The ``data`` of an event of ``kind``, as the writer shaped it. Raises
    pydantic.ValidationError for an unknown kind or data that does not fit."""
    return EVENT_DATA[_KIND.validate_python(kind)].model_validate(stored or {})


EventData = FocusLostData | CharactersData | ChangeData | DeviceData | GapData | CreditData


def stored_event_data(data: EventData) -> dict[str, Any]:
    return data.model_dump(by_alias=True, exclude_none=True)
