"""Big hot statements sent as SQL compiled once, skipping SQLAlchemy's per-run lookup.

SQLAlchemy finds a statement's compiled form in its cache by the statement's cache key, a
nested tuple as large as the statement: hashed and compared on every run. For the matching
statements on PostgreSQL (hundreds of clauses, CTEs, LATERAL reads) that lookup and the ORM
execution around it cost about 0.9 ms of CPU a query, as much as PostgreSQL spends running
some of them (measured at 1M members: 1.7 → 0.8 ms of client CPU, 4.1 → 2.8 ms wall).

``fetch_all`` compiles a statement once per dialect and sends the SQL string with its
parameters in order. Only on PostgreSQL (asyncpg), where SQLAlchemy converts none of the
values these statements bind or return (numbers, dates and text are asyncpg's own types);
anywhere else it runs the statement through SQLAlchemy Core (not the ORM's execute, whose
per-row loading costs a fifth at a few hundred rows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Dialect, Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.util.typing import TupleAny

#: Compiled forms by (statement, dialect); the statement is kept so its id is not reused.
_compiled: dict[tuple[int, str], tuple[ClauseElement, SQLCompiler]] = {}


def _compile(statement: ClauseElement, dialect: Dialect) -> SQLCompiler:
    key = (id(statement), dialect.name)
    found = _compiled.get(key)
    if found is None or found[0] is not statement:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        found = (statement, compiled)
        _compiled[key] = found
    return found[1]


async def fetch_all(
    session: AsyncSession, statement: Executable, values: Mapping[str, Any]
) -> Sequence[Row[*TupleAny]]:
    """Every row of ``statement`` run with ``values``. ``statement`` must be built once and
    kept (a cached builder's result): it is compiled on its first run only."""
    connection = await session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql" or dialect.driver != "asyncpg":
        return (await connection.execute(statement, values)).all()
    assert isinstance(statement, ClauseElement)
    compiled = _compile(statement, dialect)
    bound = compiled.construct_params(dict(values))
    assert compiled.positiontup is not None  # asyncpg's style is positional ($1, $2, …)
    ordered = tuple(bound[name] for name in compiled.positiontup)
    return (await connection.exec_driver_sql(compiled.string, ordered)).all()
