"""Who may announce and manage a tweetup."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    """The person acting, as Discord describes them in this guild."""

    user_id: int
    role_ids: Collection[int]
    is_admin: bool


def may_announce(
    actor: Actor, organizer_role_id: int | None, *, confirmed_poll_proposer: bool
) -> bool:
    """Admins, holders of the guild's organizer role, and whoever proposed a poll that was
    confirmed (they brought the group together)."""
    if actor.is_admin or confirmed_poll_proposer:
        return True
    return organizer_role_id is not None and organizer_role_id in actor.role_ids


def may_manage(actor: Actor, organizer_id: int, organizer_role_id: int | None) -> bool:
    """Editing or cancelling: the tweetup's own organizer, organizers and admins."""
    return actor.user_id == organizer_id or may_announce(
        actor, organizer_role_id, confirmed_poll_proposer=False
    )
