"""The shipped data and curated tables stay consistent with the gazetteer."""

from __future__ import annotations

import threading
import time

import pytest

from bot.domain.places import Gazetteer, get_gazetteer
from bot.domain.places.aliases import CITY_ALIASES, WELL_KNOWN_REGIONS
from bot.domain.places.gazetteer import set_gazetteer
from bot.domain.places.source import read_admin1_names, read_capitals


def test_admin1_names_cover_the_big_countries() -> None:
    names = read_admin1_names()
    assert len(names) > 3000
    assert names[("US", "OR")] == "Oregon"
    assert names[("DE", "02")] == "Bavaria"
    assert names[("GB", "ENG")] == "England"
    assert names[("CA", "08")] == "Ontario"
    assert names[("AU", "02")] == "New South Wales"
    assert names[("FR", "11")] == "Île-de-France"
    assert names[("IN", "16")] == "Maharashtra"


def test_almost_every_city_has_a_region_name(gazetteer: Gazetteer) -> None:
    without = sum(not place.region for place in gazetteer.places)
    assert without / len(gazetteer) < 0.01


def test_every_curated_id_is_in_the_gazetteer(gazetteer: Gazetteer) -> None:
    missing = {name: gid for name, gid in CITY_ALIASES.items() if gazetteer.get(gid) is None}
    missing |= {
        name: gid
        for name, ids in WELL_KNOWN_REGIONS.items()
        for gid in ids
        if gazetteer.get(gid) is None
    }
    assert missing == {}


def test_capitals_are_found(gazetteer: Gazetteer) -> None:
    capitals = {gazetteer.places[p].name for p in gazetteer.capitals}
    assert {"Paris", "Tokyo", "Ottawa", "Canberra", "San José"} <= capitals
    assert len(capitals) > 0.8 * sum(bool(c) for c in read_capitals().values())


def test_coverage_includes_every_city_of_15000(gazetteer: Gazetteer) -> None:
    assert gazetteer.min_population <= 15_000
    assert len(gazetteer) > 60_000


def test_every_place_has_a_timezone_and_coordinates(gazetteer: Gazetteer) -> None:
    for place in gazetteer.places:
        assert place.timezone
        assert -90 <= place.lat <= 90
        assert -180 <= place.lon <= 180


def test_the_shared_gazetteer_loads_once_across_threads(
    monkeypatch: pytest.MonkeyPatch, tiny: Gazetteer
) -> None:
    loads: list[int] = []

    def slow_load(**kwargs: object) -> Gazetteer:
        loads.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive while loading
        return tiny

    previous = get_gazetteer()
    monkeypatch.setattr(Gazetteer, "load", staticmethod(slow_load))
    set_gazetteer(None)
    try:
        seen: list[Gazetteer] = []
        threads = [threading.Thread(target=lambda: seen.append(get_gazetteer())) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        set_gazetteer(previous)
    assert loads == [1]
    assert seen == [tiny] * 8
