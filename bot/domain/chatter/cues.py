"""Words that say whose trip it is and whether it is still ahead, in five languages.

These are not a list of words to reject as places (word frequency does that, see
:mod:`bot.domain.chatter.places`): they are the grammar of a trip announcement: who travels
("my sister flies to..."), when ("was in", "back from"), how sure ("one day I'll"), and
whether it still stands ("is off"). Each cue is matched per clause, so "Prague is off,
Vienna instead" cancels Prague and not Vienna. The learned model weighs them; these lists
only have to be right about what a phrase means, not about how much it matters.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["CUES", "cues_in", "split_clauses"]


def _words(*phrases: str) -> re.Pattern[str]:
    body = "|".join(sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’])(?:{body})(?![\w'’])", re.IGNORECASE)


_RELATIVES = (
    "cousin|sister|sis|brother|bro|mum|mom|mother|dad|father|parents|boss|friend|mate|gf|bf|"
    "girlfriend|boyfriend|wife|husband|partner|flatmate|roommate|coworker|colleague|team|kid|"
    "kids|son|daughter|uncle|aunt|grandma|grandpa|neighbours|neighbors|in-laws|family|manager|"
    "ceo|team lead|best friend|folks"
)

CUES: Final[dict[str, re.Pattern[str]]] = {
    # someone else travels
    "other": _words(
        rf"my (?:\w+ )?(?:{_RELATIVES})(?:'s)?",
        r"our (?:\w+ )?(?:{_RELATIVES})".format(_RELATIVES=_RELATIVES),
        "you're", "youre", "you are", "u r", "ur", "you'll", "you will", "are you", "r u",
        rf"(?:{_RELATIVES}) (?:and|&) (?:\w+)", rf"^(?:{_RELATIVES}) (?:is|are|'s)",
        "he's", "she's", "they're", "he is", "she is", "they are", "he", "she", "they",
        "his", "her", "their", "@someone", r"\w+'s (?:in|going|flying|heading|off|moving)",
        r"(?:mein|meine|meinem|meiner) \w+", "er ist", "sie ist", "er", "sie fliegt",
        r"(?:mon|ma|mes) \w+", "il", "elle", "ils", "elles",
        r"(?:mi|mis) \w+", "él", "ella", "ellos",
        r"(?:meu|minha|meus|minhas) \w+", "ele", "ela", "eles",
    ),
    # the author speaks of themself (or of a "we" that includes them)
    "self": _words(
        "i", "i'm", "im", "i'll", "ill", "i've", "i'd", "me", "we", "we're", "we'll", "us",
        "ich", "bin", "wir", "mich", "je", "j'", "moi", "on", "nous", "yo", "voy", "estoy",
        "estaré", "me voy", "vamos", "eu", "vou", "tô", "to indo", "estou", "estarei", "nós",
        "a gente",
    ),
    # already over
    "past": _words(
        "was", "were", "went", "visited", "spent", "loved", "enjoyed", "got back", "back from",
        "back home", "got home", "just got", "returned", "flew back", "flew in", "last week",
        "last weekend", "last month", "last year", "last time", "last summer", "last night",
        "yesterday", "ago", "remember", "used to", "throwback", "been to", r"in 20[12]\d",
        "war", "waren", "letzte", "letzten", "letztes", "gestern", "zurück", "zurückgekommen",
        "j'étais", "étais", "était", "étions", "rentre", "rentrés", "rentré", "dernier",
        "dernière", "hier", "adoré", "l'an dernier",
        "estuve", "estuvimos", "volví", "pasado", "pasada", "ayer", "fuimos", "acabo de volver",
        "estive", "voltei", "passado", "passada", "ontem", "fui", "fomos", "acabei de voltar",
    ),
    # wishes, proposals, maybes
    "hypo": _words(
        "one day", "someday", "some day", "one of these days", "would", "wish", "if",
        "should we", "we should", "maybe", "might", "dream", "bucket list", "thinking of",
        "thinking about", "considering", "could", "wanna go", "want to go", "i'd", "would love",
        "hypothetically", "convince me", "take me", "unless", "at some point", "sometime",
        "what if", "how about", "let's plan", "down for", "who knows", "no idea when",
        "irgendwann", "sollen wir", "wäre", "würde", "wenn", "mal",
        "un jour", "si", "devrait", "devrions", "aimerais", "et si", "si seulement",
        "algún día", "ojalá", "deberíamos", "y si", "si",
        "um dia", "queria", "devia", "bora todo mundo", "a gente devia",
    ),
    # the plan is off
    "cancel": _words(
        "off", "cancel", "cancelled", "canceled", "cancelling", "postponed", "fell through",
        "scrapped", "not going", "called off", "bailing", "not happening", "scratch that",
        "no longer", "anymore", "after all", "didn't work out", "didn't pan out", "got scrapped",
        "fällt aus", "fällt leider aus", "abgesagt", "absagen", "annulé", "annulée", "plus",
        "n'irai", "pas", "cancelado", "cancelada", "canceló", "cancelé", "nada de", "no voy",
        "cancelei", "não vou mais", "not",
    ),
    # the plan that replaces a cancelled one
    "swap": _words(
        "instead", "now", "this time", "change of plans", "but", "is on", "locked in",
        "stattdessen", "dafür", "jetzt", "finalement", "mais", "al final", "ahora", "pero",
        "no lugar", "agora", "mas",
    ),
    # the author lives there
    "home": _words(
        "live in", "living in", "lived in", "born", "raised", "originally", "native",
        "resident", "based in", "moved to", "hometown", "grew up", "home sweet home",
        "my place", "as a", "is home", "my whole life", "i'm from", "im from", "wohne", "wohnen", "aus", "habite", "né", "lyonnais",
        "vivo", "soy de", "moro", "sou d[oa]",
    ),
    # the author goes or is there
    "travel": _words(
        "to", "in", "into", "flying", "fly", "landing", "landed", "heading", "headed", "off to",
        "going", "gonna be", "trip", "visiting", "arriving", "staying", "bound", "booked",
        "i'm in", "im in", "i'll be", "will be", "be in", "layover", "passing through",
        "nach", "fliege", "fahre", "bin", "in", "je serai", "je suis", "je vais", "je pars",
        "je passe", "je descends", "à", "voy", "me voy", "estoy", "estaré", "en",
        "vou", "tô", "estou", "vou estar", "pra", "pro", "indo",
    ),
    # asking about a place rather than announcing a visit
    "ask": _words(
        "is it", "is", "worth", "anyone been", "anyone know", "any tips", "tips for", "best",
        "where should", "how", "what's", "what is", "does anyone", "do you", "who here",
        "anyone live", "anyone from", "lohnt", "kennt jemand", "vaut", "conseils", "qué tal",
        "alguien conoce", "vale a pena", "alguém sabe", "alguém conhece",
    ),
    # an invitation to meet: what a trip post usually ends with
    "invite": _words(
        "who's around", "anyone around", "anyone", "who's in", "hmu", "hit me up", "ping me",
        "meetup", "meet up", "drinks", "beers", "beer", "coffee", "wer ist da", "jemand",
        "qui est dispo", "quelqu'un", "on se voit", "quién", "alguien", "quedamos", "alguém",
        "bora", "quem",
    ),
}

_CLAUSE_BREAK = re.compile(
    r"[,;.!?\n()]+|\s[-–—]\s|\s(?:but|so|aber|mais|pero|mas|then|now)\s", re.IGNORECASE
)


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Character spans of the clauses: cues apply to the clause they are in."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.start() if match.group(0).strip().isalpha() else match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def cues_in(text: str) -> frozenset[str]:
    return frozenset(name for name, pattern in CUES.items() if pattern.search(text))
