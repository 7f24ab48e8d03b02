"""Draws executed at the same moment in separate OS processes never together push an entity
over its visit cap, nor inspect it twice for one item (R6, R19): the execution locks the drawn
entities in the public schema and re-checks the ledger (suiji_platform.ledger.reservations).

Three committed draws of one county, cap 2: A (item ZJ-001, 25 %), B (ZJ-002, 100 %) and
C (ZJ-001, 50 %). A and C share the item and (almost surely) entities; B takes every entity.
Whatever order the processes get the lock in, B and exactly one of A and C execute; the other
is refused with a message naming the entities, and writes nothing.

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
from suiji_tenants.draws.models import Draw, DrawStatus

from .factories import county_with_tasks

ROOT = Path(__file__).resolve().parents[3]
CODE = "533195"

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
        print("OK", draw_id)
    except FieldError as exc:
        print("ERR", draw_id, exc.code, exc.message)
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
def three_draws(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        _remove()
        org = create_organisation(
            code=CODE, name="并发上限测试县", kind="county", parent_code="533100"
        )
        staff = User.objects.get(username="mangshi.staff")
        with schema_context(org.schema_name):
            tasks = county_with_tasks(
                org,
                tasks=((("ZJ-001",), 2500), (("ZJ-002",), 10000), (("ZJ-001",), 5000)),
                access=Access(org, frozenset({Role.COUNTY_ADMIN}), read_only=False),
            )
            draws = []
            for task in tasks:
                draw = services.create_draw(
                    task, 1, visit_cap=2, organisation=org, acting_user=staff
                )
                draws.append(services.commit_draw(draw, organisation=org, acting_user=staff))
        try:
            yield org, draws
        finally:
            _remove()


def test_concurrent_executions_respect_cap_and_items(
    three_draws: Any, django_db_blocker: Any
) -> None:
    org, (a, b, c) = three_draws
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
            [sys.executable, "-c", SCRIPT, CODE, str(d.pk), str(start)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for d in (a, b, c)
    ]
    outputs = {}
    for d, p in zip((a, b, c), procs, strict=True):
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        outputs[d.pk] = out.strip()
    assert outputs[b.pk].startswith("OK"), outputs
    ok = [pk for pk, out in outputs.items() if out.startswith("OK")]
    refused = [out for out in outputs.values() if out.startswith("ERR")]
    assert len(ok) == 2 and len(refused) == 1, outputs
    assert " ledger_conflict " in refused[0] and "ZJ-001" in refused[0]
    with django_db_blocker.unblock():
        rows = list(
            LedgerEntry.objects.filter(organisation=org, voided=False).values_list(
                "entity_code", "item_code", "visit_key"
            )
        )
        visits: dict[str, set[str]] = {}
        for code, _, key in rows:
            visits.setdefault(code, set()).add(key)
        assert max(len(v) for v in visits.values()) == 2
        assert len({(code, item) for code, item, _ in rows}) == len(rows)
        with schema_context(org.schema_name):
            statuses = dict(Draw.objects.values_list("pk", "status"))
        assert sorted(statuses.values()) == sorted(
            [DrawStatus.EXECUTED, DrawStatus.EXECUTED, DrawStatus.COMMITTED]
        )
