"""Cities inside a sentence: nicknames, native names, qualifiers, and words that are not."""

from __future__ import annotations

import pytest

from bot.domain.chatter.places import find_mentions, words_of
from bot.domain.chatter.words import expected_zipf, guess_language, zipf
from bot.domain.places import Gazetteer


def mentioned(gazetteer: Gazetteer, text: str, language: str = "en") -> list[str]:
    found = find_mentions(gazetteer, text, words_of(text), language)
    return [m.place.name for m in found if m.commonness < 3.0]


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("landing in bcn sat", "Barcelona"),
        ("headed to chi-town", "Chicago"),
        ("gonna be in bmore", "Baltimore"),
        ("flying into the twin cities", "Minneapolis"),
        ("milano for fashion week", "Milan"),
        ("sevilla in april", "Sevilla"),
        ("off to göteborg", "Gothenburg"),
        ("goteborg again", "Gothenburg"),
        ("new york next week", "New York City"),
        ("rio de janeiro in may", "Rio de Janeiro"),
        ("st louis next month", "St. Louis"),
        ("kraków 27-29th", "Kraków"),
    ],
)
def test_nicknames_and_native_names(gazetteer: Gazetteer, text: str, city: str) -> None:
    assert city in mentioned(gazetteer, text)


def test_longest_name_wins(gazetteer: Gazetteer) -> None:
    found = find_mentions(gazetteer, "new york", words_of("new york"), "en")
    assert [m.place.name for m in found] == ["New York City"]


@pytest.mark.parametrize("word", ["nice", "mobile", "split", "bath", "deal", "hope", "reading"])
def test_common_words_are_far_commoner_than_their_towns_fame_explains(
    gazetteer: Gazetteer, word: str
) -> None:
    found = find_mentions(gazetteer, word, words_of(word), "en")
    assert all(m.commonness > 3.0 for m in found), [(m.place.name, m.commonness) for m in found]


@pytest.mark.parametrize("city", ["paris", "barcelona", "riga", "tallinn", "leeds", "valletta"])
def test_famous_names_are_not_suspect(gazetteer: Gazetteer, city: str) -> None:
    found = find_mentions(gazetteer, city, words_of(city), "en")
    assert found
    assert found[0].commonness < 3.0


def test_frequency_model_is_monotonic_in_fame() -> None:
    assert expected_zipf(1e6) < expected_zipf(1e8) < expected_zipf(1e10)
    assert zipf("the", "en") > zipf("barcelona", "en") > 0


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("la semana que viene estoy en madrid", "es"),
        ("je serai à lyon du 12 au 15 juin", "fr"),
        ("bin am wochenende in berlin, wer hat zeit", "de"),
        ("vou estar em lisboa semana que vem", "pt"),
        ("landing in bcn sat, staying till wed", "en"),
    ],
)
def test_language_guess(text: str, language: str) -> None:
    assert guess_language(text.split()) == language


def test_a_qualifier_needs_a_city_there(gazetteer: Gazetteer) -> None:
    text = "londres del 2 al 5 de abril"
    found = find_mentions(gazetteer, text, words_of(text), "es")
    assert found[0].place.name == "London"
    assert not found[0].qualified
