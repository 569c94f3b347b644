"""How common a word is, from the ``wordfreq`` package (data ships in its wheel, read offline).

"nice", "split", "bath" and "deal" are cities, but in chat they are nearly always words. The
test is not a hand list: a city name is suspect when the word is far more frequent than the
city's fame explains. Fame is population × renown (how many languages name the city); across
the gazetteer's 3,000 biggest one-word cities the English Zipf frequency of the name follows
``0.92 × log10(fame) − 4.83`` (residual spread 1.1). Famous cities sit 1–2 above that line
(their names are frequent because they are famous: Paris, Rio), common words 3.4 and more
(nice 3.6, split 3.5, deal 6.0), given names in between (Austin 2.2, Jackson 3.1).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Final

__all__ = ["LANGUAGES", "Language", "expected_zipf", "guess_language", "warm_up", "zipf"]

LANGUAGES: Final = ("en", "de", "fr", "es", "pt")
Language = str

_SLOPE: Final = 0.92
_INTERCEPT: Final = -4.83


@lru_cache(maxsize=65536)
def zipf(word: str, language: Language) -> float:
    """Zipf frequency (0 = unknown, 7 = "the"); 0 for anything wordfreq cannot read."""
    from wordfreq import zipf_frequency

    try:
        return float(zipf_frequency(word, language))
    except (ValueError, LookupError):  # pragma: no cover - defensive: odd unicode
        return 0.0


def expected_zipf(fame: float) -> float:
    """How frequent a city's name would be from its fame alone (see the module docstring)."""
    return _SLOPE * math.log10(max(fame, 1.0)) + _INTERCEPT


def guess_language(words: list[str]) -> Language:
    """The language whose common words these are: English unless another clearly wins.

    Only the 40 first words count, which bounds the cost per message.
    """
    sample = [w for w in words[:40] if len(w) > 1]
    if not sample:
        return "en"
    scores = {lang: sum(zipf(w, lang) for w in sample) for lang in LANGUAGES}
    best = max(LANGUAGES, key=lambda lang: scores[lang])
    return best if scores[best] > scores["en"] + 0.5 * len(sample) ** 0.5 else "en"


def warm_up() -> None:
    """Load every language's table now (about 3 s once) rather than on a user's message."""
    for language in LANGUAGES:
        zipf("the", language)
