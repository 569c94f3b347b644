"""Discord markdown in, plain words out, remembering what was only quoted or struck out.

A city inside a ``> quote``, a code block or "quotation marks" is someone else's words, and
a city under ``~~strikethrough~~`` is a plan the author just cancelled: both are kept aside
rather than thrown away, because "~~madrid~~ barcelona" says as much about Madrid as about
Barcelona. Mentions, custom emoji and links are noise for reading a trip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Cleaned", "clean"]

MAX_CHARS = 2000  # Discord's own message limit: anything longer is not a chat message

_CODE_BLOCK = re.compile(r"```.*?(?:```|$)", re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_STRUCK = re.compile(r"~~(.+?)~~", re.DOTALL)
_SPOILER = re.compile(r"\|\|(.+?)\|\|", re.DOTALL)
_USER_MENTION = re.compile(r"<@[!&]?\d+>|@(?:everyone|here)\b")
_OTHER_TAG = re.compile(r"<(?:#\d+|a?:\w+:\d+|t:\d+(?::\w)?)>")
_LINK = re.compile(r"<?https?://\S+>?")
_QUOTED_SPEECH = re.compile(r"[\"“”„«»]([^\"“”„«»\n]{2,200})[\"“”«»]")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|(?<!\w)_|_(?!\w))")
_HEADING = re.compile(r"^\s*(?:#{1,3}\s+|-#\s+)", re.MULTILINE)
_SYMBOLS = re.compile(r"[^\w\s.,;:!?'’/()\-–—&@+]")
_SPACES = re.compile(r"[ \t]+")

MENTION_WORD = "@someone"


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The author's own words, plus what markup set apart from them."""

    text: str
    quoted: tuple[str, ...] = ()
    struck: tuple[str, ...] = ()
    mentions: int = 0

    @property
    def only_quoted(self) -> bool:
        """Nothing of the author's own beyond a reaction to a quote."""
        return bool(self.quoted) and len(self.text.split()) <= 8


def clean(message: str) -> Cleaned:
    text = message[:MAX_CHARS].replace("\r\n", "\n")
    quoted: list[str] = []
    struck: list[str] = []

    def keep_quoted(match: re.Match[str]) -> str:
        quoted.append(match.group(0).strip("`"))
        return " "

    text = _CODE_BLOCK.sub(keep_quoted, text)
    text = _INLINE_CODE.sub(keep_quoted, text)
    text = _quote_lines(text, quoted)
    text = _QUOTED_SPEECH.sub(lambda m: keep_quoted(m) + " ", text)

    def keep_struck(match: re.Match[str]) -> str:
        struck.append(match.group(1))
        return " "

    text = _STRUCK.sub(keep_struck, text)
    text = _SPOILER.sub(r"\1", text)
    text, mentions = _USER_MENTION.subn(f" {MENTION_WORD} ", text)
    text = _OTHER_TAG.sub(" ", text)
    text = _LINK.sub(" ", text)
    text = _HEADING.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _SYMBOLS.sub(" ", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return Cleaned(
        "\n".join(line for line in lines if line), tuple(quoted), tuple(struck), mentions
    )


def _quote_lines(text: str, quoted: list[str]) -> str:
    """``> line`` quotes one line, ``>>> text`` the rest of the message."""
    kept: list[str] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(">>> "):
            quoted.append("\n".join([stripped[4:], *lines[i + 1 :]]))
            break
        if stripped.startswith("> ") or stripped == ">":
            quoted.append(stripped[2:])
            continue
        kept.append(line)
    return "\n".join(kept)
