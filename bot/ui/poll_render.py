"""How a time poll looks: options in time order, scores, who voted, and what it became."""

from __future__ import annotations

import discord

from bot.domain.tweetups import Vote
from bot.services.poll_votes import PollCard
from bot.ui.render import COLOR
from bot.ui.tweetups import message_url, when

_VOTE_WORDS = {Vote.YES: "Yes", Vote.IF_NEED_BE: "If need be", Vote.NO: "No"}


def poll_embed(card: PollCard) -> discord.Embed:
    """Options in time order, each with its score and who said yes or if need be."""
    poll = card.poll
    lines = [
        f"<@{poll.proposer_id}> proposes meeting in **{poll.place_label}**.",
        "Invited: " + _invited(card),
        "Vote ✅ yes, 🤷 if need be or ❌ no for each time; press again to take it back. "
        "Times show in your own time zone.",
        "",
    ]
    for index, slot in enumerate(card.in_time_order(), start=1):
        tally = card.tallies.get(slot.id)
        lead = " ⭐ leading" if card.leading == slot.id and poll.status == "open" else ""
        chosen = (
            " ✅ **chosen**" if card.tweetup and card.tweetup.starts_at == slot.starts_at else ""
        )
        lines.append(f"**{index}.** {when(slot.starts_at)}{lead}{chosen}")
        detail = [slot.reason] if slot.reason else []
        detail.append(tally.text if tally else "no votes yet")
        lines.append("  " + " · ".join(detail))
        voters = _voters(card, slot.id)
        if voters:
            lines.append(f"  {voters}")
    lines.append("")
    lines.append(_status(card))
    return discord.Embed(
        title="🗳️ When shall we meet?", description="\n".join(lines)[:4000], color=COLOR
    )


def _status(card: PollCard) -> str:
    if card.poll.status == "open":
        return "The organizer confirms a time with the menu below."
    link = message_url(card.tweetup) if card.tweetup else None
    title = discord.utils.escape_markdown(card.tweetup.title) if card.tweetup else "the tweetup"
    return f"✅ **Confirmed**: [{title}]({link})" if link else f"✅ **Confirmed**: {title}"


def _voters(card: PollCard, slot_id: int) -> str:
    """ "✅ @ana @bo · 🤷 @cy +1 private": names only of members who may be seen here."""
    visible = set(card.named)
    parts = []
    for vote in (Vote.YES, Vote.IF_NEED_BE):
        who = [m for m, v in card.ballots.get(slot_id, {}).items() if v is vote]
        if not who:
            continue
        names = " ".join(f"<@{m}>" for m in who if m in visible)
        private = sum(1 for m in who if m not in visible)
        parts.append(f"{vote.emoji} {names}{f' +{private} private' if private else ''}".strip())
    return " · ".join(parts)


def _invited(card: PollCard) -> str:
    """Names only the members who may be seen here; the others are counted."""
    names = " ".join(f"<@{member}>" for member in card.named)
    private = len(card.poll.participant_ids) - len(card.named)
    if private:
        names += f" and {private} invited privately"
    return names


def your_votes(card: PollCard, user_id: int) -> str:
    """The voter's private receipt: "You said Yes to … and If need be to …"."""
    mine = card.votes_of(user_id)
    if not mine:
        return "You have no votes in this poll now."
    said = [f"**{_VOTE_WORDS[vote]}** to {when(slot.starts_at)}" for slot, vote in mine]
    text = ", ".join(said[:-1]) + (" and " if len(said) > 1 else "") + said[-1]
    return f"🗳️ You said {text}. Press a button again to take that vote back."
