"""Guild → shard ownership, and shard id lists as operators write them."""

from __future__ import annotations

import pytest

from bot.domain.shards import owns, parse_shard_ids, shard_of


def test_shard_of_is_discords_formula() -> None:
    guild_id = 1_193_001_234_567_890_123
    assert shard_of(guild_id, 6) == (guild_id >> 22) % 6
    assert {shard_of(k << 22, 6) for k in range(12)} == set(range(6))


def test_a_process_owns_the_guilds_of_its_shards_only() -> None:
    owned = [k for k in range(6) if owns(k << 22, 6, [2, 3])]
    assert owned == [2, 3]


@pytest.mark.parametrize(("count", "ids"), [(None, None), (4, None), (1, [0])])
def test_without_a_shard_list_every_guild_is_owned(
    count: int | None, ids: list[int] | None
) -> None:
    assert all(owns(k << 22, count, ids) for k in range(8))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0-3", (0, 1, 2, 3)), (" 5 ", (5,)), ("3,1,1", (1, 3)), ("[0, 2-3]", (0, 2, 3))],
)
def test_parse_shard_ids(text: str, expected: tuple[int, ...]) -> None:
    assert parse_shard_ids(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "expected shard ids"), ("a", "not a shard id"), ("2-1", "ends before"),
     ("-1", "not a shard id"), ("1-", "not a shard id")],
)  # fmt: skip
def test_parse_shard_ids_refuses_what_is_not_a_range(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_shard_ids(text)
