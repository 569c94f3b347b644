"""Rewrite chat into the English tokens the grammar reads: other languages, typos, arrows.

Runs between the lexer and the grammar for trip dates only. Each step is a plain token
rewrite, so a phrase the grammar already understood comes out unchanged:

* German, French, Spanish and Portuguese words and phrases (:mod:`foreign_words`) and English
  named days (:mod:`named_days`) become English words or ``holiday:``/``season:``/``vague:``
  tokens;
* context decides what a word alone cannot: "a"/"à" is "to" only between two days ("de 10 a
  14"), "sept" is 7 only before a unit, "dia" is a unit only after a number, "prochain" moves in
  front of its noun;
* a misspelt month or weekday next to a number or a "this"/"next" is corrected when it is
  one or two edits away (``rapidfuzz``'s OSA distance, which counts a swap as one edit).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Final

from rapidfuzz.distance import OSA

from bot.domain.dates.calendar_words import MONTH_NAMES, MONTHS, WEEKDAY_NAMES, WEEKDAYS
from bot.domain.dates.day_grammar import TODAY_WORDS, UNITS
from bot.domain.dates.foreign_words import NUMBER_WORDS, PHRASES, WEEKDAY_ABBREVIATIONS, WORDS
from bot.domain.dates.lexer import Kind, Token
from bot.domain.dates.named_days import ENGLISH_PHRASES

_ALL_PHRASES: Final = {**PHRASES, **ENGLISH_PHRASES}
_PHRASE_KEYS: Final = {tuple(key.split()): value for key, value in _ALL_PHRASES.items()}
_LONGEST: Final = max(len(k) for k in _PHRASE_KEYS)
_APOSTROPHES: Final = frozenset("'’ʼ`´")
_GERMAN_CUES: Final = frozenset(
    {"ich", "bin", "wir", "sind", "ist", "wer", "und", "mit", "noch", "auch", "nicht", "jemand"}
)
_NOUNS: Final = frozenset(
    {*WEEKDAYS, "weekend", "week", "month", "year"}
    | {f"season:{s}" for s in ("spring", "summer", "autumn", "winter")}
)
_FUZZY_TARGETS: Final = tuple(n.lower() for n in (*MONTH_NAMES, *WEEKDAY_NAMES) if len(n) > 3)
_NOT_TYPOS: Final = frozenset(
    {
        "marches",
        "marched",
        "marcher",
        "marcha",
        "augusta",
        "augusto",
        "augustus",
        "junior",
        "julian",
        "julien",
        "juliet",
        "mondays",
        "fridays",
        "sundays",
        "octavo",
        "novembers",
        "decembers",
        "mayday",
        "monday's",
        "sundae",
        "fryday",
        "satur",
    }
)
_SHORT_TYPOS: Final = {"juen": "june", "jnue": "june", "apil": "april", "jluy": "july"}
_CUES_FOR_WEEKDAYS: Final = frozenset(
    {
        "this",
        "next",
        "last",
        "on",
        "until",
        "till",
        "til",
        "to",
        "from",
        "thru",
        "through",
        "every",
        "and",
        "or",
        "the",
        "by",
        "since",
    }
)


def key(word: str) -> str:
    """Lower case without accents ("Mär" → "mar", "ß" → "ss"): how the tables are keyed."""
    decomposed = unicodedata.normalize("NFKD", word.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _word(text: str) -> Token:
    return Token(Kind.WORD, text)


CHAT_WORDS: Final = {
    "nxt": "next",
    "wknd": "weekend",
    "wkd": "weekend",
    "wkends": "weekend",
    "weekends": "weekend",
    "tonite": "tonight",
    "tmw": "tomorrow",
    "tmrow": "tomorrow",
    "tmro": "tomorrow",
    "tomoz": "tomorrow",
    "tomorrw": "tomorrow",
    "untill": "until",
    "til": "till",
    "thru": "through",
    "tho": "though",
    "fds": "weekend",
}
"""English chat spellings the grammar does not know."""
_TOMORROW_AFTER_2: Final = frozenset({"moro", "morro", "morrow", "mrw", "mro", "moz", "mrrw"})
_DAY_BEFORE: Final = frozenset(
    {
        "le",
        "el",
        "dia",
        "am",
        "den",
        "dem",
        "vom",
        "zum",
        "ab",
        "bis",
        "du",
        "del",
        "do",
        "ao",
        "au",
        "al",
        "o",
    }
)
"""Words after which a plain number is a day of the month ("le 3", "el día 3", "am 3.")."""
_TO_BETWEEN_DAYS: Final = frozenset({"au", "al", "ao", "a", "bis", "y", "und", "et", "e"})


def _ordinal(token: Token) -> Token:
    return Token(Kind.ORD, token.text, token.numbers)


def _days_in_context(tokens: Sequence[Token]) -> list[Token]:
    """Plain numbers that these languages use as days become ordinals, as "the 3rd" would be.

    "du 3 au 5", "del 3 al 5", "de 3 a 5", "vom 3. bis 5.", "le 3", "el día 3", "am 3." —
    while an English "3 to 5" stays a pair of numbers (times, scores...).
    """
    out = list(tokens)
    for i, token in enumerate(out):
        if token.kind is not Kind.NUM or len(token.text) > 2 or not 1 <= token.numbers[0] <= 31:
            continue
        prev = key(out[i - 1].text) if i > 0 and out[i - 1].kind is Kind.WORD else ""
        nxt = out[i + 1] if i + 1 < len(out) else None
        nxt_word = key(nxt.text) if nxt is not None and nxt.kind is Kind.WORD else ""
        after = out[i + 2] if i + 2 < len(out) else None
        is_day = prev in _DAY_BEFORE and (prev not in ("o", "do", "ab", "bis") or token.separator)
        if token.separator == "." and (
            (nxt is not None and nxt.kind is Kind.DASH)
            or nxt_word in ("bis", "und")
            or _is_day(nxt)
            or prev in _DAY_BEFORE
        ):
            is_day = True  # German "12." before "bis", "-", a month, or after "am"/"vom"
        pair = nxt_word in _TO_BETWEEN_DAYS and after is not None and after.kind is Kind.NUM
        if pair and (
            nxt_word not in ("y", "und", "et", "e") or prev in ("entre", "zwischen", "dem")
        ):
            assert after is not None
            is_day = True
            out[i + 2] = _ordinal(after)
        if is_day:
            out[i] = _ordinal(token)
    return out


def translate(tokens: Sequence[Token]) -> list[Token]:
    tokens = _days_in_context(_day_pairs(_years_and_apostrophes(tokens)))
    german = any(t.kind is Kind.WORD and t.text in _GERMAN_CUES for t in tokens)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind is not Kind.WORD:
            out.append(token)
            i += 1
            continue
        phrase = _phrase_at(tokens, i)
        if phrase is not None:
            size, words = phrase
            out.extend(_word(w) for w in words)
            i += size
            continue
        out.extend(_one_word(tokens, i, out, german=german))
        i += 1
    return _move_markers(out)


def _years_and_apostrophes(tokens: Sequence[Token]) -> list[Token]:
    """ "'26" is a year; other apostrophes ("new year's", "aujourd'hui") only split words."""
    out: list[Token] = []
    for i, token in enumerate(tokens):
        if token.kind is Kind.OTHER and token.text == "&" and out:
            out.append(_word("and"))  # "16th & 17th"
            continue
        if token.kind is Kind.OTHER and token.text in _APOSTROPHES:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and nxt.kind is Kind.NUM and len(nxt.text) == 2 and out:
                out.append(Token(Kind.NUM, f"20{nxt.text}", (2000 + nxt.numbers[0],)))
                out.append(Token(Kind.OTHER, "\0"))  # swallow the two-digit number below
            continue
        if token.kind is Kind.NUM and out and out[-1].text == "\0":
            out.pop()
            continue
        out.append(token)
    return out


def _day_pairs(tokens: Sequence[Token]) -> list[Token]:
    """ "Feb 13/14", "13/14 Feb": beside a month name, a slash joins two days, not day/month."""
    out: list[Token] = []
    for i, token in enumerate(tokens):
        if token.kind is Kind.NUMDATE and len(token.numbers) == 2 and token.separator == "/":
            a, b = token.numbers
            month_beside = any(
                0 <= j < len(tokens) and tokens[j].kind is Kind.WORD and _is_month(tokens[j])
                for j in (i - 1, i + 1)
            )
            if month_beside and 1 <= a < b <= 31 and b - a <= 3:
                out += [
                    Token(Kind.NUM, str(a), (a,)),
                    Token(Kind.DASH, "-"),
                    Token(Kind.NUM, str(b), (b,)),
                ]
                continue
        out.append(token)
    return out


def _english(word: str) -> str:
    """The first English word a foreign one stands for ("" if it is dropped or unknown)."""
    english = WORDS.get(word, ())
    return english[0] if english else ""


def _is_month(token: Token) -> bool:
    word = key(token.text)
    return word in MONTHS or _english(word) in MONTHS


def _phrase_at(tokens: Sequence[Token], i: int) -> tuple[int, tuple[str, ...]] | None:
    """The longest multi-word phrase starting at ``i``; words may be joined by hyphens."""
    words: list[str] = []
    positions: list[int] = []
    j = i
    while j < len(tokens) and len(words) < _LONGEST:
        token = tokens[j]
        if token.kind is Kind.DASH and words and j + 1 < len(tokens):
            j += 1
            continue
        if token.kind is not Kind.WORD:
            break
        words.append(key(token.text))
        positions.append(j + 1)
        j += 1
    for size in range(len(words), 0, -1):
        found = _PHRASE_KEYS.get(tuple(words[:size]))
        if found is not None and (size > 1 or " " not in words[0]):
            return positions[size - 1] - i, found
    return None


def _one_word(tokens: Sequence[Token], i: int, out: list[Token], *, german: bool) -> list[Token]:
    text = tokens[i].text
    word = key(text)
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    prev = out[-1] if out else None
    if text in MONTHS or text in WEEKDAYS or text in UNITS:
        return [tokens[i]]
    if text in CHAT_WORDS:
        return [_word(CHAT_WORDS[text])]
    if text in _TOMORROW_AFTER_2 and out and out[-1].kind is Kind.NUM and out[-1].text == "2":
        out.pop()
        return [_word("tomorrow")]
    if word in NUMBER_WORDS and _is_unit(nxt):
        return [Token(Kind.NUM, NUMBER_WORDS[word], (int(NUMBER_WORDS[word]),))]
    if word in ("a", "y", "e") and _is_day(prev) and _is_day(nxt):
        return [_word("to")] if word == "a" else [_word("and")]
    if word in ("dia", "dias"):
        return [_word("days")] if prev is not None and prev.kind is Kind.NUM else []
    if word == "hier":
        return [tokens[i]] if german else [_word("yesterday")]
    if word == "feira":
        if out and out[-1].kind is Kind.DASH:
            out.pop()
        return []
    if word in WEEKDAY_ABBREVIATIONS and _before_a_date(nxt, after):
        return [_word(WEEKDAY_ABBREVIATIONS[word])]
    if word in WORDS:
        return [_word(w) for w in WORDS[word]]
    fixed = _typo(text, prev, nxt, near_number=_number_near(tokens, i))
    return [_word(fixed)] if fixed else [tokens[i]]


def _is_unit(token: Token | None) -> bool:
    if token is None or token.kind is not Kind.WORD:
        return False
    word = key(token.text)
    return word in UNITS or _english(word) in UNITS


def _is_day(token: Token | None) -> bool:
    """A day-ish token either side of "a" makes it "to": "10 a 14", "lunes a miércoles"."""
    if token is None:
        return False
    if token.kind in (Kind.NUM, Kind.ORD, Kind.NUMDATE, Kind.ISO):
        return True
    if token.kind is not Kind.WORD:
        return False
    word = key(token.text)
    english = WORDS.get(word, (word,))
    return bool(english) and (
        english[0] in MONTHS or english[0] in WEEKDAYS or english[0] in TODAY_WORDS
    )


def _before_a_date(nxt: Token | None, after: Token | None) -> bool:
    if nxt is None:
        return False
    if nxt.kind is Kind.COMMA or (nxt.kind is Kind.OTHER and nxt.text == "."):
        return after is not None and after.kind in (Kind.NUM, Kind.ORD, Kind.NUMDATE)
    return False


def _number_near(tokens: Sequence[Token], i: int) -> bool:
    """A number within two tokens ("19th to 23rd of Februray", "Janaury 4")."""
    window = list(tokens[max(0, i - 2) : i]) + list(tokens[i + 1 : i + 3])
    return any(t.kind in (Kind.NUM, Kind.ORD) for t in window)


def _typo(text: str, prev: Token | None, nxt: Token | None, *, near_number: bool) -> str | None:
    """A month or weekday name one or two edits off, when a number or cue is beside it."""
    if text in _SHORT_TYPOS:
        return _SHORT_TYPOS[text]
    if len(text) < 5 or text in _NOT_TYPOS or not text.isalpha():
        return None
    allowed = 1 if len(text) <= 6 else 2
    best: str | None = None
    best_distance = allowed + 1
    for target in _FUZZY_TARGETS:
        if target[0] != text[0] or abs(len(target) - len(text)) > allowed:
            continue
        distance = OSA.distance(text, target, score_cutoff=allowed)
        if distance < best_distance:
            best, best_distance = target, distance
    if best is None:
        return None
    if best in MONTHS:
        return best if near_number else None
    cue = prev is not None and (prev.kind is Kind.DASH or prev.text in _CUES_FOR_WEEKDAYS)
    cue = cue or (nxt is not None and (nxt.kind is Kind.DASH or nxt.text in ("to", "-", "till")))
    return best if cue or near_number else None


def _move_markers(tokens: list[Token]) -> list[Token]:
    """Put "next"/"last" before the noun they follow; "@afternext X" → "the X after next"."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.text in ("@next", "@last"):
            modifier = token.text[1:]
            noun = len(out) - 1
            if noun >= 0 and out[noun].text in _NOUNS:
                out.insert(noun, _word(modifier))
            i += 1
            continue
        if token.text == "@afternext":
            if i + 1 < len(tokens):
                out.extend([_word("the"), tokens[i + 1], _word("after"), _word("next")])
                i += 2
            else:
                i += 1
            continue
        out.append(token)
        i += 1
    return out
