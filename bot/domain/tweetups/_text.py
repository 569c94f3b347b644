"""Text hygiene shared by everything that leaves the bot (calendar files, links, DMs).

User-typed titles and venues end up in other programs' parsers; stripping control
characters and bounding lengths here means no single field can break a file or a message.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

ELLIPSIS: Final = "…"
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean(text: str, limit: int, *, multiline: bool = False) -> str:
    """NFC, no control characters (newlines kept only if ``multiline``), at most ``limit``."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = " ".join(text.split())
    text = _CONTROL.sub("", text.replace("\t", " ")).strip()
    return truncate(text, limit)


def truncate(text: str, limit: int) -> str:
    """Cut to at most ``limit`` characters, marking the cut with an ellipsis."""
    if limit < 1:
        return ""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS
