"""A real Celery worker process on Redis runs a task in the schema it was sent from."""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.worker


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_until_ready(name: str, process: subprocess.Popen[str], seconds: float) -> None:
    """Wait for the worker to answer a ping (a loaded 2-core machine may take a while)."""
    from suiji_platform.celery import app

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Celery worker exited with status {process.returncode}")
        if app.control.ping(destination=[name], timeout=1.0):
            return
    pytest.fail("the Celery worker did not answer within the time allowed")


@pytest.fixture
def worker(django_db_setup: Any, django_db_blocker: Any) -> Any:
    queue = f"test-{uuid.uuid4().hex[:8]}"
    name = f"{queue}@localhost"
    # The worker imports this checkout's code, whatever the virtualenv's editable install says.
    source_roots = os.pathsep.join(str(REPO / d) for d in ("platform", "tenants", "graphql"))
    env = dict(
        os.environ,
        DATABASE_URL=_database_url(),
        REDIS_URL=settings.REDIS_URL,
        PYTHONPATH=source_roots,
    )
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "suiji_platform",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                queue,
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                name,
            ],
            cwd=REPO / "platform",
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            _wait_until_ready(name, process, 120)
            yield queue
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
            log.seek(0)
            output = log.read()
            if output.strip():
                print("Celery worker output:\n" + output[-4000:])


def test_a_task_runs_in_the_schema_of_the_organisation_that_sent_it(
    worker: str, django_db_blocker: Any
) -> None:
    from suiji_platform.jobs.models import Job, JobStatus
    from suiji_platform.organisations.models import Organisation
    from suiji_tenants.audit.tasks import verify_audit_task

    with django_db_blocker.unblock():
        organisation = Organisation.objects.get(code="533124")
        job = Job.objects.create(kind="audit.verify", organisation=organisation)
        try:
            with schema_context(organisation.schema_name):
                verify_audit_task.apply_async(args=(job.pk,), queue=worker)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
                    break
                time.sleep(0.2)
            assert job.status == JobStatus.SUCCEEDED, (job.status, job.message)
            assert job.result["schema"] == "org_533124"
            assert job.result["ok"] is True
        finally:
            Job.objects.filter(pk=job.pk).delete()
