"""A registry import whose worker dies ends as failed, with a message, instead of staying at
"进行中" forever: a real Celery worker on Redis, its process killed with SIGKILL mid-import."""

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.tenants.test_celery_worker import REPO, _database_url, _wait_until_ready

from .test_import import entity_values, write_xlsx

pytestmark = pytest.mark.worker

ROWS = 40_000


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("worker")
    return write_xlsx(folder / "big.xlsx", entity_values(400) * (ROWS // 400))


def _start_worker(pool: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
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
                f"--pool={pool}",
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
            yield queue, process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            log.seek(0)
            output = log.read()
            if output.strip():
                print("Celery worker output:\n" + output[-4000:])


@pytest.fixture
def prefork_worker(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    yield from _start_worker("prefork")


@pytest.fixture
def solo_worker(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    yield from _start_worker("solo")


def _start_import(queue: str, path: Path) -> Any:
    from suiji_platform.jobs.models import Job
    from suiji_platform.organisations.models import Organisation
    from suiji_tenants.registries.tasks import import_registry_task

    organisation = Organisation.objects.get(code="533124")
    job = Job.objects.create(kind="registries.validate.entities", organisation=organisation)
    with schema_context(organisation.schema_name):
        # dry run: nothing is written even if the kill came too late
        import_registry_task.apply_async(
            args=(job.pk, "entities", str(path), False, None, path.name, True), queue=queue
        )
    return job


def _wait(job: Any, statuses: tuple[str, ...], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return
        time.sleep(0.05)
    pytest.fail(f"job stayed {job.status} ({job.message})")


def test_a_killed_pool_child_fails_its_job_with_a_message(
    prefork_worker: Any, big_file: Path, django_db_blocker: Any
) -> None:
    from suiji_platform.jobs.models import Job, JobStatus
    from suiji_platform.jobs.services import LOST_MESSAGE

    queue, process = prefork_worker
    with django_db_blocker.unblock():
        job = _start_import(queue, big_file)
        try:
            _wait(job, (JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED))
            assert job.status == JobStatus.RUNNING, "the import finished before it was killed"
            children = psutil.Process(process.pid).children()
            assert children, "no pool child"
            for child in children:
                os.kill(child.pid, signal.SIGKILL)
            _wait(job, (JobStatus.SUCCEEDED, JobStatus.FAILED), 60)
            assert job.status == JobStatus.FAILED
            assert job.message == LOST_MESSAGE
        finally:
            Job.objects.filter(pk=job.pk).delete()


def test_a_killed_worker_leaves_a_heartbeat_that_the_sweeper_ends(
    solo_worker: Any, big_file: Path, django_db_blocker: Any
) -> None:
    """The whole worker dies (solo pool, SIGKILL): nothing is left to notice at once, so the
    job's heartbeat stops; after LOST_AFTER the sweeper, or the next read of the job, fails
    it. A redelivered message of that job does not run it again."""
    from suiji_platform.jobs.models import Job, JobStatus
    from suiji_platform.jobs.services import LOST_AFTER, LOST_MESSAGE, refresh_if_lost, run_job

    queue, process = solo_worker
    with django_db_blocker.unblock():
        job = _start_import(queue, big_file)
        try:
            _wait(job, (JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED))
            assert job.status == JobStatus.RUNNING
            time.sleep(0.5)
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
            job.refresh_from_db()
            assert job.status == JobStatus.RUNNING and job.heartbeat_at is not None
            assert job.attempts == 1
            # Still running a moment later; a minute of silence later it is lost.
            assert refresh_if_lost(job).status == JobStatus.RUNNING
            Job.objects.filter(pk=job.pk).update(
                heartbeat_at=timezone.now() - LOST_AFTER - dt.timedelta(seconds=1)
            )
            job.refresh_from_db()
            assert refresh_if_lost(job).status == JobStatus.FAILED
            assert job.message == LOST_MESSAGE
            with run_job(job.pk) as handle:  # the message comes back after the restart
                assert handle is None
        finally:
            Job.objects.filter(pk=job.pk).delete()


def test_the_sweeper_fails_only_silent_running_jobs(db: Any) -> None:
    from suiji_platform.jobs.models import Job, JobStatus
    from suiji_platform.jobs.services import (
        LOST_AFTER,
        LOST_MESSAGE,
        MAX_ATTEMPTS,
        run_job,
        sweep_lost_jobs,
    )

    now = timezone.now()
    silent = Job.objects.create(
        kind="x", status=JobStatus.RUNNING, heartbeat_at=now - LOST_AFTER * 2
    )
    alive = Job.objects.create(kind="x", status=JobStatus.RUNNING, heartbeat_at=now)
    legacy = Job.objects.create(kind="x", status=JobStatus.RUNNING)  # no heartbeat promised
    done = Job.objects.create(
        kind="x", status=JobStatus.SUCCEEDED, heartbeat_at=now - LOST_AFTER * 2
    )
    assert sweep_lost_jobs() == 1
    statuses = {j.pk: (j.status, j.message) for j in Job.objects.filter(kind="x")}
    assert statuses[silent.pk] == (JobStatus.FAILED, LOST_MESSAGE)
    assert statuses[alive.pk][0] == statuses[legacy.pk][0] == JobStatus.RUNNING
    assert statuses[done.pk][0] == JobStatus.SUCCEEDED
    retried = Job.objects.create(kind="x", attempts=MAX_ATTEMPTS)
    with run_job(retried.pk) as handle:
        assert handle is None
    retried.refresh_from_db()
    assert (retried.status, retried.message) == (JobStatus.FAILED, LOST_MESSAGE)


def test_a_message_back_early_does_not_run_a_job_a_live_worker_runs(db: Any) -> None:
    """With a short broker visibility timeout a message can come back while its first worker
    still runs the job: a fresh heartbeat means it is not run a second time. A job whose
    heartbeat stopped (its worker died, not yet swept) is taken up again."""
    from suiji_platform.jobs.models import Job, JobStatus
    from suiji_platform.jobs.services import LOST_AFTER, run_job

    now = timezone.now()
    alive = Job.objects.create(kind="x", status=JobStatus.RUNNING, heartbeat_at=now, attempts=1)
    with run_job(alive.pk) as handle:
        assert handle is None
    alive.refresh_from_db()
    assert (alive.status, alive.attempts) == (JobStatus.RUNNING, 1)
    dead = Job.objects.create(
        kind="x", status=JobStatus.RUNNING, heartbeat_at=now - LOST_AFTER * 2, attempts=1
    )
    with run_job(dead.pk) as handle:
        assert handle is not None
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (JobStatus.RUNNING, 2)
