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

from typing import Any, cast

from sqlalchemy import Insert, Table, insert, inspect
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
    loaded = state.dict
    values: dict[str, Any] = {}
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if prop.key in loaded:
            values[column.key] = loaded[prop.key]
            continue
        if column.primary_key:
            continue
        default = column.default
        if default is not None and default.is_scalar:
            values[column.key] = loaded[prop.key] = default.arg
        elif default is not None and default.is_callable:
            values[column.key] = loaded[prop.key] = default.arg(None)
        else:
            loaded[prop.key] = None  # NULL: left out of the INSERT, as a flush would
    (primary_key,) = mapper.primary_key
    row_id = session.connection().execute(_insert_statement(mapper), values).scalar_one()
    loaded[mapper.get_property_by_column(primary_key).key] = row_id
    make_transient_to_detached(instance)
    session.add(instance)


def attach(instance: Base, **related: Any) -> None:
    """Give ``instance``'s relationships these values as if loaded from the database."""
    for key, value in related.items():
        set_committed_value(instance, key, value)


_STATEMENTS: dict[Mapper[Any], Insert] = {}


def _insert_statement(mapper: Mapper[Any]) -> Insert:
    """INSERT ... RETURNING the id, built once per model: the values go as parameters
    (a statement built with .values() cost more to construct and to cache than to run)."""
    statement = _STATEMENTS.get(mapper)
    if statement is None:
        table = cast(Table, mapper.local_table)  # one table per model here
        (primary_key,) = mapper.primary_key
        statement = _STATEMENTS[mapper] = insert(table).returning(primary_key)
    return statement
