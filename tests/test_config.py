"""Configuration: defaults work, the environment wins over the file, bad values name their key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings, normalize_database_url


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("TWEETUP_CONFIG", "TWEETUP_DATABASE__URL", "TWEETUP_BOT__LOG_LEVEL"):
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
