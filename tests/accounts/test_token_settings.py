"""The token and proxy settings from the environment: a bad value stops start-up naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "API_"))}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import cspeval.settings as s; print(s.API_TOKEN_TTL_DAYS, s.API_TOKEN_THROTTLE_RATE, s.TRUSTED_PROXY_COUNT)",
        ],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_token_settings_defaults_are_30_days_10_a_minute_and_no_proxy():
    result = _load()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["30", "10/minute", "0"]


def test_token_settings_behind_a_proxy_trust_one_hop_unless_told_more():
    assert _load(DJANGO_BEHIND_PROXY="true").stdout.split()[2] == "1"
    assert _load(DJANGO_BEHIND_PROXY="true", DJANGO_TRUSTED_PROXY_COUNT="2").stdout.split()[2] == "2"
    # a proxy count without DJANGO_BEHIND_PROXY trusts nothing
    assert _load(DJANGO_TRUSTED_PROXY_COUNT="2").stdout.split()[2] == "0"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"API_TOKEN_TTL_DAYS": "a month"}, "API_TOKEN_TTL_DAYS must be a whole number, not 'a month'."),
        ({"API_TOKEN_TTL_DAYS": "0"}, "API_TOKEN_TTL_DAYS must be at least 1, not 0."),
        ({"API_TOKEN_TTL_DAYS": "99999999"}, "API_TOKEN_TTL_DAYS must be at most 3650"),
        ({"API_TOKEN_THROTTLE_RATE": "fast"}, "API_TOKEN_THROTTLE_RATE must be requests per period"),
        ({"API_TOKEN_THROTTLE_RATE": "0/minute"}, "API_TOKEN_THROTTLE_RATE must be requests per period"),
        ({"DJANGO_TRUSTED_PROXY_COUNT": "0"}, "DJANGO_TRUSTED_PROXY_COUNT must be at least 1, not 0."),
        ({"DJANGO_TRUSTED_PROXY_COUNT": "one"}, "DJANGO_TRUSTED_PROXY_COUNT must be a whole number, not 'one'."),
    ],
)
def test_token_settings_bad_value_names_the_variable(env, message):
    result = _load(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
