"""Fold place names so that what people type meets what the gazetteer spells.

Both sides of every comparison (the index keys and the query) go through :func:`fold`, so the
rules only have to be consistent, not linguistically perfect. Unicode decomposition removes
most accents, but a handful of Latin letters (ø, æ, ß, ł, đ, ı, ...) are letters of their own and
never decompose, so they are mapped explicitly; that table is small and closed, which is why
no transliteration dependency is needed. Non-Latin scripts are kept as they are: GeoNames lists
native spellings (Москва, 東京) as alternate names, so they match without transliteration.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["fold", "fold_variants"]

# Letters that NFKD leaves alone. Casefolding runs first, so only lower case is needed
# (ß is already "ss" by then; "İ" became "i" + combining dot, which the mark stripping drops).
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ĸ": "k",
        "ſ": "s",
        "ŀ": "l",
        "ƒ": "f",
        "ɨ": "i",
        "ʻ": "",
        "ʼ": "",
        "ʹ": "",
        "'": "",
        "’": "",
        "‘": "",
        "`": "",
        "´": "",
    }
)

# The German and Scandinavian way to type umlauts without the keyboard for them ("Muenchen",
# "Tromsoe", "Aalesund"); applied only to build extra index keys, never to queries.
_EXPANDED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa", "æ": "ae"})
_UMLAUTS = frozenset("äöüøåæ")

# Abbreviations people type for whole words that GeoNames spells out ("St. Louis" is stored
# as "St. Louis" but "St Petersburg" as "Saint Petersburg"): both sides expand them.
_WORDS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "sta": "santa"}

_ABBREVIATIONS = frozenset(_WORDS)

_SEPARATORS = re.compile(r"[\W_]+")
_INITIALS = re.compile(r"\b\w(?:\.\w\b)+\.?")  # "D.C.", "L.A.", "U.S.A." read as one word


def _mark_class() -> str:
    """A regex class of every combining mark (Unicode has no \\p{M} in :mod:`re`)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x30000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


@functools.cache
def _optional_marks() -> re.Pattern[str]:
    """Decomposed accents are dropped only after letters of alphabetic scripts where they are
    optional in practice (Latin, Greek, Cyrillic, and the Latin Extended Additional block
    that Vietnamese uses); in Japanese kana or Indic scripts the same "marks" change the word.

    Built on the first non-ASCII text rather than at import: listing the marks scans 200,000
    code points (~25 ms of every start otherwise), and ASCII text never needs it."""
    return re.compile("([\\u0000-\\u052f\\u1e00-\\u1eff])[" + _mark_class() + "]+")


def _strip_marks(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", _optional_marks().sub(r"\1", decomposed))


def _join_initials(match: re.Match[str]) -> str:
    return match.group().replace(".", "") + " "


def fold(text: str, *, partial: bool = False) -> str:
    """Return the comparison key of ``text``.

    With ``partial`` (autocomplete, where the user is still typing) the last word is left
    unexpanded unless the user already finished it with a space or a period, and a trailing
    space is kept so that "new " matches "New York" but not "Newark".
    """
    folded = _strip_marks(text.casefold())
    if not text.isascii():  # compatibility forms decompose into letters to fold again: "🄐"
        folded = _strip_marks(folded.casefold())
    folded = folded.translate(_LETTERS)
    if "." in folded:
        folded = _INITIALS.sub(_join_initials, folded)
    words = _SEPARATORS.sub(" ", folded).split()
    if not words:
        return ""
    finished = not partial or text[-1].isspace() or text[-1] in ".,"
    if not _ABBREVIATIONS.isdisjoint(words):
        last = len(words) - 1
        words = [_WORDS.get(w, w) if finished or i < last else w for i, w in enumerate(words)]
    key = " ".join(words)
    if partial and finished and text[-1].isspace():
        key += " "
    return key


def fold_variants(name: str) -> tuple[str, ...]:
    """Every key under which ``name`` should be indexed: its fold, plus the umlaut spelled out."""
    key = fold(name)
    if not key:
        return ()
    if name.isascii():
        return (key,)
    lowered = unicodedata.normalize("NFC", name.casefold())
    if _UMLAUTS.isdisjoint(lowered):
        return (key,)
    expanded = fold(lowered.translate(_EXPANDED))
    return (key, expanded) if expanded and expanded != key else (key,)
