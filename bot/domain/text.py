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
ZERO_WIDTH_SPACE = "\u200b"


def clean_text(text: str, *, limit: int) -> str:
    """One line of plain text: no control or bidi characters, no mentions, at most ``limit``
    characters (cut at a word boundary with an ellipsis when possible)."""
    text = unicodedata.normalize("NFC", text).translate(_BIDI)
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    text = _SPACES.sub(" ", text).strip()
    text = defuse_mentions(text)
    return truncate(text, limit)


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
