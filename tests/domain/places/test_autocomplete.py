"""Autocomplete: Discord's limits, the ranking rules, boosts, and speed."""

from __future__ import annotations

import time
import unicodedata

import pytest

from bot.domain.places import Gazetteer
from bot.domain.places.completion import MAX_CHOICES, truncate

NYC = 5128581
MUNICH = 2867714
PORTLAND_OR = 5746545
PORTLAND_ME = 4975802


def names(gazetteer: Gazetteer, prefix: str) -> list[str]:
    return [choice.name for choice in gazetteer.autocomplete(prefix)]


def test_choices_are_labels_with_the_geonames_id_as_value(gazetteer: Gazetteer) -> None:
    choices = gazetteer.autocomplete("Portland")
    assert 1 <= len(choices) <= MAX_CHOICES
    first = choices[0]
    assert first.name == "Portland, Oregon, US"
    assert first.value == str(PORTLAND_OR)
    assert first.place.id == PORTLAND_OR


@pytest.mark.parametrize(
    ("typed", "expected_first"),
    [
        ("NYC", "New York City, New York, US"),
        ("ny", "New York City, New York, US"),
        ("new ", "New York City, New York, US"),
        ("Lond", "London, England, GB"),
        ("mun", "Munich, Bavaria, DE"),
        ("münch", "Munich, Bavaria, DE"),  # alternate name of a big city beats small "Münch..."
        ("Munchen", "Munich, Bavaria, DE"),
        ("San Fr", "San Francisco, California, US"),
        ("st lou", "St. Louis, Missouri, US"),
        ("Кие", "Kyiv, UA"),
        ("東京", "Tokyo, JP"),
        ("minnaepolis", "Minneapolis, Minnesota, US"),  # a typo still finds it
        ("Portland, M", "Portland, Maine, US"),
        ("Springfield, Ill", "Springfield, Illinois, US"),
        ("paris tx", "Paris, Texas, US"),
    ],
)
def test_what_people_type_finds_what_they_mean(
    gazetteer: Gazetteer, typed: str, expected_first: str
) -> None:
    assert names(gazetteer, typed)[0] == expected_first


def test_exact_beats_prefix_beats_fuzzy(gazetteer: Gazetteer) -> None:
    choices = gazetteer.autocomplete("Paris")
    assert choices[0].place.name == "Paris"
    exact = [c for c in choices if c.place.name == "Paris"]
    assert choices[: len(exact)] == exact  # every exact "Paris" before "Parista", "Parisot"...


def test_alternate_names_do_not_crowd_out_main_names(gazetteer: Gazetteer) -> None:
    # Moscow's alternate name "Maskva" must not put it above Madrid, Manila, Mashhad...
    top = names(gazetteer, "ma")[:5]
    assert "Moscow, RU" not in top


def test_boosted_cities_come_first_within_their_class(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "Portland")[0] == "Portland, Oregon, US"
    boosted = gazetteer.autocomplete("Portland", boost_ids={PORTLAND_ME})
    assert boosted[0].value == str(PORTLAND_ME)
    # a small boosted town matched by prefix still ranks after an exact match
    small = gazetteer.places[-1]
    typed = small.name[:3]
    choices = gazetteer.autocomplete(typed, boost_ids=[small.id])
    assert str(small.id) in [c.value for c in choices]


def test_an_empty_prefix_offers_the_guilds_cities_then_the_biggest(gazetteer: Gazetteer) -> None:
    choices = gazetteer.autocomplete("", boost_ids=[PORTLAND_ME, MUNICH])
    assert [c.value for c in choices[:2]] == [str(MUNICH), str(PORTLAND_ME)]
    assert choices[2].place == gazetteer.places[0]
    assert len(choices) == MAX_CHOICES
    assert [c.place for c in gazetteer.autocomplete("   ")][:3] == list(gazetteer.places[:3])


def test_unknown_boost_ids_are_ignored(gazetteer: Gazetteer) -> None:
    assert gazetteer.autocomplete("Par", boost_ids=[0, -1, 10**12]) == gazetteer.autocomplete("Par")


@pytest.mark.parametrize(("limit", "count"), [(0, 0), (-3, 0), (1, 1), (5, 5), (25, 25), (99, 25)])
def test_the_limit_is_capped_at_discords_25(gazetteer: Gazetteer, limit: int, count: int) -> None:
    assert len(gazetteer.autocomplete("s", limit=limit)) == count


def test_namesakes_in_the_same_region_are_told_apart(gazetteer: Gazetteer) -> None:
    labels = names(gazetteer, "Libertad")
    assert len(labels) == len(set(labels))
    assert any("(pop. " in label for label in labels)


def test_nothing_matches_nonsense(gazetteer: Gazetteer) -> None:
    assert gazetteer.autocomplete("qxqxqxqxzzq") == []


def test_truncate_respects_discords_100_characters() -> None:
    assert truncate("Portland, Oregon, US") == "Portland, Oregon, US"
    long = "Llanfair" * 20
    cut = truncate(long)
    assert len(cut) == 100
    assert cut.endswith("…")
    accented = "e\u0301" * 80  # 160 code points before composition, 80 after
    assert truncate(accented) == "é" * 80
    stacked = "a" * 98 + "\u0301\u0301\u0301" + "b" * 10  # "á" plus two marks left over
    cut = truncate(stacked)
    assert len(cut) <= 100
    assert not unicodedata.combining(cut[-2])
    assert truncate("") == "?"
    assert truncate("   ") == "?"


def test_autocomplete_is_fast(gazetteer: Gazetteer) -> None:
    """The benchmark measures properly; this only catches an order-of-magnitude regression."""
    prefixes = ["s", "sa", "san", "san f", "Portl", "Münc", "Москв", "東", "minnaepo", "Lo"]
    gazetteer.autocomplete("warm up")
    started = time.perf_counter()
    for _ in range(20):
        for prefix in prefixes:
            gazetteer.autocomplete(prefix, boost_ids=range(1, 200))
    per_call_ms = (time.perf_counter() - started) * 1000 / (20 * len(prefixes))
    assert per_call_ms < 20


def test_truncate_counts_like_discord() -> None:
    astral = "𠀀" * 60  # each is two UTF-16 code units
    cut = truncate(astral)
    assert len(cut.encode("utf-16-le")) // 2 <= 100
    assert cut.endswith("…")
