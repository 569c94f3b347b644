"""Configuration: one typed object built from ``config.toml`` and the environment.

Validation happens once, at start, so a typo in a key or a bad value stops the bot with a
message naming the key instead of failing an hour later inside a command. The Discord token
is deliberately *not* part of it: it is read from ``DISCORD_TOKEN`` only, so it can never be
committed in a config file or echoed by ``check-config``.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from bot.domain.durations import MAX_LEAD_MINUTES, MAX_LEADS
from bot.domain.shards import parse_shard_ids

ENV_PREFIX = "TWEETUP_"
CONFIG_ENV = "TWEETUP_CONFIG"
TOKEN_ENV = "DISCORD_TOKEN"
#: Discord ids are unsigned 64-bit, but the database stores them as signed BIGINT.
SNOWFLAKE_MAX = 2**63 - 1
#: Ten years: enough for any test of the calendar, small enough to stay within datetime's range.
MAX_CLOCK_OFFSET = 3650 * 86400.0
#: Far above any real bot (Discord suggests one shard per ~1,000 guilds).
MAX_SHARDS = 4096


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BotSection(_Section):
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    data_dir: Path = Path("data")
    sync_commands: Literal["auto", "off"] = "auto"
    dev_guild_id: int | None = Field(default=None, gt=0, le=SNOWFLAKE_MAX)
    clock_offset_seconds: float = Field(default=0.0, ge=-MAX_CLOCK_OFFSET, le=MAX_CLOCK_OFFSET)
    #: Ask Discord for the privileged MESSAGE_CONTENT intent (trip radar needs it). Off by
    #: default: the explicit paths (the message menu, @mentions) work without it.
    message_content_intent: bool = False

    #: Gateway shards in all (None: one unsharded connection, as a small bot needs;
    #: "auto": as many as Discord recommends in ``GET /gateway/bot``).
    shard_count: Annotated[int, Field(ge=1, le=MAX_SHARDS)] | Literal["auto"] | None = None
    #: The shards this process runs (None: all of them). NoDecode: ``0-3`` in the
    #: environment is a range, not JSON.
    shard_ids: Annotated[tuple[Annotated[int, Field(ge=0)], ...] | None, NoDecode] = None

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_range(cls, value: object) -> object:
        return parse_shard_ids(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _shards_fit(self) -> BotSection:
        if self.shard_ids is None:
            return self
        if self.shard_count is None or self.shard_count == "auto":
            raise ValueError(
                "shard_ids needs a fixed shard_count (every process must agree on it), "
                'e.g. shard_count = 6 and shard_ids = "0-1"'
            )
        too_big = [shard for shard in self.shard_ids if shard >= self.shard_count]
        if too_big:
            raise ValueError(
                f"shard ids must be below shard_count ({self.shard_count}); got {too_big}"
            )
        return self

    @property
    def runs_every_shard(self) -> bool:
        """False when other processes must run the remaining shards."""
        if self.shard_ids is None or not isinstance(self.shard_count, int):
            return True
        return set(self.shard_ids) == set(range(self.shard_count))

    #: "json": one object per line for log collectors (ids, never tokens or message text).
    log_format: Literal["text", "json"] = "text"
    #: Serve /healthz and /metrics on this port (off when unset; 0 picks a free port).
    metrics_port: int | None = Field(default=None, ge=0, le=65535)
    #: Loopback by default: the endpoint has no authentication.
    metrics_host: str = Field(default="127.0.0.1", min_length=1)


class DatabaseSection(_Section):
    url: str = ""
    auto_migrate: Literal["embedded", "always", "never"] = "embedded"
    echo: bool = False

    @field_validator("url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        return normalize_database_url(value) if value else value


class DiscordSection(_Section):
    api_base_url: str = "https://discord.com/api/v10"
    gateway_url: str = "wss://gateway.discord.gg/"
    guild_ready_timeout: float = Field(default=2.0, gt=0, le=60)

    @field_validator("api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("gateway_url")
    @classmethod
    def _ws_url(cls, value: str) -> str:
        if not value.startswith(("ws://", "wss://")):
            raise ValueError("expected a ws:// or wss:// URL")
        return value


class PlacesSection(_Section):
    online_geocoding: bool = False
    nominatim_user_agent: str = Field(default="tweetup-discord-bot", min_length=3)


# The widest matching radius anywhere; slash command options declare the same bound, so
# Discord itself refuses what the bot would refuse.
RADIUS_LIMIT_KM = 500


class DefaultsSection(_Section):
    """Defaults for guilds that have not changed their settings yet."""

    radius_km: int = Field(default=50, ge=1, le=500)
    max_radius_km: int = Field(default=RADIUS_LIMIT_KM, ge=1, le=RADIUS_LIMIT_KM)
    trip_retention_days: int = Field(default=30, ge=0, le=3650)
    reminder_lead_times_minutes: tuple[int, ...] = Field(default=(1440, 120), max_length=MAX_LEADS)
    sociable_hours: tuple[int, int] = (11, 22)
    series_post_days_ahead: int = Field(default=7, ge=1, le=28)
    # Members in one city on the same days before a meetup is suggested (0: never).
    hotspot_size: int = Field(default=3, ge=0, le=50)

    @field_validator("reminder_lead_times_minutes")
    @classmethod
    def _lead_times(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        """Each within what a member may choose with ``/notify``; largest first, no repeats."""
        for minutes in value:
            if not 1 <= minutes <= MAX_LEAD_MINUTES:
                raise ValueError(
                    f"each lead time must be between 1 and {MAX_LEAD_MINUTES} minutes (14 days)"
                )
        if len(set(value)) != len(value):
            raise ValueError("lead times must not repeat")
        return tuple(sorted(value, reverse=True))

    @field_validator("sociable_hours")
    @classmethod
    def _hours_of_one_day(cls, value: tuple[int, int]) -> tuple[int, int]:
        """Whole hours of one day (a slot cannot start at 24:00), the start before the end."""
        start, end = value
        if not (0 <= start <= 23 and 0 <= end <= 23):
            raise ValueError("hours must be between 0 and 23")
        if start >= end:
            raise ValueError("the start hour must come before the end hour, e.g. [11, 22]")
        return value

    @model_validator(mode="after")
    def _radius_within_maximum(self) -> DefaultsSection:
        if self.radius_km > self.max_radius_km:
            raise ValueError(
                f"radius_km ({self.radius_km}) must not exceed max_radius_km ({self.max_radius_km})"
            )
        return self


class DeliverySection(_Section):
    """How fast direct messages go out: as fast as Discord's limits allow, shared by every
    process on one PostgreSQL database (see docs/delivery.md)."""

    #: Discord's global limit is 50 requests/s per bot token; a little under it, so that
    #: network and scheduling jitter never bunch 51 requests into one second (46 let
    #: several processes' requests bunch into 52: benchmarks/README.md, scale_out.py).
    requests_per_second: float = Field(default=44.0, gt=0, le=50)
    #: Opening a DM channel with someone the bot never wrote to is what Discord watches for
    #: spam (403, code 40003, about 30 in 30 s); a cached DM channel costs nothing.
    dm_opens_per_minute: float = Field(default=55.0, gt=0, le=1500)
    batch_size: int = Field(default=50, ge=1, le=1000)
    #: Discord drops a re-sent DM with the same nonce only for "a few minutes". A DM first
    #: claimed longer ago than this is looked for in the DM channel before it is re-sent.
    nonce_window_seconds: float = Field(default=120.0, gt=0, le=3600)


class ChatterSection(_Section):
    """Trips from chat. The public reply to an @mention removes itself after this long."""

    reply_timeout_seconds: float = Field(default=600.0, gt=0, le=86400)


class Settings(BaseSettings):
    """The whole configuration. Sections mirror the tables of ``config.example.toml``."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    bot: BotSection = BotSection()
    database: DatabaseSection = DatabaseSection()
    discord: DiscordSection = DiscordSection()
    places: PlacesSection = PlacesSection()
    defaults: DefaultsSection = DefaultsSection()
    delivery: DeliverySection = DeliverySection()
    chatter: ChatterSection = ChatterSection()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The file's values arrive as init arguments; the environment must win over them.
        return (env_settings, init_settings)

    @model_validator(mode="after")
    def _shared_database_for_several_processes(self) -> Settings:
        """Shards split over processes share one database; a SQLite file is one machine's
        and one writer's, so they would each see part of the data (or lock each other)."""
        if not self.bot.runs_every_shard and self.is_embedded_database:
            raise ValueError(
                f"bot.shard_ids {list(self.bot.shard_ids or ())} run only some of the "
                f"{self.bot.shard_count} shards, so other processes run the rest: several "
                "processes need one shared PostgreSQL database (set database.url to a "
                "postgresql:// URL); SQLite serves a single process only"
            )
        return self

    @property
    def database_url(self) -> str:
        """The configured URL, or the embedded SQLite file inside the data folder."""
        if self.database.url:
            return self.database.url
        return f"sqlite+aiosqlite:///{(self.bot.data_dir / 'tweetup.sqlite3').as_posix()}"

    @property
    def is_embedded_database(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def should_auto_migrate(self) -> bool:
        mode = self.database.auto_migrate
        return mode == "always" or (mode == "embedded" and self.is_embedded_database)


class ConfigError(Exception):
    """The configuration cannot be used; ``problems`` holds one human line per bad key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def normalize_database_url(url: str) -> str:
    """Accept the URLs people paste (``postgres://…``, ``sqlite:///…``); pick our async drivers."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError("expected a URL such as sqlite+aiosqlite:///data/tweetup.sqlite3")
    base = scheme.split("+", 1)[0]
    if base in ("postgres", "postgresql"):
        return f"postgresql+asyncpg://{rest}"
    if base == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    raise ValueError("expected a sqlite:// or postgresql:// URL")


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit is not None:
        return Path(explicit)
    return Path(os.environ.get(CONFIG_ENV, "config.toml"))


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Read the TOML file (optional unless named explicitly) and the environment, and validate."""
    file = config_path(path)
    explicit = path is not None or CONFIG_ENV in os.environ
    data: dict[str, Any] = {}
    if file.exists():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError([f"{file}: not valid TOML ({exc})"]) from exc
        except OSError as exc:
            raise ConfigError([f"{file}: cannot be read ({exc.strerror})"]) from exc
    elif explicit:
        raise ConfigError([f"{file}: no such file (copy config.example.toml to start one)"])
    try:
        return Settings(**data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from exc


def _describe(exc: ValidationError) -> list[str]:
    problems = []
    for error in exc.errors(include_url=False):
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        env = ENV_PREFIX + "__".join(str(part) for part in error["loc"]).upper()
        if error["type"] == "extra_forbidden":
            problems.append(f"{key}: unknown key (check the spelling against config.example.toml)")
            continue
        given = error.get("input")
        if isinstance(given, dict):  # a rule across keys: the message names them
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{key}: {message}" if error["loc"] else message)
            continue
        problems.append(f"{key} = {given!r}: {error['msg']} (file key {key!r} or env {env})")
    return problems
