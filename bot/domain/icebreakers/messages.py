"""The words of the icebreaker messages: one line per person, the "who you'll meet" DM and
the "did you make it?" check-back. Stored text is already clean (no pings); titles and venues
are escaped here because they are shown inside bold markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.text import truncate

MESSAGE_LIMIT = 2000
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\*_~`|[]"})


@dataclass(frozen=True, slots=True)
class PersonLine:
    name: str
    pronouns: str = ""
    intro: str = ""
    topics: tuple[str, ...] = ()
    first_timer: bool = False


def escape(text: str) -> str:
    return text.translate(_MARKDOWN)


def person_line(person: PersonLine) -> str:
    """ "<@1> (she/her) 🌱 first tweetup — Climber · ask me about: jazz, Rust"."""
    line = person.name
    if person.pronouns:
        line += f" ({escape(person.pronouns)})"
    if person.first_timer:
        line += " 🌱 first tweetup"
    if person.intro:
        line += f" — {escape(person.intro)}"
    if person.topics:
        line += f" · ask me about: {escape(', '.join(person.topics))}"
    return line


def people_lines(people: Sequence[PersonLine], unnamed: int, limit: int = 20) -> list[str]:
    lines = [f"• {person_line(p)}" for p in people[:limit]]
    more = len(people) - limit + unnamed if len(people) > limit else unnamed
    if more:
        lines.append(f"• …and {more} more")
    return lines


def meet_text(
    *, reminder: str, people: Sequence[PersonLine], unnamed: int, starters: Sequence[str]
) -> str:
    """The day-before reminder (when, where, the link), then who the reader will meet."""
    lines = [reminder, ""]
    if people or unnamed:
        lines.append("**Who you'll meet**")
        lines.extend(people_lines(people, unnamed, limit=12))
    else:
        lines.append("Nobody else has said they're going yet: you might be the first!")
    if starters:
        lines.append("")
        lines.append("💬 " + " · ".join(starters))
    return truncate("\n".join(lines), MESSAGE_LIMIT)


def checkback_text(*, title: str, place: str) -> str:
    return (
        f"How was **{escape(title)}** in {escape(place)}? Did you make it?\n"
        "Your answer stays private: it only counts towards the server's meetup numbers."
    )
