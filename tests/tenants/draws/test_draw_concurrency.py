"""A draw executes once: several processes executing the same committed draw at the same
moment give exactly one result and a clear error for the others (R20).

The setup is committed outside the test transaction (other processes must see it) in a
temporary organisation that is dropped afterwards.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import Access
from suiji_platform.accounts.models import Role, User
from suiji_platform.ledger.models import LedgerEntry
from suiji_platform.organisations.models import Domain, Organisation
from suiji_platform.organisations.services import create_organisation, drop_schema
from suiji_tenants.draws import services
from suiji_tenants.draws.models import Draw, DrawStatus, DrawTarget, DrawTeam

from .factories import setup_county

ROOT = Path(__file__).resolve().parents[3]
CODE = "533196"
WORKERS = 4

SCRIPT = """
import sys, time
import django
django.setup()
from django_tenants.utils import schema_context
from suiji_platform.accounts.models import User
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.draws.services import execute_draw

code, draw_id, start = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
org = Organisation.objects.get(code=code)
user = User.objects.get(username="mangshi.staff")
with schema_context(org.schema_name):
    time.sleep(max(0.0, start - time.time()))
    try:
        execute_draw(draw_id, organisation=org, acting_user=user)
        print("OK")
    except FieldError as exc:
        print("ERR", exc.code, exc.message)
"""


def _remove() -> None:
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    org = Organisation.objects.filter(code=CODE).first()
    if org is not None:
        LedgerEntry.objects.filter(organisation=org).delete()
    Domain.objects.filter(tenant__code=CODE).delete()
    Organisation.objects.filter(code=CODE).delete()
    drop_schema(Organisation.schema_name_for(CODE))


@pytest.fixture
def committed_draw(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        _remove()
        org = create_organisation(code=CODE, name="并发测试县", kind="county", parent_code="533100")
        staff = User.objects.get(username="mangshi.staff")
        with schema_context(org.schema_name):
            task = setup_county(
                org, access=Access(org, frozenset({Role.COUNTY_ADMIN}), read_only=False)
            )
            draw = services.create_draw(task, 1, organisation=org, acting_user=staff)
            services.commit_draw(draw, organisation=org, acting_user=staff)
        try:
            yield org, draw
        finally:
            _remove()


def test_concurrent_executions_give_one_result(committed_draw: Any, django_db_blocker: Any) -> None:
    org, draw = committed_draw
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
            **{k: connection.settings_dict[k] or "" for k in ("USER", "HOST", "PORT", "NAME")}
        ),
        "PYTHONPATH": os.pathsep.join(str(ROOT / r) for r in ("platform", "tenants", "graphql")),
        "DJANGO_SETTINGS_MODULE": "suiji_platform.settings",
    }
    start = time.time() + 4.0
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT, CODE, str(draw.pk), str(start)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WORKERS)
    ]
    outputs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        outputs.append(out.strip())
    assert sorted(o.split(" ")[0] for o in outputs) == ["ERR"] * (WORKERS - 1) + ["OK"]
    errors = [o for o in outputs if o.startswith("ERR")]
    assert all(o.startswith("ERR already_executed 该抽取当前状态为“已抽取”") for o in errors), (
        errors
    )
    with django_db_blocker.unblock(), schema_context(org.schema_name):
        done = Draw.objects.get(pk=draw.pk)
        assert done.status == DrawStatus.EXECUTED
        assert DrawTarget.objects.filter(draw=done).count() == done.target_count == 12
        assert DrawTeam.objects.filter(draw=done).count() == done.team_count
        assert LedgerEntry.objects.filter(draw_reference=f"{CODE}:{done.reference}").count() == 12
