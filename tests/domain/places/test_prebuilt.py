"""The prebuilt index file: mapped when current, rebuilt in place when missing, stale or broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.places import Gazetteer, prebuilt
from bot.domain.places import gazetteer as gazetteer_module
from bot.domain.places.packed import Packed
from bot.domain.places.source import read_capitals
from tests.domain.places.conftest import TINY_ADMIN1, TINY_COUNTRIES, raw_city


@pytest.fixture
def tiny_source(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    """Make load() read three made-up cities instead of the 69 k real ones, into a file of
    the test's own; count the reads of the source."""
    reads: list[int] = []

    def read_cities(min_population: int) -> list[object]:
        reads.append(min_population)
        return [raw_city(1, "Portland"), raw_city(2, "Salem"), raw_city(3, "Eugene")]

    monkeypatch.setattr(gazetteer_module, "read_cities", read_cities)
    monkeypatch.setattr(gazetteer_module, "read_countries", lambda: TINY_COUNTRIES)
    monkeypatch.setattr(gazetteer_module, "read_admin1_names", lambda: TINY_ADMIN1)
    monkeypatch.setattr(prebuilt, "index_path", lambda floor: tmp_path / f"places-{floor}.idx")
    return reads


def test_a_current_file_is_mapped_without_reading_the_source(
    tmp_path: Path, tiny_source: list[int]
) -> None:
    first = Gazetteer.load(min_population=5000)
    assert tiny_source == [5000]  # missing: built once
    assert prebuilt.is_current(tmp_path / "places-5000.idx", 5000)
    second = Gazetteer.load(min_population=5000)
    assert tiny_source == [5000]  # not read again
    assert list(second.places) == list(first.places)
    assert second.autocomplete("Sal")[0].name == "Salem, Oregon, US"


def test_the_mapped_file_answers_like_an_in_memory_build(tiny_source: list[int]) -> None:
    mapped = Gazetteer.load()
    built = Gazetteer.build(
        gazetteer_module.read_cities(5000),
        countries=TINY_COUNTRIES,
        admin1_names=TINY_ADMIN1,
        capitals=read_capitals(),
        min_population=5000,
    )
    assert list(mapped.places) == list(built.places)
    assert list(mapped.index.keys) == list(built.index.keys)
    for text in ("Portland", "Salem, OR", "Eugen", "Slaem"):
        assert mapped.resolve(text) == built.resolve(text)
        assert mapped.autocomplete(text) == built.autocomplete(text)


def test_garbage_is_not_an_index(tmp_path: Path) -> None:
    path = tmp_path / "places.idx"
    path.write_bytes(b"nonsense, and more nonsense")
    with pytest.raises(ValueError, match="not a places index"):
        Packed.open(path)
    assert Packed.read_header(path) is None


def test_a_stale_or_corrupt_file_is_rebuilt(tmp_path: Path, tiny_source: list[int]) -> None:
    Gazetteer.load()
    path = tmp_path / "places-5000.idx"
    path.write_bytes(path.read_bytes().replace(prebuilt.digest(5000).encode(), b"0" * 20))
    assert not prebuilt.is_current(path, 5000)
    assert len(Gazetteer.load()) == 3
    assert tiny_source == [5000, 5000]
    path.write_bytes(b"\x00garbage")
    assert len(Gazetteer.load()) == 3
    assert tiny_source == [5000, 5000, 5000]
    assert prebuilt.is_current(path, 5000)


def test_the_digest_changes_with_the_population_floor() -> None:
    assert prebuilt.digest(5000) != prebuilt.digest(15000)
    assert prebuilt.digest(5000) == prebuilt.digest(5000)


def test_the_build_command_skips_a_current_file(
    tmp_path: Path, tiny_source: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert prebuilt.main([]) == 0
    assert "built" in capsys.readouterr().out
    assert prebuilt.main([]) == 0
    assert capsys.readouterr().out == ""
    assert tiny_source == [5000]
    assert prebuilt.main(["--force"]) == 0
    assert tiny_source == [5000, 5000]


def test_a_read_only_install_builds_into_the_temporary_folder(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    tiny_source: list[int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No build step and a package folder the bot cannot write (an image, a unit with
    ProtectSystem): the bot still starts, from a file in the temporary folder, and says why."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(prebuilt, "index_path", lambda floor: blocker / f"places-{floor}.idx")
    monkeypatch.setattr(prebuilt.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with caplog.at_level("WARNING"):
        loaded = Gazetteer.load(min_population=5000)
    assert loaded.autocomplete("Sal")[0].name == "Salem, Oregon, US"
    [built] = (tmp_path / "tmp").glob("tweetup-places-5000-*.idx")
    assert prebuilt.is_current(built, 5000)
    assert "python -m bot.domain.places" in caplog.text
    Gazetteer.load(min_population=5000)
    assert tiny_source == [5000, 5000]  # the in-place attempt, then the fallback; not again
