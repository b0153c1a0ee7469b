"""Settings from the environment: defaults, and a clear stop on a bad value."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings


def test_defaults():
    settings = load_settings({})
    assert settings.port == 3000
    assert settings.api_url == "https://slack.com/api/"
    assert settings.send_at == "09:00" and settings.days == "mon-fri"
    assert settings.language == "en" and settings.min_group == 5
    assert settings.retention_days == 365
    assert not settings.socket_mode


def test_values_are_read_and_normalised():
    settings = load_settings(
        {
            "SLACK_API_URL": "http://127.0.0.1:9999/api",
            "COACH_ADMINS": "U123ABC, W456DEF",
            "COACH_AUDIENCE": "C0MANAGERS,S0LEADS",
            "COACH_SEND_AT": "8:30",
            "COACH_LANGUAGE": "DE",
            "SLACK_APP_TOKEN": "xapp-1-abc",
        }
    )
    assert settings.api_url == "http://127.0.0.1:9999/api/"
    assert settings.admins == {"U123ABC", "W456DEF"}
    assert settings.audience == ("C0MANAGERS", "S0LEADS")
    assert settings.send_at == "08:30" and settings.language == "de"
    assert settings.socket_mode


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "http"),
        ("PORT", "70000"),
        ("COACH_SEND_AT", "9am"),
        ("COACH_DAYS", "monday-friday"),
        ("COACH_LANGUAGE", "fr"),
        ("COACH_MIN_GROUP", "0"),
        ("COACH_RETENTION_DAYS", "-1"),
        ("COACH_ADMINS", "alice"),
        ("COACH_AUDIENCE", "U123ABC"),
        ("SLACK_BOT_TOKEN", "xoxp-user-token"),
        ("SLACK_APP_TOKEN", "xoxb-bot-token"),
        ("SLACK_API_URL", "slack.com/api"),
    ],
)
def test_a_bad_value_names_the_variable_and_value(name, value):
    with pytest.raises(ConfigError) as raised:
        load_settings({name: value})
    assert f"{name}=" in str(raised.value) and "expected" in str(raised.value)


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, ["SLACK_SIGNING_SECRET"]),
        ({"SLACK_APP_TOKEN": "xapp-1"}, ["SLACK_BOT_TOKEN"]),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, []),
    ],
)
def test_missing_slack_credentials_depend_on_the_mode(env, missing):
    assert load_settings(env).missing_slack_credentials() == missing


def test_every_bad_value_is_named_at_once():
    with pytest.raises(ConfigError) as raised:
        load_settings({"PORT": "abc", "COACH_SEND_AT": "25:00", "COACH_LANGUAGE": "fr"})
    assert raised.value.problems == [
        "PORT='abc' is not valid: expected a whole number from 1 to 65535",
        "COACH_SEND_AT='25:00' is not valid: expected a time of day as HH:MM, for example 09:00",
        "COACH_LANGUAGE='fr' is not valid: expected de or en",
    ]


def test_a_bad_token_shows_only_its_kind_never_the_secret():
    with pytest.raises(ConfigError) as raised:
        load_settings({"SLACK_BOT_TOKEN": "xoxp-1234-secret", "SLACK_APP_TOKEN": "xoxb-9-secret"})
    assert raised.value.problems == [
        "SLACK_BOT_TOKEN='xoxp-…' is not valid: expected a bot token starting with xoxb-",
        "SLACK_APP_TOKEN='xoxb-…' is not valid: expected an app-level token starting with xapp-",
    ]
    assert "secret" not in str(raised.value)


def test_a_list_of_ids_names_the_one_that_is_wrong():
    with pytest.raises(ConfigError) as raised:
        load_settings({"COACH_AUDIENCE": "C0MANAGERS, #leads"})
    assert "('#leads' is not one)" in str(raised.value)
