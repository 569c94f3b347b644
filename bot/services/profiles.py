"""Member profiles: a short intro, "ask me about" topics, pronouns, and whether the people one
will meet may see them. Per guild, like everything a member shares."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import InvalidInput, NotFound
from bot.domain.icebreakers import parse_topics
from bot.domain.text import clean_text
from bot.services.members import member_prefs
from models import Profile
from models.icebreakers import INTRO_LENGTH, PRONOUNS_LENGTH


@dataclass(frozen=True, slots=True)
class ProfileView:
    user_id: int
    intro: str
    topics: tuple[str, ...]
    pronouns: str
    show_to_attendees: bool

    @property
    def empty(self) -> bool:
        return not (self.intro or self.topics or self.pronouns)


def _view(row: Profile) -> ProfileView:
    return ProfileView(
        user_id=row.user_id,
        intro=row.intro,
        topics=tuple(row.topics or ()),
        pronouns=row.pronouns,
        show_to_attendees=row.show_to_attendees,
    )


async def set_profile(
    *,
    session: AsyncSession,
    guild_id: int,
    user_id: int,
    now: datetime,
    intro: str | None = None,
    topics: str | None = None,
    pronouns: str | None = None,
    show_to_attendees: bool | None = None,
) -> ProfileView:
    """Change what was given (an empty text clears that part); the rest stays."""
    if intro is not None and len(intro.strip()) > INTRO_LENGTH:
        raise InvalidInput(f"Keep your intro to {INTRO_LENGTH} characters (it has {len(intro)}).")
    row = await session.get(Profile, (guild_id, user_id))
    if row is None:
        row = Profile(
            guild_id=guild_id,
            user_id=user_id,
            intro="",
            topics=[],
            pronouns="",
            show_to_attendees=True,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
    if intro is not None:
        row.intro = clean_text(intro, limit=INTRO_LENGTH, multiline=False) if intro.strip() else ""
    if topics is not None:
        row.topics = list(parse_topics(topics))
    if pronouns is not None:
        row.pronouns = clean_text(pronouns, limit=PRONOUNS_LENGTH) if pronouns.strip() else ""
    if show_to_attendees is not None:
        row.show_to_attendees = show_to_attendees
    row.updated_at = now
    await session.flush()
    return _view(row)


async def profile_for_viewer(
    *, session: AsyncSession, guild_id: int, viewer_id: int, member_id: int
) -> ProfileView:
    """Someone's profile as ``viewer_id`` may see it: their own always; another member's only
    when that member shows it to the people they meet and can be found in this guild."""
    row = await session.get(Profile, (guild_id, member_id))
    if viewer_id == member_id:
        if row is None:
            raise NotFound("You have no profile here yet. Write one with `/profile set`.")
        return _view(row)
    prefs = await member_prefs(session=session, guild_id=guild_id, user_id=member_id)
    if row is None or row.show_to_attendees is False or not prefs.discoverable or not _has(row):
        raise NotFound("That member hasn't shared a profile in this server.")
    return _view(row)


def _has(row: Profile) -> bool:
    return bool(row.intro or row.topics or row.pronouns)


async def shared_profiles(
    *, session: AsyncSession, guild_id: int, user_ids: Collection[int]
) -> dict[int, ProfileView]:
    """The profiles of these members that they show to the people they meet."""
    rows = await session.scalars(
        select(Profile).where(
            Profile.guild_id == guild_id,
            Profile.user_id.in_(list(user_ids)),
            Profile.show_to_attendees,
        )
    )
    return {row.user_id: _view(row) for row in rows}
