"""The per-row check "this member hid themselves in the guild", read from the partial index
of hidden members (``ix_member_settings_hidden``: about 1 % of the settings rows, and no
table row to read for the flag).

Matching checks it home by home for the few hundred homes a statement reads, instead of
building the guild's list of hidden members (10,000 at a million members) each time (a
trip carries its own flag, ``trips.hidden``, kept by triggers).
PostgreSQL picks the partial index for the probe itself. SQLite prefers the primary key,
unique on the same two columns, and then reads each settings row for its flag: 1.49 against
0.66 µs a row at a million members. SQLAlchemy's SQLite compiler renders no table hints, so
this element adds SQLite's ``INDEXED BY`` when it compiles for SQLite.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Exists, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from models import Home, MemberSettings

INDEX = "ix_member_settings_hidden"
_FROM = f"FROM {MemberSettings.__tablename__}"


class HiddenMember(ColumnElement[bool]):
    """``EXISTS`` a hidden-member settings row for the row's guild and user."""

    inherit_cache = True
    type = Boolean()
    _traverse_internals = [("probe", InternalTraversal.dp_clauseelement)]  # noqa: RUF012

    def __init__(self, probe: Exists) -> None:
        self.probe = probe


def hidden_member(row: type[Home]) -> ColumnElement[bool]:
    """The row's member hid themselves in the row's guild (negate it for "shown")."""
    probe = (
        select(literal_column("1"))
        .where(
            MemberSettings.guild_id == row.guild_id,
            MemberSettings.user_id == row.user_id,
            ~MemberSettings.discoverable,
        )
        .exists()
    )
    return HiddenMember(probe)


@compiles(HiddenMember)
def _any_database(element: HiddenMember, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.probe, **kw)


@compiles(HiddenMember, "sqlite")
def _sqlite(element: HiddenMember, compiler: SQLCompiler, **kw: Any) -> str:
    sql = compiler.process(element.probe, **kw)
    if _FROM not in sql:  # pragma: no cover - SQLAlchemy renders FROM this way
        raise AssertionError(f"no {_FROM!r} in the hidden-member probe: {sql}")
    return sql.replace(_FROM, f"{_FROM} INDEXED BY {INDEX}", 1)
