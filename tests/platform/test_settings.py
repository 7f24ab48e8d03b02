"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=120,
    )


PRODUCTION_ENV = {
    "SUIJI_ENV": "production",
    "SECRET_KEY": "k" * 20 + "9f8e7d6c5b4a3928171605f4e3d2c1b0a9f8e7d6c5b4a3928",
    "FIELD_ENCRYPTION_KEY": "q8b3Yx2dJ7w9yq0vR5T1mZcP4sN6uL8eK2fH0gA3bC4=",
    "ALLOWED_HOSTS": "suiji.example.gov.cn",
}


def test_production_settings_pass_check_deploy_without_warnings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = dict(PRODUCTION_ENV)
    env["SECRET_KEY"] = ""
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_settings_read_database_and_redis_urls_from_the_environment() -> None:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.DATABASES['default']['NAME'],"
        " s.DATABASES['default']['PORT'], s.CELERY_BROKER_URL)",
        DATABASE_URL="postgres://someone@127.0.0.1:6543/otherdb",
        REDIS_URL="redis://127.0.0.1:6390/3",
    )
    assert result.stdout.strip().splitlines()[-1].split() == [
        "otherdb",
        "6543",
        "redis://127.0.0.1:6390/3",
    ], result.stderr


def test_a_process_without_configuration_is_production_and_never_a_debug_server() -> None:
    bare = dict.fromkeys(("SUIJI_ENV", "DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEY"), "")
    environment = {k: v for k, v in os.environ.items() if k not in bare}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=120,
    )
    # Unconfigured means production: it asks for its keys instead of serving debug pages.
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SUIJI_ENV, s.DEBUG)",
        **PRODUCTION_ENV,
    )
    assert result.stdout.split()[-2:] == ["production", "False"], result.stderr


def test_production_refuses_to_start_with_debug_on() -> None:
    result = run_manage("check", DEBUG="true", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "DEBUG is on with SUIJI_ENV=production" in result.stderr


def test_development_has_no_debug_pages_unless_asked() -> None:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.DEBUG)",
        SUIJI_ENV="development",
    )
    assert result.stdout.split()[-1] == "False", result.stderr
