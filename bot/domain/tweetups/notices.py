"""The words of tweetup DMs other than reminders: promotions, changes, cancellations.

Times are Discord timestamps, so each reader sees their own zone. Titles and venues are
stored clean already; they are still escaped here because DMs also go to a thread.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.text import defuse_mentions, truncate

DM_LIMIT = 2000


def _when(starts_at: datetime) -> str:
    unix = int(starts_at.timestamp())
    return f"<t:{unix}:F> (<t:{unix}:R>)"


def _what(title: str, place_label: str, venue: str) -> str:
    where = f"{venue}, {place_label}" if venue else place_label
    return f"**{defuse_mentions(title)}** in {defuse_mentions(where)}"


def promoted(title: str, place_label: str, venue: str, starts_at: datetime) -> str:
    return truncate(
        f"🎉 A place opened up: you're now **going** to {_what(title, place_label, venue)}, "
        f"{_when(starts_at)}. Can't make it any more? Press “Can't go” on the announcement "
        "so the next person gets your place.",
        DM_LIMIT,
    )


def changed(title: str, place_label: str, venue: str, starts_at: datetime) -> str:
    return truncate(
        f"✏️ {_what(title, place_label, venue)} was updated. It is now {_when(starts_at)}. "
        "Your answer still stands; change it on the announcement if your plans changed.",
        DM_LIMIT,
    )


def cancelled(title: str, place_label: str, starts_at: datetime) -> str:
    return truncate(
        f"❌ {_what(title, place_label, '')}, planned for {_when(starts_at)}, was cancelled "
        "by the organizer.",
        DM_LIMIT,
    )


def thread_fallback(recipient_id: int, text: str) -> str:
    """The same news as a mention in the tweetup's thread, for members whose DMs are closed."""
    return truncate(f"<@{recipient_id}> (I couldn't DM you) {text}", DM_LIMIT)


def poll_invite(place_label: str, guild_name: str, link: str) -> str:
    """A private invitation for a member who keeps their plans hidden in that server."""
    return truncate(
        f"🗳️ You're invited to vote on times to meet in **{defuse_mentions(place_label)}** "
        f"in {defuse_mentions(guild_name)}. You keep your plans private there, so the poll "
        f"doesn't show your name or your dates, and your vote is only counted: {link}",
        DM_LIMIT,
    )


_CARRIED = {
    "going": "You're **going** (you voted yes for this time).",
    "waitlisted": "It's full, so you're on the **waitlist**; I'll tell you if a place opens.",
    "maybe": "You're down as **maybe** (you said “if need be”).",
    "cant_go": "You answered **can't go**.",
}


def poll_confirmed(
    *,
    title: str,
    place_label: str,
    venue: str,
    starts_at: datetime,
    guild_name: str,
    answer: str | None,
    link: str,
) -> str:
    """The poll you were invited to is settled: when, where, what you answered, the link."""
    yours = _CARRIED.get(answer or "", "Press Going on the announcement if you can make it.")
    return truncate(
        f"✅ It's settled in {defuse_mentions(guild_name)}: {_what(title, place_label, venue)}, "
        f"{_when(starts_at)}. {yours} {link}",
        DM_LIMIT,
    )
