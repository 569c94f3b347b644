"""The disk cache: used when current, rebuilt when stale or broken, optional when unwritable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.places import Gazetteer, cache
from bot.domain.places import gazetteer as gazetteer_module
from tests.domain.places.conftest import TINY_ADMIN1, TINY_COUNTRIES, raw_city


@pytest.fixture
def tiny_source(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make load() read three made-up cities instead of the 69 k real ones; count reads."""
    reads: list[int] = []

    def read_cities(min_population: int) -> list[object]:
        reads.append(min_population)
        return [raw_city(1, "Portland"), raw_city(2, "Salem"), raw_city(3, "Eugene")]

    monkeypatch.setattr(gazetteer_module, "read_cities", read_cities)
    monkeypatch.setattr(gazetteer_module, "read_countries", lambda: TINY_COUNTRIES)
    monkeypatch.setattr(gazetteer_module, "read_admin1_names", lambda: TINY_ADMIN1)
    return reads


def test_the_second_load_comes_from_the_cache(tmp_path: Path, tiny_source: list[int]) -> None:
    first = Gazetteer.load(min_population=5000, cache_dir=tmp_path)
    files = list(tmp_path.glob("places-5000-*.marshal"))
    assert len(files) == 1
    assert tiny_source == [5000]
    second = Gazetteer.load(min_population=5000, cache_dir=tmp_path)
    assert tiny_source == [5000]  # not read again
    assert second.places == first.places
    assert second.autocomplete("Sal")[0].name == "Salem, Oregon, US"


def test_a_corrupt_cache_is_rebuilt(tmp_path: Path, tiny_source: list[int]) -> None:
    Gazetteer.load(cache_dir=tmp_path)
    [path] = tmp_path.glob("places-*.marshal")
    path.write_bytes(b"\x00garbage")
    again = Gazetteer.load(cache_dir=tmp_path)
    assert len(tiny_source) == 2
    assert len(again) == 3
    assert cache.read(path) is not None  # and rewritten


def test_an_unwritable_cache_directory_is_not_an_error(
    tmp_path: Path, tiny_source: list[int]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    loaded = Gazetteer.load(cache_dir=blocker / "cache")
    assert len(loaded) == 3


def test_caching_can_be_switched_off(tmp_path: Path, tiny_source: list[int]) -> None:
    Gazetteer.load(cache_dir=tmp_path, use_cache=False)
    assert list(tmp_path.iterdir()) == []


def test_the_cache_name_changes_with_its_inputs(tmp_path: Path) -> None:
    assert cache.cache_file(tmp_path, 5000) != cache.cache_file(tmp_path, 15000)
    assert cache.cache_file(tmp_path, 5000) == cache.cache_file(tmp_path, 5000)


def test_the_default_cache_directory_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TWEETUP_CACHE_DIR", str(tmp_path / "explicit"))
    assert cache.default_cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("TWEETUP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.default_cache_dir() == tmp_path / "xdg" / "tweetup"
