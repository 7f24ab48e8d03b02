"""tenant_create_seconds: creating a county by cloning the base schema vs. by running migrations."""

import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for root in ("platform", "tenants", "graphql"):
    sys.path.insert(0, str(REPO / root))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suiji_platform.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from scaffold import remove_county  # noqa: E402

from suiji_platform.demo import ensure_demo_organisations  # noqa: E402
from suiji_platform.organisations.services import create_organisation  # noqa: E402

CODE = "533191"
RUNS = 3


def remove() -> None:
    remove_county(CODE)


def timed(clone: bool) -> float:
    remove()
    start = time.perf_counter()
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=clone):
        create_organisation(code=CODE, name="基准测试县", kind="county", parent_code="533100")
    elapsed = time.perf_counter() - start
    remove()
    return elapsed


def main() -> None:
    call_command("setup", verbosity=0)
    ensure_demo_organisations()
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    clone = statistics.median(timed(True) for _ in range(RUNS))
    migrate = statistics.median(timed(False) for _ in range(RUNS))
    print(f"tenant_create_seconds_clone={clone:.3f} s")
    print(f"tenant_create_seconds_migrations={migrate:.3f} s")


if __name__ == "__main__":
    main()
