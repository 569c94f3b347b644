"""The background task that sends the outbox's direct messages.

It sleeps until the next message is due (no polling of every row), wakes early when told a
new message is queued, paces sends, and survives failures one message at a time: a DM that
fails never stops the loop. After downtime it simply finds the overdue rows and sends them;
composers decide what is still worth sending.

Exactly once: every DM carries a nonce (Discord drops a repeat within a few minutes) and an
invisible mark naming its row (:mod:`bot.delivery.marker`). A row first claimed longer ago
than the nonce window may have been delivered by a process that died before recording it,
so the DM channel is read first and the row marked sent if the DM is there.

Only real send failures count towards giving up, with backoff; restarts do not. An error
that cannot get better by retrying (a 4xx such as an invalid body) fails the row at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from bot.delivery.compose import (
    Composer,
    Outgoing,
    SeriesComposer,
    TripNoticeComposer,
    TweetupComposer,
)
from bot.delivery.hot_spots import HotSpotComposer
from bot.delivery.lock import DispatchLock
from bot.delivery.marker import marked_rows, with_mark
from bot.delivery.poll_news import PollNewsComposer
from bot.delivery.watches import WatchComposer
from bot.domain.tweetups.notices import thread_fallback
from bot.services import outbox, privacy
from bot.ui.departures import show_erasure
from models.outbox import FAILED, SENT, SKIPPED, UNREACHABLE

if TYPE_CHECKING:
    from bot.app import TweetupBot

log = logging.getLogger(__name__)

MAX_SLEEP = 300.0
STANDBY_RETRY = 15.0
RETRY_AFTER_ERROR = 5.0
#: Real send failures before a DM is given up; with the backoff below that is about an hour
#: of Discord or the network failing, not a number of restarts.
MAX_FAILURES = 10
FIRST_BACKOFF = 5.0
MAX_BACKOFF = 600.0
#: 4xx answers that may succeed later: unauthorized (a token being rotated), request timeout,
#: rate limited. Every other 4xx says this message can never be sent as it is.
RETRYABLE_CLIENT_ERRORS = frozenset({401, 408, 429})
#: How many recent messages of a DM channel are read to find an unconfirmed DM.
LOOKUP_LIMIT = 50
NO_MENTIONS = discord.AllowedMentions.none()
#: Discord allows a bot 50 requests per second in all (the global rate limit). The DM pace
#: (``delivery.dms_per_second``) counts DMs, but a DM to someone the bot never wrote to costs
#: two requests (open the DM channel, then post), so each request also takes a slot of this
#: pace: a little under the limit, so that timing jitter never tips a second over it.
REQUESTS_PER_SECOND = 49.0
#: Discord's JSON error codes the dispatcher acts on.
OPENING_DMS_TOO_FAST = 40003
NO_MUTUAL_GUILDS = 50278
OPEN_RETRIES = 8
MAX_OPEN_PAUSE = 60.0


class OpeningTooFast(Exception):
    """Discord refused new DM channels for minutes: try this DM again later."""


class Pacer:
    """At most ``rate`` sends per second, evenly spaced."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next = 0.0

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        self._next = max(self._next, now)
        delay = self._next - now
        self._next += self.interval
        if delay > 0:
            await asyncio.sleep(delay)


def default_composers(bot: TweetupBot) -> list[Composer]:
    return [
        TripNoticeComposer(),
        TweetupComposer(bot.clock.now),
        PollNewsComposer(),
        SeriesComposer(),
        HotSpotComposer(),
        WatchComposer(),
    ]


class Dispatcher:
    def __init__(self, bot: TweetupBot, composers: Sequence[Composer] | None = None) -> None:
        self.bot = bot
        self.token = secrets.token_hex(8)
        self.lock = DispatchLock(bot.db.engine.url.render_as_string(hide_password=False))
        self.pacer = Pacer(bot.settings.delivery.dms_per_second)
        self.requests = Pacer(REQUESTS_PER_SECOND)
        self.batch_size = bot.settings.delivery.batch_size
        self.nonce_window = timedelta(seconds=bot.settings.delivery.nonce_window_seconds)
        self._first_claimed: dict[int, datetime | None] = {}
        self._composers = {
            kind: composer
            for composer in (composers or default_composers(bot))
            for kind in composer.kinds
        }
        self._wake = asyncio.Event()
        self._stopping = False
        self._opens_paused_until = 0.0
        self._task: asyncio.Task[None] | None = None
        self.sent = 0

    def add_composer(self, composer: Composer) -> None:
        for kind in composer.kinds:
            self._composers[kind] = composer

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="tweetup-dispatcher")

    async def stop(self, grace: float = 5.0) -> None:
        """Let the current message finish (never cut a database transaction), then stop."""
        if self._task is not None:
            self._stopping = True
            self._wake.set()
            try:
                await asyncio.wait_for(asyncio.shield(self._task), timeout=grace)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None
        self.lock.release()

    def wake(self) -> None:
        """Something was queued: look again now instead of at the next known due time."""
        self._wake.set()

    async def _run(self) -> None:
        """Take over (once), then send until stopped; any failure of either is logged and
        retried shortly, so the task never ends while the bot runs."""
        started = False
        while not self._stopping:
            self._wake.clear()
            try:
                if not started:
                    started = await self._take_over()
                elif not await self.run_once():
                    await self._sleep_until_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("Dispatcher iteration failed; retrying shortly")
                await self._sleep(RETRY_AFTER_ERROR)

    async def _take_over(self) -> bool:
        """Become the dispatcher of this database; False while another process is."""
        if not self.lock.try_acquire():
            log.info("Another process dispatches for this database; standing by")
            await self._sleep(STANDBY_RETRY)
            return False
        if self.lock.needed:
            async with self.bot.db.session() as session:
                released = await outbox.release_claims(session=session)
            if released:
                log.info("Re-queued %d messages claimed before a restart", released)
        return True

    async def run_once(self) -> bool:
        """Claim and send one batch; False when nothing was due."""
        now = self.bot.clock.now()
        async with self.bot.db.session() as session:
            claimed = await outbox.claim_due(
                session=session, now=now, token=self.token, limit=self.batch_size
            )
        if not claimed:
            return False
        self._first_claimed = {message.id: message.first_claimed_at for message in claimed}
        by_kind: dict[str, list[int]] = {}
        for message in claimed:
            by_kind.setdefault(message.kind, []).append(message.id)
        today = now.date()
        for kind in by_kind:
            composer = self._composers.get(kind)
            batch = [m for m in claimed if m.kind == kind]
            if composer is None:
                log.error("No composer for outbox kind %r; skipping %d messages", kind, len(batch))
                await self._finish([m.id for m in batch], SKIPPED)
                continue
            async with self.bot.db.read_session() as session:
                composed = await composer.compose(session, batch, self._guild_name, today)
            await self._finish(composed.skipped, SKIPPED)
            for index, item in enumerate(composed.outgoing):
                if self._stopping:
                    rest = composed.outgoing[index:]
                    await self._release([m for o in rest for m in o.message_ids])
                    return True
                await self._deliver(item)
        return True

    def _guild_name(self, guild_id: int) -> str:
        guild = self.bot.get_guild(guild_id)
        return guild.name if guild is not None else "a server you share with them"

    async def _deliver(self, item: Outgoing) -> None:
        try:
            async with self.bot.db.read_session() as session:
                unreachable = await outbox.is_unreachable(
                    session=session, user_id=item.recipient_id
                )
            if unreachable:
                await self._fall_back(item)
                await self._finish(item.message_ids, UNREACHABLE)
                return
            await self.pacer.wait()
            channel_id = await self._dm_channel(item.recipient_id)
            if self._maybe_delivered(item) and await self._already_there(channel_id, item):
                log.info(
                    "DM to %s was delivered before a restart; not sending it again",
                    item.recipient_id,
                )
                await self._finish(item.message_ids, SENT)
                return
            channel = self.bot.get_partial_messageable(channel_id, type=discord.ChannelType.private)
            await self.requests.wait()
            await channel.send(
                with_mark(item.content, min(item.message_ids)),
                nonce=item.nonce,
                allowed_mentions=NO_MENTIONS,
                view=item.view,
            )
        except OpeningTooFast:
            log.warning("Discord keeps refusing new DM channels; DM to %s later", item.recipient_id)
            await self._release(item.message_ids)
            return
        except discord.Forbidden as error:
            if error.code == NO_MUTUAL_GUILDS:
                await self._departed(item)
                return
            log.info("User %s does not accept DMs; marked unreachable", item.recipient_id)
            async with self.bot.db.session() as session:
                await outbox.mark_unreachable(
                    session=session, user_id=item.recipient_id, now=self.bot.clock.now()
                )
            await self._fall_back(item)
            await self._finish(item.message_ids, UNREACHABLE)
            return
        except discord.NotFound:
            async with self.bot.db.session() as session:
                await outbox.forget_dm_channel(session=session, user_id=item.recipient_id)
            await self._retry(item)
            return
        except discord.HTTPException as error:
            if 400 <= error.status < 500 and error.status not in RETRYABLE_CLIENT_ERRORS:
                log.warning("Discord refused the DM to %s for good (%s)", item.recipient_id, error)
                await self._finish(item.message_ids, FAILED)
                return
            log.warning("DM to %s failed (%s); will retry", item.recipient_id, error)
            await self._retry(item)
            return
        except (OSError, TimeoutError) as error:
            log.warning("DM to %s failed (%s); will retry", item.recipient_id, error)
            await self._retry(item)
            return
        except Exception:
            log.exception("Unexpected error sending DM to %s", item.recipient_id)
            await self._retry(item)
            return
        await self._finish(item.message_ids, SENT)
        self.sent += 1
        self.bot.metrics.dms.labels("sent").inc()

    def _maybe_delivered(self, item: Outgoing) -> bool:
        """First claimed longer ago than Discord remembers nonces: a process that died may
        have delivered it, and a re-send would not be deduplicated."""
        claims = [self._first_claimed.get(message_id) for message_id in item.message_ids]
        earliest = min((claim for claim in claims if claim is not None), default=None)
        return earliest is not None and self.bot.clock.now() - earliest >= self.nonce_window

    async def _already_there(self, channel_id: int, item: Outgoing) -> bool:
        await self.requests.wait()
        recent = await self.bot.http.logs_from(channel_id, LOOKUP_LIMIT)
        me = self.bot.user.id if self.bot.user is not None else None
        ours = [
            str(message.get("content", ""))
            for message in recent
            if me is None or str(message.get("author", {}).get("id")) == str(me)
        ]
        return not marked_rows(ours).isdisjoint(item.message_ids)

    async def _fall_back(self, item: Outgoing) -> None:
        """Mention the member in the tweetup's thread instead, once, pinging only them."""
        if item.fallback_channel_id is None:
            return
        channel = self.bot.get_partial_messageable(item.fallback_channel_id)
        try:
            await self.pacer.wait()
            await self.requests.wait()
            await channel.send(
                thread_fallback(item.recipient_id, item.content),
                nonce=item.nonce,
                view=item.view,
                allowed_mentions=discord.AllowedMentions(
                    everyone=False, roles=False, users=[discord.Object(item.recipient_id)]
                ),
            )
        except discord.HTTPException as error:
            log.warning("Thread fallback for %s failed: %s", item.recipient_id, error)

    async def _dm_channel(self, user_id: int) -> int:
        async with self.bot.db.read_session() as session:
            cached = await outbox.dm_channel_id(session=session, user_id=user_id)
        if cached is not None:
            return cached
        channel_id = await self._open_dm(user_id)
        async with self.bot.db.session() as session:
            await outbox.remember_dm_channel(
                session=session, user_id=user_id, channel_id=channel_id
            )
        return channel_id

    async def _open_dm(self, user_id: int) -> int:
        """Open a DM channel, waiting out Discord's limit on opening them (403, code 40003):
        that refusal says "slower", never that the member is unreachable."""
        for attempt in range(OPEN_RETRIES):
            loop = asyncio.get_running_loop()
            if self._opens_paused_until > loop.time():
                await asyncio.sleep(self._opens_paused_until - loop.time())
            await self.requests.wait()
            try:
                data = await self.bot.http.start_private_message(user_id)
                return int(data["id"])
            except discord.Forbidden as error:
                if error.code != OPENING_DMS_TOO_FAST:
                    raise
                pause = min(MAX_OPEN_PAUSE, 2.0 * 2**attempt)
                log.info("Opening DMs too fast; pausing new DM channels for %.0f s", pause)
                self._opens_paused_until = loop.time() + pause
        raise OpeningTooFast(user_id)

    async def _departed(self, item: Outgoing) -> None:
        """50278: the member shares no server with the bot any more. They left every server
        (without the members intent the bot was not told), so the leave rule applies as in
        ``on_raw_member_remove``: their data goes and their places pass to the waitlist."""
        log.info("User %s shares no server with the bot; treating them as gone", item.recipient_id)
        await self._finish(item.message_ids, UNREACHABLE)
        async with self.bot.db.session() as session:
            erasure = await privacy.erase(
                session=session,
                user_id=item.recipient_id,
                guild_id=None,
                defaults=self.bot.settings.defaults,
                now=self.bot.clock.now(),
            )
        await show_erasure(self.bot, erasure)

    async def _release(self, message_ids: Sequence[int]) -> None:
        """Hand unsent claims back at shutdown, so they go out at once after a restart."""
        async with self.bot.db.session() as session:
            for message_id in message_ids:
                await outbox.retry_later(
                    session=session,
                    message_id=message_id,
                    token=self.token,
                    due_at=self.bot.clock.now(),
                )

    async def _finish(self, message_ids: Sequence[int], status: str) -> None:
        if not message_ids:
            return
        self.bot.metrics.outbox_finished.labels(status).inc(len(message_ids))
        async with self.bot.db.session() as session:
            await outbox.finish(
                session=session,
                message_ids=message_ids,
                token=self.token,
                status=status,
                now=self.bot.clock.now(),
            )

    async def _retry(self, item: Outgoing) -> None:
        """Count one real failure; give up after ``MAX_FAILURES``, else back off and retry."""
        self.bot.metrics.dms.labels("failed").inc()
        async with self.bot.db.session() as session:
            failures = await outbox.attempts(session=session, message_id=item.message_ids[0]) + 1
            if failures >= MAX_FAILURES:
                await outbox.finish(
                    session=session,
                    message_ids=item.message_ids,
                    token=self.token,
                    status=FAILED,
                    now=self.bot.clock.now(),
                )
                log.warning("Gave up on DM to %s after %d failures", item.recipient_id, failures)
                return
            delay = min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** (failures - 1))
            await outbox.record_failure(
                session=session,
                message_ids=item.message_ids,
                token=self.token,
                due_at=self.bot.clock.now() + timedelta(seconds=delay),
            )

    async def _sleep_until_due(self) -> None:
        async with self.bot.db.read_session() as session:
            due = await outbox.next_due_at(session=session)
        if due is None:
            await self._sleep(MAX_SLEEP)
            return
        delay = (due - self.bot.clock.now()).total_seconds()
        if delay > 0:
            await self._sleep(min(delay, MAX_SLEEP))

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
