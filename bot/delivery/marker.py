"""An invisible mark in each DM naming its outbox row, so a DM can be found again later.

Discord deduplicates a re-sent message by its nonce only for a few minutes, and does not
return the nonce when messages are read back (it is echoed in the create response and the
gateway event only). A bot that crashed after Discord created a DM but before it recorded
that, and stays down longer, must look in the DM channel instead: the mark tells which row
a message settled. It is zero-width characters (word joiners around the row id in binary),
so the member sees nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_EDGE = "\u2060"  # WORD JOINER
_BITS = {"0": "\u200b", "1": "\u200c"}  # ZERO WIDTH SPACE, ZERO WIDTH NON-JOINER
_READ = {char: bit for bit, char in _BITS.items()}
_MARK = re.compile(f"{_EDGE}([{''.join(_BITS.values())}]+){_EDGE}")


def mark(row_id: int) -> str:
    if row_id < 0:
        raise ValueError("row ids are not negative")
    return _EDGE + "".join(_BITS[bit] for bit in f"{row_id:b}") + _EDGE


def with_mark(content: str, row_id: int, *, limit: int = 2000) -> str:
    """``content`` ending with the mark of ``row_id``, within Discord's length ``limit``."""
    tag = mark(row_id)
    return content[: limit - len(tag)] + tag


def marked_rows(contents: Iterable[str]) -> set[int]:
    """Every row id marked in these message contents."""
    found: set[int] = set()
    for content in contents:
        for bits in _MARK.findall(content):
            found.add(int("".join(_READ[char] for char in bits), 2))
    return found
