"""Discord markdown: what is the author's own text, what was quoted or struck out."""

from __future__ import annotations

import pytest

from bot.domain.chatter.markup import MENTION_WORD, clean


def test_quote_lines_are_set_aside() -> None:
    cleaned = clean("> landing in bcn sat\nlmao who writes like this")
    assert cleaned.text == "lmao who writes like this"
    assert cleaned.quoted == ("landing in bcn sat",)
    assert cleaned.only_quoted


def test_block_quote_takes_the_rest_of_the_message() -> None:
    cleaned = clean("look:\n>>> berlin fri-sun\nwho's around")
    assert cleaned.text == "look:"
    assert cleaned.quoted == ("berlin fri-sun\nwho's around",)


def test_strikethrough_is_a_cancelled_plan() -> None:
    cleaned = clean("~~madrid~~ barcelona mar 28")
    assert cleaned.text == "barcelona mar 28"
    assert cleaned.struck == ("madrid",)


@pytest.mark.parametrize(
    "text",
    [
        "```\nberlin mar 14-15\n```",
        "`/travel add city:lisbon`",
        'he said "in paris next week" lol',
        "she wrote “rome till friday” 🙄",
        "« je suis à lyon demain »",
    ],
)
def test_code_and_quoted_speech_are_not_the_authors_words(text: str) -> None:
    cleaned = clean(text)
    assert cleaned.quoted
    for city in ("berlin", "lisbon", "paris", "rome", "lyon"):
        assert city not in cleaned.text


def test_mentions_emoji_links_and_emphasis_go() -> None:
    cleaned = clean("<@123> **berlin** <:wave:42> <#99> https://x.example/a ||fri-sun|| 🎉")
    assert cleaned.text == f"{MENTION_WORD} berlin fri-sun"
    assert cleaned.mentions == 1


def test_words_with_underscores_and_apostrophes_survive() -> None:
    assert clean("it's snake_case, isn't it").text == "it's snake_case, isn't it"
