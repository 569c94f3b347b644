"""The packed file's string tables: decoded on access, searchable like a sorted list."""

from __future__ import annotations

from bisect import bisect_left

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.places import packed
from bot.domain.places.packed import Packed

texts = st.text(alphabet=st.sampled_from("abz éü東\U0010ffff"), max_size=4)


def table(strings: list[str]) -> packed.StringTable:
    offsets, data = packed.pack_strings(strings)
    return Packed(packed.to_bytes({}, {"t.offsets": offsets, "t.data": data})).strings("t")


@given(st.lists(texts, max_size=300), texts, st.integers(0, 300), st.integers(0, 300))
def test_a_table_searches_like_bisect_on_a_sorted_list(
    strings: list[str], key: str, lo: int, hi: int
) -> None:
    strings.sort()
    found = table(strings)
    assert list(found) == strings
    lo, hi = min(lo, len(strings)), min(hi, len(strings))
    assert found.bisect_left(key) == bisect_left(strings, key)
    assert found.bisect_left(key, lo, max(lo, hi)) == bisect_left(strings, key, lo, max(lo, hi))


def test_entries_decode_one_by_one_or_as_a_range() -> None:
    strings = ["", "köln", "東京", "\U0010ffff"]
    found = table(strings)
    assert [found[i] for i in range(4)] == strings
    assert found[-1] == strings[-1]
    assert found[1:3] == strings[1:3]
    assert found.decode_range(1, 4) == strings[1:]


def test_a_long_table_is_searched_through_its_sample() -> None:
    strings = sorted(f"{i * 7 % 1000:03}" for i in range(1000)) + ["999x"] * 70
    found = table(strings)
    for key in ["", "0", "063", "064", "0645", "5", "999", "999x", "999y", "a"]:
        for lo, hi in [(0, len(strings)), (100, 640), (700, 701), (129, 128 + 64)]:
            assert found.bisect_left(key, lo, hi) == bisect_left(strings, key, lo, hi), (key, lo)
