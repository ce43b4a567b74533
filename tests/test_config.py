"""Configuration validation: unknown tables and keys (with the closest known name), wrong
types, unreal time zones; and the example config, which must stay loadable and complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SCHEMA, ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent


def _load(tmp_path: Path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, env={})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[telegram]\nadmin = [1]\n", "[telegram] unknown key 'admin'; did you mean 'admins'?"),
        ("[chat]\ntimezon = 'UTC'\n", "[chat] unknown key 'timezon'; did you mean 'timezone'?"),
        ("[feed]\nurls = []\n", "unknown table [feed]; did you mean 'feeds'?"),
        ("[reminders]\ntick = 5\n", "[reminders] unknown key 'tick'; did you mean 'tick_seconds'?"),
        ("[telegram]\nzzz = 1\n", "[telegram] unknown key 'zzz'; known: token, base_url"),
    ],
)
def test_unknown_names_are_errors_with_a_suggestion(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert str(info.value).startswith(str(tmp_path / "config.toml") + ": ")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[chat]\ntimezone = "Asia/Bagdad"\n', "[chat] timezone must be an IANA time zone"),
        ('[chat]\ntimezone = "../../etc/passwd"\n', "[chat] timezone must be an IANA time zone"),
        ("[chat]\ntimezone = 3\n", "[chat] timezone must be an IANA time zone"),
        ('[chat]\nlanguage = "fr"\n', '[chat] language must be "ar" or "en", got \'fr\''),
        ('[telegram]\nadmins = "123"\n', "[telegram] admins must be a list of numeric user ids"),
        ("[telegram]\nadmins = [true]\n", "[telegram] admins must be a list of numeric user ids"),
        ("[telegram]\ntoken = 5\n", "[telegram] token must be text, got 5"),
        ('[telegram]\nbase_url = "ftp://x"\n', "[telegram] base_url must be an http(s) URL"),
        ("[storage]\npath = []\n", "[storage] path must be text"),
        ('[feeds]\nurls = ["file:///etc"]\n', "[feeds] urls must be a list of http(s) URLs"),
        ("[feeds]\npoll_minutes = 0\n", "[feeds] poll_minutes must be a positive number, got 0"),
        ("[feeds]\nmax_entries = 2.5\n", "[feeds] max_entries must be a positive whole number"),
        (
            "[reminders]\nconcurrency = true\n",
            "[reminders] concurrency must be a positive whole number",
        ),
        (
            '[reminders]\ndefault_weekday = "someday"\n',
            "[reminders] default_weekday must be a weekday",
        ),
        ("telegram = 1\n", "[telegram] must be a table"),
    ],
)
def test_wrong_types_and_values_name_the_table_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_valid_values_reach_the_config(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        '[telegram]\nadmins = [7, "8"]\nbase_url = "http://127.0.0.1:8081/bot"\n'
        '[chat]\ntimezone = "Europe/Paris"\nlanguage = "en"\n'
        '[feeds]\nurls = ["https://example.org/feed"]\npoll_minutes = 5\n'
        "[reminders]\nconcurrency = 2\n",
    )
    assert config.admins == frozenset({7, 8})
    assert (config.timezone, config.language, config.base_url) == (
        "Europe/Paris",
        "en",
        "http://127.0.0.1:8081/bot",
    )
    assert config.feeds == ("https://example.org/feed",)
    assert config.feed_poll_minutes == 5.0 and isinstance(config.feed_poll_minutes, float)
    assert config.reminders.concurrency == 2 and config.reminders.tick_seconds == 30.0


def test_environment_overrides_token_and_database(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[telegram]\ntoken = "from-file"\n[storage]\npath = "a.db"\n', encoding="utf-8")
    assert load_config(path, env={}).token == "from-file"
    config = load_config(path, env={"TELEGRAM_BOT_TOKEN": "from-env", "RAQIB_DB": "b.db"})
    assert (config.token, config.db_path) == ("from-env", "b.db")
    assert "from-env" not in repr(config)


def test_missing_explicit_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "nope.toml", env={})
    with pytest.raises(ConfigError, match="not valid TOML"):
        _load(tmp_path, "[telegram\n")


def test_example_config_loads_and_lists_every_key() -> None:
    example = ROOT / "config.example.toml"
    load_config(example, env={})
    text = example.read_text(encoding="utf-8")
    for table, keys in SCHEMA.items():
        assert f"[{table}]" in text
        for key in keys:
            assert f"{key} =" in text or f"# {key} =" in text, (
                f"[{table}] {key} missing from the example"
            )
