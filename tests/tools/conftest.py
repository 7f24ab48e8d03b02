"""Lets ``pytest tests/tools -p no:django`` run although pyproject's addopts has ``--reuse-db``."""

from typing import Any


def pytest_addoption(parser: Any, pluginmanager: Any) -> None:
    # Only called for initial conftests, i.e. when tests/tools is named on the command line.
    if not pluginmanager.has_plugin("django"):
        parser.getgroup("suiji tools").addoption(
            "--reuse-db", action="store_true", help="ignored: pytest-django is disabled"
        )


def pytest_configure(config: Any) -> None:
    config.addinivalue_line("markers", "slow: starts real embedded servers (SUIJI_SLOW_TESTS=1)")
