"""Executing draws at the same moment from separate OS processes (not threads), as concurrent
requests or workers would: each process waits for a common start time, runs `execute_draw` and
prints `OK` or `ERR <code> <message>`. Shared by the draw and the visit-cap concurrency tests."""

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from django.db import connection

from suiji_platform.ledger.models import LedgerEntry
from suiji_platform.organisations.models import Domain, Organisation
from suiji_platform.organisations.services import drop_schema

ROOT = Path(__file__).resolve().parents[2]

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


def execute_at_once(code: str, draw_ids: Sequence[int]) -> list[str]:
    """One process per id (an id may repeat), all starting together; their outputs in order."""
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
            [sys.executable, "-c", SCRIPT, code, str(pk), str(start)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for pk in draw_ids
    ]
    outputs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        outputs.append(out.strip())
    return outputs


def remove_organisation(code: str) -> None:
    """Drop a test organisation, its schema and its ledger rows."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    org = Organisation.objects.filter(code=code).first()
    if org is not None:
        LedgerEntry.objects.filter(organisation=org).delete()
    Domain.objects.filter(tenant__code=code).delete()
    Organisation.objects.filter(code=code).delete()
    drop_schema(Organisation.schema_name_for(code))
