"""Making user-written text safe to store and to show back in Discord.

Belt and braces: every message is also sent with mentions disabled, but a note that is
stored clean can be shown anywhere (an embed, a DM, an .ics file) without a second thought.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi overrides and isolates can reverse how surrounding text reads ("Trojan Source").
_BIDI = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
)
_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")
_SPACES = re.compile(r"\s+")
_INVISIBLE = frozenset({"Cc", "Cf"})
ZERO_WIDTH_SPACE = "\u200b"


def plain_text(text: str, *, limit: int, multiline: bool = False) -> str:
    """Text safe for any parser it ends up in (a message, an .ics file, a URL): NFC, no
    control or bidi characters, spaces folded (line breaks kept only if ``multiline``), at
    most ``limit`` characters."""
    text = unicodedata.normalize("NFC", text).translate(_BIDI)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "\n" if multiline else ""
    text = "".join(_visible(ch) if ch not in kept else ch for ch in text)
    if multiline:
        lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    else:
        text = _SPACES.sub(" ", text).strip()
    return truncate(text, limit)


def _visible(ch: str) -> str:
    """Whitespace-like controls become a space; other controls and format characters go."""
    if ch.isspace():
        return " "
    return "" if unicodedata.category(ch) in _INVISIBLE else ch


def clean_text(text: str, *, limit: int, multiline: bool = False) -> str:
    """User text as the bot shows it in Discord: :func:`plain_text` that can never ping."""
    return truncate(defuse_mentions(plain_text(text, limit=limit, multiline=multiline)), limit)


def defuse_mentions(text: str) -> str:
    """Make @everyone, @here and <@id>/<@&id>/<#id> inert while keeping them readable."""
    text = _MASS_MENTION.sub(lambda m: "@" + ZERO_WIDTH_SPACE + m.group(1), text)
    return _MENTION.sub(lambda m: "<" + m.group(1) + ZERO_WIDTH_SPACE + m.group(2) + ">", text)


def truncate(text: str, limit: int) -> str:
    if limit < 1:
        raise ValueError("limit must be positive")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"
