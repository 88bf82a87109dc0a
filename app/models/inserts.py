"""Insert a new row at once with one Core statement and keep its object as if loaded.

For hot paths (the public API's invitations) where the unit of work costs more than the
statements themselves: a flush of an invitation, its attempt and its email spent about
2 ms of Python sorting dependencies and collecting history for three INSERTs
(docs/performance.md). The object stays an ordinary persistent ORM object in the
session: later changes to it are flushed as usual.

What the unit of work would have done is the caller's to do: no ``before_flush`` listener
sees these rows (an invitation's status and updated_at are set before, see
app.models.changes), foreign keys are set as ids, and relationships are attached with
:func:`attach` (loaded values: no backref fires, nothing becomes pending).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnDefault, Insert, Table, insert, inspect
from sqlalchemy.orm import Mapper, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from app.database import DbSession
from app.models.base import Base


def insert_now(session: DbSession, instance: Base) -> None:
    """INSERT ``instance`` (new, never added to a session) in the session's transaction,
    give it its id, and add it to ``session`` as persistent with nothing to flush.

    Columns not set get their Python default, or NULL (left out of the INSERT, as a flush
    leaves them); every column attribute ends up loaded, so reading one never queries.
    """
    state = inspect(instance)
    if state.key is not None or state.session_id is not None:
        raise ValueError(f"{instance!r} is not new")
    mapper = state.mapper
    plan = _plan(mapper)
    loaded = state.dict
    values: dict[str, Any] = {}
    for key, column_key, default in plan.columns:
        if key in loaded:
            values[column_key] = loaded[key]
        elif default is None:
            loaded[key] = None  # NULL: left out of the INSERT, as a flush would
        elif default.is_callable:
            values[column_key] = loaded[key] = default.arg(None)
        else:
            values[column_key] = loaded[key] = default.arg
    row_id = session.connection().execute(plan.statement, values).scalar_one()
    loaded[plan.id_key] = row_id
    make_transient_to_detached(instance)
    session.add(instance)


def attach(instance: Base, **related: Any) -> None:
    """Give ``instance``'s relationships these values as if loaded from the database."""
    for key, value in related.items():
        set_committed_value(instance, key, value)



@dataclass(frozen=True)
class _Plan:
    """How one model is inserted, worked out once: INSERT ... RETURNING its id (the values
    go as parameters: a statement built with .values() cost more to construct and to
    cache-key than to run), and each column's attribute, name and Python default."""

    statement: Insert
    id_key: str
    columns: tuple[tuple[str, str, ColumnDefault | None], ...]


_PLANS: dict[Mapper[Any], _Plan] = {}


def _plan(mapper: Mapper[Any]) -> _Plan:
    plan = _PLANS.get(mapper)
    if plan is None:
        table = cast(Table, mapper.local_table)  # one table per model here
        (primary_key,) = mapper.primary_key
        columns = []
        for prop in mapper.column_attrs:
            column = prop.columns[0]
            if column.primary_key:
                continue
            default = column.default
            usable = default if isinstance(default, ColumnDefault) and (
                default.is_scalar or default.is_callable) else None
            columns.append((prop.key, column.key, usable))
        plan = _PLANS[mapper] = _Plan(insert(table).returning(primary_key),
                                      mapper.get_property_by_column(primary_key).key,
                                      tuple(columns))
    return plan
