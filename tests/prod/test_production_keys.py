"""Production refuses to start with a missing or weak SECRET_KEY / FIELD_ENCRYPTION_KEY."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

REPO = Path(__file__).resolve().parents[2]
GOOD_SECRET = secrets.token_urlsafe(50)
GOOD_FIELD_KEY = Fernet.generate_key().decode()


def start(**overrides: str | None) -> subprocess.CompletedProcess[str]:
    """Load the settings the way a production process does (a fresh interpreter)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY")}
    env.update(
        SUIJI_ENV="production",
        DEBUG="false",
        SECRET_KEY=GOOD_SECRET,
        FIELD_ENCRYPTION_KEY=GOOD_FIELD_KEY,
        DJANGO_SETTINGS_MODULE="suiji_platform.settings",
        PYTHONPATH=os.pathsep.join(str(REPO / r) for r in ("platform", "tenants", "graphql")),
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    code = "import django; django.setup(); print('started')"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=60
    )


def test_good_keys_start() -> None:
    result = start()
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "short-key"}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY is too weak"),
        (
            {"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)},
            "placeholder 'django-insecure'",
        ),
        (
            {"SECRET_KEY": "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"},
            "placeholder 'dev-only'",
        ),
        ({"FIELD_ENCRYPTION_KEY": None}, "FIELD_ENCRYPTION_KEY is not set"),
        ({"FIELD_ENCRYPTION_KEY": "not-base64!"}, "is not a Fernet key"),
        # The development default: base64 of readable text.
        ({"FIELD_ENCRYPTION_KEY": "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="}, "is weak"),
        # 32 zero bytes: valid base64 of the right length, but not random.
        ({"FIELD_ENCRYPTION_KEY": "A" * 43 + "="}, "is weak"),
        # A good key first, a weak one kept for decryption: still refused (key #2).
        (
            {
                "FIELD_ENCRYPTION_KEY": GOOD_FIELD_KEY
                + ",ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="
            },
            "key #2 is weak",
        ),
    ],
)
def test_missing_or_weak_key_refuses_to_start(
    overrides: dict[str, str | None], message: str
) -> None:
    result = start(**overrides)
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    assert message in result.stderr
    assert "started" not in result.stdout


def test_development_keeps_its_defaults() -> None:
    result = start(SUIJI_ENV="development", SECRET_KEY=None, FIELD_ENCRYPTION_KEY=None, DEBUG=None)
    assert result.returncode == 0, result.stderr
