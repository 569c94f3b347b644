"""Configuration: defaults work, the environment wins over the file, bad values name their key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings, normalize_database_url


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "TWEETUP_CONFIG",
        "TWEETUP_DATABASE__URL",
        "TWEETUP_BOT__LOG_LEVEL",
        "TWEETUP_BOT__SHARD_COUNT",
        "TWEETUP_BOT__SHARD_IDS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_give_an_embedded_database_in_the_data_folder() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///data/tweetup.sqlite3"
    assert settings.is_embedded_database
    assert settings.should_auto_migrate


def test_example_config_is_valid() -> None:
    example = Path(__file__).resolve().parents[1] / "config.example.toml"
    settings = load_settings(example)
    assert settings.defaults.radius_km == 50


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[bot]\nlog_level = "DEBUG"\n')
    monkeypatch.setenv("TWEETUP_BOT__LOG_LEVEL", "WARNING")
    assert load_settings(path).bot.log_level == "WARNING"


def test_postgres_urls_get_the_async_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWEETUP_DATABASE__URL", "postgres://bot@db:5432/tweetup")
    settings = load_settings()
    assert settings.database_url == "postgresql+asyncpg://bot@db:5432/tweetup"
    assert not settings.should_auto_migrate


@pytest.mark.parametrize(
    ("toml", "key", "fragment"),
    [
        ("[defaults]\nradius_km = 5000\n", "defaults.radius_km = 5000", "less than or equal"),
        ('[bot]\nlog_level = "LOUD"\n', "bot.log_level = 'LOUD'", "DEBUG"),
        ('[database]\nurl = "mysql://x/y"\n', "database.url", "sqlite:// or postgresql://"),
        ('[discord]\napi_base_url = "ftp://x"\n', "discord.api_base_url", "http"),
        ("[bot]\nlog_levle = 'INFO'\n", "bot.log_levle", "unknown key"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, toml: str, key: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, toml))
    [problem] = caught.value.problems
    assert problem.startswith(key)
    assert fragment in problem


def test_invalid_toml_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(write(tmp_path, "[bot\n"))


def test_a_named_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_settings(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql+psycopg://u@h/d", "postgresql+asyncpg://u@h/d"),
    ],
)
def test_normalize_database_url(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected


@pytest.mark.parametrize(
    ("toml", "key", "fragment"),
    [
        ("[defaults]\nsociable_hours = [25, 99]\n", "defaults.sociable_hours", "between 0 and 23"),
        ("[defaults]\nsociable_hours = [11, 24]\n", "defaults.sociable_hours", "between 0 and 23"),
        ("[defaults]\nsociable_hours = [-1, 10]\n", "defaults.sociable_hours", "between 0 and 23"),
        ("[defaults]\nsociable_hours = [22, 11]\n", "defaults.sociable_hours", "before the end"),
        ("[defaults]\nsociable_hours = [12, 12]\n", "defaults.sociable_hours", "before the end"),
        ("[defaults]\nsociable_hours = [12]\n", "defaults.sociable_hours", "required"),
        (
            "[defaults]\nreminder_lead_times_minutes = [1440, -60]\n",
            "defaults.reminder_lead_times_minutes",
            "between 1 and 20160",
        ),
        (
            "[defaults]\nreminder_lead_times_minutes = [0]\n",
            "defaults.reminder_lead_times_minutes",
            "between 1 and 20160",
        ),
        (
            "[defaults]\nreminder_lead_times_minutes = [30000]\n",
            "defaults.reminder_lead_times_minutes",
            "between 1 and 20160",
        ),
        (
            "[defaults]\nreminder_lead_times_minutes = [60, 60]\n",
            "defaults.reminder_lead_times_minutes",
            "repeat",
        ),
        (
            "[defaults]\nreminder_lead_times_minutes = [1, 2, 3, 4, 5, 6]\n",
            "defaults.reminder_lead_times_minutes",
            "at most 5",
        ),
        ("[defaults]\nradius_km = 0\n", "defaults.radius_km", "greater than or equal to 1"),
        ("[defaults]\nmax_radius_km = 5000\n", "defaults.max_radius_km", "less than or equal"),
        ("[defaults]\nradius_km = 300\nmax_radius_km = 100\n", "defaults", "must not exceed"),
        ("[defaults]\ntrip_retention_days = -1\n", "defaults.trip_retention_days", "greater"),
        ("[delivery]\nrequests_per_second = 0\n", "delivery.requests_per_second", "greater than 0"),
        (
            "[delivery]\nrequests_per_second = 80\n",
            "delivery.requests_per_second",
            "less than or equal",
        ),
        ("[delivery]\ndm_opens_per_minute = 0\n", "delivery.dm_opens_per_minute", "greater than"),
        ("[delivery]\nbatch_size = 0\n", "delivery.batch_size", "greater than or equal"),
        ("[discord]\nguild_ready_timeout = 0\n", "discord.guild_ready_timeout", "greater"),
        ('[discord]\ngateway_url = "http://x"\n', "discord.gateway_url", "ws://"),
        ("[bot]\ndev_guild_id = 0\n", "bot.dev_guild_id", "greater than 0"),
        ("[bot]\ndev_guild_id = 9223372036854775808\n", "bot.dev_guild_id", "less than"),
        ("[bot]\nclock_offset_seconds = 1e12\n", "bot.clock_offset_seconds", "less than"),
        ('[bot]\nsync_commands = "sometimes"\n', "bot.sync_commands", "auto"),
        ('[bot]\nlog_format = "xml"\n', "bot.log_format", "json"),
        ("[bot]\nmetrics_port = 70000\n", "bot.metrics_port", "less than or equal"),
        ("[bot]\nmetrics_port = -1\n", "bot.metrics_port", "greater than or equal"),
        ('[bot]\nmetrics_host = ""\n', "bot.metrics_host", "at least 1"),
        ('[database]\nauto_migrate = "yes"\n', "database.auto_migrate", "embedded"),
        ('[places]\nnominatim_user_agent = ""\n', "places.nominatim_user_agent", "at least 3"),
    ],
)
def test_every_key_is_checked_for_range_and_order(
    tmp_path: Path, toml: str, key: str, fragment: str
) -> None:
    """Values that would crash the bot later (a slot at 25:00, a reminder after the start)
    are refused when the configuration is loaded, naming the key."""
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, toml))
    [problem] = caught.value.problems
    assert problem.startswith(key), problem
    assert fragment in problem, problem


def test_lead_times_are_kept_largest_first(tmp_path: Path) -> None:
    settings = load_settings(
        write(tmp_path, "[defaults]\nreminder_lead_times_minutes = [30, 1440]\n")
    )
    assert settings.defaults.reminder_lead_times_minutes == (1440, 30)
    assert load_settings(
        write(tmp_path, "[defaults]\nsociable_hours = [0, 23]\n")
    ).defaults.sociable_hours == (0, 23)


def test_message_content_intent_is_off_unless_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trip radar's privileged intent is requested only when configured (file or env)."""
    assert load_settings(write(tmp_path, "")).bot.message_content_intent is False
    wanted = load_settings(write(tmp_path, "[bot]\nmessage_content_intent = true\n"))
    assert wanted.bot.message_content_intent is True
    monkeypatch.setenv("TWEETUP_BOT__MESSAGE_CONTENT_INTENT", "false")
    path = write(tmp_path, "[bot]\nmessage_content_intent = true\n")
    assert load_settings(path).bot.message_content_intent is False
    monkeypatch.delenv("TWEETUP_BOT__MESSAGE_CONTENT_INTENT")
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, '[bot]\nmessage_content_intent = "maybe"\n'))
    assert caught.value.problems[0].startswith("bot.message_content_intent")


PG = '[database]\nurl = "postgresql://bot@db/tweetup"\n'


def test_no_sharding_by_default() -> None:
    bot = load_settings().bot
    assert bot.shard_count is None
    assert bot.shard_ids is None
    assert bot.runs_every_shard


@pytest.mark.parametrize(
    ("given", "expected"),
    [("0-3", (0, 1, 2, 3)), ("4,5", (4, 5)), ("0-1,5", (0, 1, 5)), ("[2, 3]", (2, 3))],
)
def test_shard_ids_from_the_environment_take_ranges(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: tuple[int, ...]
) -> None:
    monkeypatch.setenv("TWEETUP_BOT__SHARD_COUNT", "6")
    monkeypatch.setenv("TWEETUP_BOT__SHARD_IDS", given)
    monkeypatch.setenv("TWEETUP_DATABASE__URL", "postgresql://bot@db/tweetup")
    bot = load_settings().bot
    assert bot.shard_count == 6
    assert bot.shard_ids == expected
    assert not bot.runs_every_shard


def test_shard_ids_in_the_file_are_a_list_or_a_range(tmp_path: Path) -> None:
    listed = load_settings(write(tmp_path, PG + "[bot]\nshard_count = 4\nshard_ids = [1, 3]\n"))
    assert listed.bot.shard_ids == (1, 3)
    ranged = load_settings(write(tmp_path, PG + '[bot]\nshard_count = 4\nshard_ids = "2-3"\n'))
    assert ranged.bot.shard_ids == (2, 3)


def test_auto_shard_count_and_every_shard_need_no_postgres(tmp_path: Path) -> None:
    auto = load_settings(write(tmp_path, '[bot]\nshard_count = "auto"\n'))
    assert auto.bot.shard_count == "auto"
    assert auto.is_embedded_database
    assert auto.bot.runs_every_shard
    every = load_settings(write(tmp_path, '[bot]\nshard_count = 2\nshard_ids = "0-1"\n'))
    assert every.bot.runs_every_shard


def test_some_shards_on_sqlite_are_refused_naming_postgres(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Other processes run the remaining shards: they must share one PostgreSQL database."""
    monkeypatch.setenv("TWEETUP_BOT__SHARD_COUNT", "6")
    monkeypatch.setenv("TWEETUP_BOT__SHARD_IDS", "0-1")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    [problem] = caught.value.problems
    assert "PostgreSQL" in problem
    assert "[0, 1]" in problem


@pytest.mark.parametrize(
    ("toml", "fragment"),
    [
        ("[bot]\nshard_count = 0\n", "greater than or equal to 1"),
        ('[bot]\nshard_count = "many"\n', "auto"),
        ('[bot]\nshard_ids = "0-1"\n', "fixed shard_count"),
        ('[bot]\nshard_count = "auto"\nshard_ids = [0]\n', "fixed shard_count"),
        ("[bot]\nshard_count = 4\nshard_ids = [1, 4]\n", "below shard_count (4); got [4]"),
        ('[bot]\nshard_count = 4\nshard_ids = "3-1"\n', "ends before it starts"),
        ('[bot]\nshard_count = 4\nshard_ids = "one"\n', "not a shard id"),
        ("[bot]\nshard_count = 4\nshard_ids = [-1]\n", "greater than or equal to 0"),
    ],
)
def test_bad_shard_settings_name_the_key(tmp_path: Path, toml: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, PG + toml))
    problems = caught.value.problems
    assert all(problem.startswith("bot") for problem in problems), problems
    assert any(fragment in problem for problem in problems), problems


def test_operations_are_quiet_by_default_and_set_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No HTTP endpoint unless asked for, and then on loopback; text logs unless JSON is asked."""
    settings = load_settings()
    assert settings.bot.metrics_port is None
    assert settings.bot.metrics_host == "127.0.0.1"
    assert settings.bot.log_format == "text"
    monkeypatch.setenv("TWEETUP_BOT__METRICS_PORT", "9464")
    monkeypatch.setenv("TWEETUP_BOT__LOG_FORMAT", "json")
    settings = load_settings()
    assert settings.bot.metrics_port == 9464
    assert settings.bot.log_format == "json"
