"""What the two scorers see: one analysis of the message, shared by training and run time.

The training script calls exactly these functions, so a feature cannot drift between the
model that was trained and the model that runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.chatter.cues import cues_in, split_clauses
from bot.domain.chatter.dates import DateFinding, looks_dated
from bot.domain.chatter.markup import Cleaned
from bot.domain.chatter.places import Mention, Word, log_fame
from bot.domain.places.model import MatchKind

__all__ = ["Analysis", "Clause", "mention_features", "message_features"]

_NUMBER = re.compile(r"\d+")
_CITY_MARK = "qqcityqq"
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+|[?!]")
_PREPOSITIONS = frozenset(
    [
        "to",
        "in",
        "into",
        "at",
        "nach",
        "in",
        "à",
        "au",
        "a",
        "en",
        "em",
        "no",
        "na",
        "pra",
        "pro",
        "para",
        "ins",
        "zum",
        "zur",
    ]
)
_FROM = frozenset(["from", "aus", "de", "da", "do", "del", "von"])


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    cues: frozenset[str]
    dated: bool


@dataclass(frozen=True, slots=True)
class Analysis:
    cleaned: Cleaned
    words: list[Word]
    language: str
    clauses: list[Clause]
    mentions: list[Mention]
    struck_mentions: int
    quoted_mentions: int

    def clause_of(self, mention: Mention) -> Clause:
        for clause in self.clauses:
            if clause.start <= mention.start < clause.end:
                return clause
        return self.clauses[-1]

    def word_before(self, mention: Mention) -> str:
        i = mention.first_word - 1
        return self.words[i].text.casefold() if i >= 0 else ""


def clauses_of(text: str) -> list[Clause]:
    return [
        Clause(start, end, cues_in(text[start:end]), looks_dated(text[start:end]))
        for start, end in split_clauses(text)
    ]


def mention_features(analysis: Analysis, mention: Mention, rank: int) -> dict[str, float]:
    clause = analysis.clause_of(mention)
    before = analysis.word_before(mention)
    features = {
        "fame": log_fame(mention),
        "commonness": mention.commonness,
        "common": float(mention.commonness > 3.0),
        "alias": float(mention.match is MatchKind.ALIAS),
        "alternate": float(mention.match is MatchKind.ALTERNATE),
        "ambiguous": float(mention.ambiguous),
        "region": float(mention.region),
        "qualified": float(mention.qualified),
        "capitalised": float(mention.capitalised),
        "short": float(len(mention.text) <= 3),
        "words": float(mention.last_word - mention.first_word + 1),
        "after_preposition": float(before in _PREPOSITIONS),
        "after_from": float(before in _FROM),
        "first_word": float(mention.first_word == 0),
        "rank": float(rank),
        "last": float(rank == len(analysis.mentions) - 1),
        "mentions": float(len(analysis.mentions)),
        "clause_dated": float(clause.dated),
    }
    for cue in ("past", "cancel", "other", "hypo", "home", "swap", "ask", "travel", "invite"):
        features[f"clause_{cue}"] = float(cue in clause.cues)
    return features


def message_features(
    analysis: Analysis, best: Mention | None, best_score: float, dates: DateFinding
) -> list[str]:
    """Words and word pairs (cities masked as <city>, numbers as <n>) plus named signals."""
    text = analysis.cleaned.text.casefold()
    if analysis.mentions:
        pieces, last = [], 0
        for mention in analysis.mentions:
            pieces += [text[last : mention.start], f" {_CITY_MARK} "]
            last = mention.end
        pieces.append(text[last:])
        text = "".join(pieces)
    tokens = _tokens(text)
    features = ["<s>", *tokens]
    features += [f"{a} {b}" for a, b in zip(["<s>", *tokens], [*tokens, "</s>"], strict=True)]
    features.append(f"date:{dates.status}")
    features.append(f"lang:{analysis.language}")
    if analysis.cleaned.quoted:
        features.append("has:quote")
    if analysis.cleaned.only_quoted:
        features.append("only:quote")
    if analysis.struck_mentions:
        features.append("has:struck_city")
    if analysis.quoted_mentions:
        features.append("has:quoted_city")
    if analysis.cleaned.mentions:
        features.append("has:mention")
    if best is None:
        features.append("city:none")
    else:
        features.append(f"city:score{min(int(best_score * 5), 4)}")
        for cue in analysis.clause_of(best).cues:
            features.append(f"city_clause:{cue}")
    for clause in analysis.clauses:
        for cue in clause.cues:
            features.append(f"cue:{cue}")
    return features


def _tokens(text: str) -> list[str]:
    found = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token == _CITY_MARK:
            token = "<city>"
        found.append("<n>" if _NUMBER.fullmatch(token) else token)
    return found
