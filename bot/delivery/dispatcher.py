"""The background task that sends the outbox's direct messages.

It sleeps until the next message is due (no polling of every row), wakes early when told a
new message is queued, paces sends, and survives failures one message at a time: a DM that
fails never stops the loop. After downtime it simply finds the overdue rows and sends them;
composers decide what is still worth sending.

Exactly once: every DM carries a nonce (Discord drops a repeat within a few minutes) and an
invisible mark naming its row (:mod:`bot.delivery.marker`). A row first claimed longer ago
than the nonce window may have been delivered by a process that died before recording it,
so the DM channel is read first and the row marked sent if the DM is there.

Pace: as fast as Discord's limits allow (:mod:`bot.delivery.budget`), with several DMs in
flight (a request is a network round trip; one at a time could not use Discord's 50/s). DMs
to members whose DM channel is known go in one lane, new DM channels are opened in another
at the opening budget's pace, so a backlog of new channels never holds up the rest.

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

from bot.delivery.budget import RateBudget
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
from models.outbox import FAILED, SENT, SKIPPED, UNREACHABLE, OutboxMessage

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
#: How long a guild's name read from the API (another process runs its shard) is trusted.
NAME_TTL_SECONDS = 3600.0
NO_MENTIONS = discord.AllowedMentions.none()
#: Discord's JSON error codes the dispatcher acts on.
OPENING_DMS_TOO_FAST = 40003
NO_MUTUAL_GUILDS = 50278
OPEN_RETRIES = 8
MAX_OPEN_PAUSE = 60.0
#: DMs in flight at once to members with a known DM channel; the budget sets the pace, this
#: only has to cover the round trips (about 16 × 10 requests/s each is well above 50/s).
IN_FLIGHT = 16
#: New DM channels being opened at once: their pace is the opening budget's.
OPENING_IN_FLIGHT = 4
#: Batches being delivered at once: the next batch is claimed and composed while the last
#: DMs of the previous one are still on their way, so the pace never stalls between batches.
BATCHES_IN_FLIGHT = 2
#: A DM whose new channel cannot be opened within this many seconds (the budget is taken
#: that far ahead, or paused after a 40003) goes back to the outbox until then.
OPEN_MAX_WAIT = 10.0
#: After a batch has run this long, DMs still waiting for a new channel go back to the
#: outbox (due when the opening budget reaches them), so that claims stay short (another
#: process may take over a claim after ``outbox.STALE_AFTER``) and the next batch's DMs to
#: known channels need not wait for them.
BATCH_SECONDS = 20.0


class OpenLater(Exception):
    """No new DM channel may be opened now: try this DM again in ``seconds``."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


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
        self.budget = RateBudget.for_database(bot.db, bot.settings.delivery)
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
        self._task: asyncio.Task[None] | None = None
        self._batches: set[asyncio.Task[None]] = set()
        #: The lock being taken in a worker thread (see :meth:`_take_over`).
        self._acquiring: asyncio.Future[bool] | None = None
        self._batch_room = asyncio.Semaphore(BATCHES_IN_FLIGHT)
        self.sent = 0
        self._names: dict[int, tuple[float, str | None]] = {}

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
                for batch in list(self._batches):
                    batch.cancel()
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None
        if self._acquiring is not None:  # a take-over still in its thread: release after it
            await asyncio.wait({self._acquiring})
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
        await asyncio.gather(*self._batches, return_exceptions=True)

    async def _take_over(self) -> bool:
        """Become the dispatcher of this database; False while another process is.

        The lock file is rewritten in a worker thread: on a busy disk, truncating it stalled
        for up to half a second, which on the event loop delayed the connection at start."""
        self._acquiring = asyncio.ensure_future(asyncio.to_thread(self.lock.try_acquire))
        if not await asyncio.shield(self._acquiring):
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
        """Claim one batch and start sending it, once fewer than ``BATCHES_IN_FLIGHT`` are
        on their way; False when nothing was due."""
        await self._batch_room.acquire()
        try:
            now = self.bot.clock.now()
            async with self.bot.db.short_session() as session:
                claimed = await outbox.claim_due(
                    session=session, now=now, token=self.token, limit=self.batch_size
                )
        except BaseException:
            self._batch_room.release()
            raise
        if not claimed:
            self._batch_room.release()
            return False
        batch = asyncio.create_task(self._send_batch(claimed, now), name="tweetup-dm-batch")
        self._batches.add(batch)
        batch.add_done_callback(self._batch_done)
        return True

    def _batch_done(self, batch: asyncio.Task[None]) -> None:
        """Make room for the next batch, and look again: a DM put back may be due soon."""
        self._batches.discard(batch)
        self._batch_room.release()
        if not batch.cancelled() and batch.exception() is not None:
            log.error("A batch of DMs failed", exc_info=batch.exception())
        self.wake()

    async def _send_batch(self, claimed: Sequence[OutboxMessage], now: datetime) -> None:
        self._first_claimed.update({m.id: m.first_claimed_at for m in claimed})
        await self._learn_guild_names({m.guild_id for m in claimed})
        by_kind: dict[str, list[int]] = {}
        for message in claimed:
            by_kind.setdefault(message.kind, []).append(message.id)
        today = now.date()
        outgoing: list[Outgoing] = []
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
            outgoing.extend(composed.outgoing)
        try:
            await self._deliver_all(outgoing)
        finally:
            for message in claimed:
                self._first_claimed.pop(message.id, None)

    async def _deliver_all(self, items: Sequence[Outgoing]) -> None:
        """Deliver a batch in two lanes (known DM channels, new ones), several at a time;
        one member's DMs go in order, one after the other."""
        async with self.bot.db.read_session() as session:
            known = await outbox.recipients(
                session=session, user_ids={item.recipient_id for item in items}
            )
        by_recipient: dict[int, list[Outgoing]] = {}
        for item in items:
            by_recipient.setdefault(item.recipient_id, []).append(item)
        groups = [(known.get(user), group) for user, group in by_recipient.items()]
        warm = [g for g in groups if g[0] is not None and g[0].channel_id is not None]
        cold = [g for g in groups if g[0] is None or g[0].channel_id is None]
        started = asyncio.get_running_loop().time()
        await asyncio.gather(
            self._lane(warm, IN_FLIGHT, None), self._lane(cold, OPENING_IN_FLIGHT, started)
        )

    async def _lane(
        self,
        groups: Sequence[tuple[outbox.Recipient | None, Sequence[Outgoing]]],
        workers: int,
        started: float | None,
    ) -> None:
        """``workers`` tasks take the groups in turn. In the lane of new DM channels
        (``started`` set), what is left after ``BATCH_SECONDS`` goes back to the outbox.
        What was known of the member holds for their first DM; the next ones look again."""
        queue = iter(groups)
        postponed = 0

        async def work() -> None:
            nonlocal postponed
            loop = asyncio.get_running_loop()
            for recipient, group in queue:
                for index, item in enumerate(group):
                    if self._stopping:
                        await self._release(item.message_ids)
                    elif started is not None and loop.time() - started > BATCH_SECONDS:
                        postponed += 1
                        later = postponed * self.budget.open_interval
                        await self._release(item.message_ids, later=later)
                    else:
                        await self._deliver(item, recipient if index == 0 else None)

        await asyncio.gather(*(work() for _ in range(min(workers, len(groups)))))

    def _guild_name(self, guild_id: int) -> str:
        guild = self.bot.get_guild(guild_id)
        if guild is not None:
            return guild.name
        learned = self._names.get(guild_id)
        return learned[1] if learned and learned[1] else "a server you share with them"

    async def _learn_guild_names(self, guild_ids: set[int]) -> None:
        """Names of the guilds this process has no gateway cache for: with shards over
        several processes, any process delivers any DM, and a DM should still say which
        server it is about. One API read per guild per hour (renames show up later)."""
        now = asyncio.get_running_loop().time()
        for guild_id in sorted(guild_ids):
            learned = self._names.get(guild_id)
            if self.bot.get_guild(guild_id) is not None or (
                learned and now - learned[0] < NAME_TTL_SECONDS
            ):
                continue
            await self.budget.request()
            try:
                name: str | None = (await self.bot.fetch_guild(guild_id)).name
            except discord.HTTPException as error:  # left or deleted: the fallback will do
                log.info("Could not read the name of guild %s: %s", guild_id, error)
                name = None
            self._names[guild_id] = (now, name)

    async def _deliver(self, item: Outgoing, recipient: outbox.Recipient | None) -> None:
        try:
            if recipient is None:
                async with self.bot.db.read_session() as session:
                    unreachable = await outbox.is_unreachable(
                        session=session, user_id=item.recipient_id
                    )
            else:
                unreachable = recipient.unreachable
            if unreachable:
                await self._fall_back(item)
                await self._finish(item.message_ids, UNREACHABLE)
                return
            if recipient is not None and recipient.channel_id is not None:
                channel_id, known = recipient.channel_id, True
            else:
                channel_id, known = await self._dm_channel(item.recipient_id)
            # A DM channel is remembered before the first DM is sent into it: a DM whose
            # channel was not known yet cannot have been delivered.
            if (
                known
                and self._maybe_delivered(item)
                and await self._already_there(channel_id, item)
            ):
                log.info(
                    "DM to %s was delivered before a restart; not sending it again",
                    item.recipient_id,
                )
                await self._finish(item.message_ids, SENT)
                return
            channel = self.bot.get_partial_messageable(channel_id, type=discord.ChannelType.private)
            await self.budget.request()
            await channel.send(
                with_mark(item.content, min(item.message_ids)),
                nonce=item.nonce,
                allowed_mentions=NO_MENTIONS,
                view=item.view,
            )
        except OpenLater as later:
            log.info("No new DM channel for %s yet; in %.0f s", item.recipient_id, later.seconds)
            await self._release(item.message_ids, later=later.seconds)
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
        await self.budget.request()
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
            await self.budget.request()
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

    async def _dm_channel(self, user_id: int) -> tuple[int, bool]:
        """The member's DM channel id, and whether it was known before (cached)."""
        async with self.bot.db.read_session() as session:
            cached = await outbox.dm_channel_id(session=session, user_id=user_id)
        if cached is not None:
            return cached, True
        channel_id = await self._open_dm(user_id)
        async with self.bot.db.session() as session:
            await outbox.remember_dm_channel(
                session=session, user_id=user_id, channel_id=channel_id
            )
        return channel_id, False

    async def _open_dm(self, user_id: int) -> int:
        """Open a DM channel in the opening budget, waiting out Discord's refusal to open
        them faster (403, code 40003): that says "slower" (for every process, so the shared
        budget pauses), never that the member is unreachable."""
        for attempt in range(OPEN_RETRIES):
            # The global turn first: waiting for it after the opening turn would bunch
            # opens that their budget spaced out (Discord counts opens within seconds).
            await self.budget.request()
            later = await self.budget.open_dm(OPEN_MAX_WAIT)
            if later is not None:
                raise OpenLater(later)
            try:
                data = await self.bot.http.start_private_message(user_id)
                return int(data["id"])
            except discord.Forbidden as error:
                if error.code != OPENING_DMS_TOO_FAST:
                    raise
                pause = min(MAX_OPEN_PAUSE, 2.0 * 2**attempt)
                log.info("Opening DMs too fast; pausing new DM channels for %.0f s", pause)
                await self.budget.pause_opens(pause)
        raise OpenLater(MAX_OPEN_PAUSE)

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

    async def _release(self, message_ids: Sequence[int], later: float = 0.0) -> None:
        """Hand unsent claims back (at shutdown: due at once after a restart; a DM whose new
        channel must wait: due ``later`` seconds from now). Not a failure."""
        due_at = self.bot.clock.now() + timedelta(seconds=later)
        async with self.bot.db.session() as session:
            for message_id in message_ids:
                await outbox.retry_later(
                    session=session, message_id=message_id, token=self.token, due_at=due_at
                )

    async def _finish(self, message_ids: Sequence[int], status: str) -> None:
        if not message_ids:
            return
        self.bot.metrics.outbox_finished.labels(status).inc(len(message_ids))
        async with self.bot.db.short_session() as session:
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
