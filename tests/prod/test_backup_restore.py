"""Per-organisation backup restores into a fresh database: draws and audit chain still verify,
and nothing of another organisation comes along (deploy/backup/)."""

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import access_to
from suiji_platform.accounts.models import Membership, User
from suiji_platform.accounts.services import add_member
from suiji_platform.index.models import EntityIndex
from suiji_platform.ledger.models import LedgerEntry
from suiji_platform.organisations.models import Domain, Organisation
from suiji_platform.organisations.schemas import use_public_schema
from suiji_platform.organisations.services import create_organisation, drop_schema
from suiji_tenants.draws import services as draws
from suiji_tenants.draws.models import Draw

from ..tenants.draws.factories import setup_county

REPO = Path(__file__).resolve().parents[2]
KEPT, OTHER = "533187", "533188"
PASSWORD = "restore-test-Passw0rd!"
RUN = uuid.uuid4().hex[:6]


def _db_url(name: str) -> str:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _pg(*args: str) -> list[str]:
    db = settings.DATABASES["default"]
    return [
        *args,
        "-h",
        db["HOST"] or "127.0.0.1",
        "-p",
        str(db["PORT"] or 5432),
        "-U",
        db["USER"] or "postgres",
    ]


def _remove(code: str) -> None:
    use_public_schema()
    org = Organisation.objects.filter(code=code).first()
    if org is not None:
        LedgerEntry.objects.filter(organisation=org).delete()
        EntityIndex.objects.filter(organisation=org).delete()
        # Users stay (deleting one cascades into every schema); they lose the membership.
        Membership.objects.filter(organisation=org).delete()
        for model in org._meta.related_objects:
            if model.related_model not in (Organisation, Domain, Membership):
                model.related_model.objects.filter(**{model.field.name: org}).delete()
    Domain.objects.filter(tenant__code=code).delete()
    Organisation.objects.filter(code=code).delete()
    drop_schema(Organisation.schema_name_for(code))


def _county_with_a_draw(code: str) -> None:
    org = create_organisation(
        code=code, name=f"备份测试县{code}", kind="county", parent_code="533100"
    )
    admin = User.objects.get(username="mangshi.admin")
    with schema_context(org.schema_name):
        member = add_member(
            org,
            username=f"restore.{code}.{RUN}",
            display_name="备份",
            password=PASSWORD,
            role="county_admin",
            acting_user=admin,
        )
        task = setup_county(org, per_stratum=10, officers=8, access=access_to(member, org))
        kw = {"organisation": org, "acting_user": member}
        draw = draws.create_draw(task, 1, **kw)
        draws.commit_draw(draw, **kw)
        draws.add_witness_input(draw, name="公证处", value="2026", **kw)
        draws.execute_draw(draw, **kw)
        draws.publish_draw(Draw.objects.get(pk=draw.pk), **kw)
    use_public_schema()


@pytest.fixture
def two_counties(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Two counties with committed data (pg_dump must see it): no test transaction."""
    with django_db_blocker.unblock():
        for code in (KEPT, OTHER):
            _remove(code)
        try:
            for code in (KEPT, OTHER):
                _county_with_a_draw(code)
            connection.close()
            yield
        finally:
            for code in (KEPT, OTHER):
                _remove(code)
            connection.close()


def _run(cmd: list[str], url: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "SUIJI_PYTHON": sys.executable}
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, **kw)


def _sql(url: str, query: str) -> str:
    return _run(["psql", "-XAt", "-c", query, url], url, check=True).stdout.strip()


EXPORT_RECORDS = """
import django, json, sys; django.setup()
from django_tenants.utils import schema_context
from suiji_tenants.draws.models import Draw
from suiji_tenants.draws.services import read_record
with schema_context(sys.argv[1]):
    for d in Draw.objects.exclude(record_body_gz=None):
        open(sys.argv[2] + f"/{d.pk}.json", "wb").write(read_record(d))
"""


def test_an_organisation_restores_alone_into_a_fresh_database(
    two_counties: None, tmp_path: Path
) -> None:
    source_name = connection.settings_dict["NAME"]
    source = _db_url(source_name)
    backup = tmp_path / f"{KEPT}.tar.gz"
    done = _run(["bash", "deploy/backup/backup-org.sh", KEPT, str(backup)], source)
    assert done.returncode == 0, done.stderr

    fresh_name = f"{source_name}_orgrestore"
    fresh = _db_url(fresh_name)
    subprocess.run(_pg("dropdb", "--if-exists", "--force", fresh_name), check=True)
    subprocess.run(_pg("createdb", fresh_name), check=True)
    try:
        setup = _run([sys.executable, "manage.py", "setup", "-v0"], fresh)
        assert setup.returncode == 0, setup.stderr
        restored = _run(["bash", "deploy/backup/restore-org.sh", str(backup)], fresh)
        assert restored.returncode == 0, restored.stderr

        # The audit chain of the restored organisation verifies.
        audit = _run([sys.executable, "manage.py", "verify_audit", "--org", KEPT], fresh)
        assert audit.returncode == 0, audit.stdout + audit.stderr
        # Its draw records still verify with verify-draw.
        records = tmp_path / "records"
        records.mkdir()
        exported = _run([sys.executable, "-c", EXPORT_RECORDS, f"org_{KEPT}", str(records)], fresh)
        assert exported.returncode == 0, exported.stderr
        files = sorted(records.glob("*.json"))
        assert len(files) == 1
        verify = _run([sys.executable, "-m", "suiji_tenants.draws.verify", str(files[0])], fresh)
        assert verify.returncode == 0 and "PASS" in verify.stdout, verify.stdout + verify.stderr
        assert json.loads(files[0].read_bytes())["org"] == KEPT

        # Nothing of the other organisation: no schema, no rows, no member.
        assert (
            _sql(fresh, f"SELECT count(*) FROM pg_namespace WHERE nspname = 'org_{OTHER}'") == "0"
        )
        assert _sql(fresh, "SELECT string_agg(code, ',') FROM organisations_organisation") == KEPT
        for table in ("index_entityindex", "ledger_ledgerentry", "accounts_membership"):
            owners = (
                f"SELECT o.code, count(*) FROM {table} t JOIN organisations_organisation o "
                f"ON o.id = t.organisation_id WHERE o.code IN ('{KEPT}', '{OTHER}') GROUP BY 1"
            )
            assert _sql(fresh, owners) == _sql(source, owners + f" HAVING o.code = '{KEPT}'"), table
        assert _sql(fresh, "SELECT count(*) FROM ledger_ledgerentry") != "0"
        assert (
            _sql(
                fresh,
                f"SELECT count(*) FROM accounts_user WHERE username = 'restore.{OTHER}.{RUN}'",
            )
            == "0"
        )
        assert (
            _sql(
                fresh, f"SELECT count(*) FROM accounts_user WHERE username = 'restore.{KEPT}.{RUN}'"
            )
            == "1"
        )
        # The same data as in the source.
        for table in ("registries_marketentity", "draws_draw", "audit_auditrecord"):
            q = f"SELECT count(*) FROM org_{KEPT}.{table}"
            assert _sql(fresh, q) == _sql(source, q), table

        # A second restore is refused and changes nothing.
        again = _run(["bash", "deploy/backup/restore-org.sh", str(backup)], fresh)
        assert again.returncode != 0
        assert "already exists" in again.stderr
    finally:
        subprocess.run(_pg("dropdb", "--if-exists", "--force", fresh_name), check=False)
