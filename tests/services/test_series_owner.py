"""With shards over several processes, each creates the dates of its own guilds' recurring
tweetups (it is the one that can announce them in the guild's channel)."""

from __future__ import annotations

from datetime import timedelta

from bot.db.database import Database
from bot.services import series
from tests.services.test_tweetups import ADMIN, DEFAULTS, NOW, draft

MINE, THEIRS = 6 << 22, 7 << 22  # shards 0 and 1 of 2


async def test_materialize_only_the_series_of_owned_guilds(database: Database) -> None:
    async with database.session() as session:
        for guild_id in (MINE, THEIRS):
            await series.create_series(
                session=session,
                guild_id=guild_id,
                actor=ADMIN,
                rule="every Saturday at 18:00",
                draft=draft(),
                defaults=DEFAULTS,
                now=NOW,
            )
    later = NOW + timedelta(days=14)
    async with database.session() as session:
        mine = await series.materialize_all(
            session=session, defaults=DEFAULTS, now=later, owned=lambda guild: guild == MINE
        )
    assert mine
    assert {card.tweetup.guild_id for card in mine} == {MINE}
    async with database.session() as session:  # the other process's round
        theirs = await series.materialize_all(
            session=session, defaults=DEFAULTS, now=later, owned=lambda guild: guild == THEIRS
        )
    assert {card.tweetup.guild_id for card in theirs} == {THEIRS}
    assert len(theirs) == len(mine)
