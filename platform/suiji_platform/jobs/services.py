"""Create jobs and report their progress; used by every long operation.

A job run through `run_job` also proves it is alive: a side thread, on its own database
connection, writes the progress and a heartbeat every few seconds, outside the transaction the
work may hold open (so pollers see progress during a long write). When the worker dies (a
child killed for memory, a server restart), the heartbeat stops and the job is failed with a
message, by the pool's parent when it notices (`fail_lost_job`), else by `sweep_lost_jobs`
(Celery beat every minute, and whenever the job is read)."""

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .models import Job, JobStatus

HEARTBEAT_SECONDS = 5.0
# A job whose heartbeat is older than this was lost with its worker.
LOST_AFTER = dt.timedelta(seconds=60)
# A job whose worker died this many times is not tried again (the file itself may kill it).
MAX_ATTEMPTS = 2
LOST_MESSAGE = (
    "后台处理进程意外中止（可能是服务器重启或内存不足），任务未完成，未写入任何数据；"
    "请稍后重新开始，如仍失败请联系管理员。"
)
FINAL = (JobStatus.SUCCEEDED, JobStatus.FAILED)


def create_job(*, kind: str, organisation: Any = None, created_by: Any = None) -> Job:
    return Job.objects.create(kind=kind, organisation=organisation, created_by=created_by)


def report_progress(job_id: int, progress: int, message: str = "") -> None:
    Job.objects.filter(pk=job_id).exclude(status__in=FINAL).update(
        status=JobStatus.RUNNING, progress=max(0, min(100, progress)), message=message[:500]
    )


def finish_job(job_id: int, *, result: dict | None = None, message: str = "") -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.SUCCEEDED, progress=100, message=message[:500], result=result or {}
        )


def fail_job(job_id: int, *, message: str, result: dict | None = None) -> None:
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, message=message[:500], result=result or {}
    )


def fail_lost_job(job_id: int, message: str = LOST_MESSAGE) -> bool:
    """Fail a job that has not finished (its worker is gone). True if it was still open."""
    return bool(
        Job.objects.filter(pk=job_id)
        .exclude(status__in=FINAL)
        .update(status=JobStatus.FAILED, message=message[:500])
    )


def sweep_lost_jobs(now: dt.datetime | None = None) -> int:
    """Fail every running job whose heartbeat stopped more than LOST_AFTER ago."""
    cutoff = (now or timezone.now()) - LOST_AFTER
    return Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff).update(
        status=JobStatus.FAILED, message=LOST_MESSAGE
    )


def refresh_if_lost(job: Job) -> Job:
    """The job as a poller should see it: failed if its heartbeat stopped."""
    if (
        job.status == JobStatus.RUNNING
        and job.heartbeat_at is not None
        and job.heartbeat_at < timezone.now() - LOST_AFTER
    ):
        sweep_lost_jobs()
        job.refresh_from_db()
    return job


class _Heartbeat:
    """Progress and heartbeat written by a side thread on its own connection."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.pending: tuple[int, str] | None = None
        self.lock = threading.Lock()
        self.changed = threading.Event()
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._run, name=f"job-{job_id}-heartbeat", daemon=True
        )

    def report(self, progress: int, message: str = "") -> None:
        with self.lock:
            self.pending = (progress, message)
        self.changed.set()

    def _flush(self) -> None:
        with self.lock:
            pending, self.pending = self.pending, None
        values: dict[str, Any] = {"heartbeat_at": timezone.now()}
        if pending is not None:
            values.update(
                status=JobStatus.RUNNING,
                progress=max(0, min(100, pending[0])),
                message=pending[1][:500],
            )
        Job.objects.filter(pk=self.job_id).exclude(status__in=FINAL).update(**values)

    def _run(self) -> None:
        try:
            while not self.stopped.is_set():
                self.changed.wait(HEARTBEAT_SECONDS)
                self.changed.clear()
                self._flush()
                self.stopped.wait(0.5)  # at most two progress writes a second
        finally:
            connection.close()

    def __enter__(self) -> "_Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.changed.set()
        self.thread.join(timeout=30)


class _Inline:
    """Progress written directly (the caller already runs inside a transaction, as in tests
    and eager mode, where a second connection would not see the job)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id

    def report(self, progress: int, message: str = "") -> None:
        report_progress(self.job_id, progress, message)


@contextmanager
def run_job(job_id: int) -> Iterator[Any]:
    """Claim a job for this worker and keep its heartbeat while the block runs. Yields an
    object whose `report(progress, message)` records progress, or None when the job must not
    run: it is already finished (a redelivered message), another worker runs it (its
    heartbeat is fresh), or its worker died MAX_ATTEMPTS times (then it is failed here, with
    a message)."""
    if not _claim(job_id):
        yield None
        return
    if connection.in_atomic_block:
        yield _Inline(job_id)
        return
    with _Heartbeat(job_id) as beat:
        yield beat


def _claim(job_id: int) -> bool:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in FINAL:
            return False
        if (
            job.status == JobStatus.RUNNING
            and job.heartbeat_at is not None
            and job.heartbeat_at >= timezone.now() - LOST_AFTER
        ):
            # A live worker runs it (its message came back to the queue early): not twice.
            return False
        if job.attempts >= MAX_ATTEMPTS:
            job.status = JobStatus.FAILED
            job.message = LOST_MESSAGE
            job.save(update_fields=["status", "message", "updated_at"])
            return False
        job.attempts += 1
        job.status = JobStatus.RUNNING
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["attempts", "status", "heartbeat_at", "updated_at"])
        return True


def job_id_of_task(sender: Any, args: Any, kwargs: Any) -> int | None:
    """The job id a task declared as its `job_argument` (a position), if any."""
    position = getattr(sender, "job_argument", None)
    if position is None:
        return None
    if kwargs and "job_id" in kwargs:
        return int(kwargs["job_id"])
    if args and len(args) > position:
        return int(args[position])
    return None
