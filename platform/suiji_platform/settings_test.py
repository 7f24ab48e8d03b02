"""Settings for the test suite: the test environment, said explicitly (the default is
production). Processes the tests start (a Celery worker, manage.py) inherit it."""

import os

os.environ.setdefault("SUIJI_ENV", "test")

from .settings import *  # noqa: E402, F403
