"""The sweeper of lost jobs (Celery beat, every minute) and the hook through which a pool's
parent process fails the job of a child that died (WorkerLostError)."""

from typing import Any

from celery.exceptions import WorkerLostError
from celery.signals import task_failure

from suiji_platform.celery import app

from .services import fail_lost_job, job_id_of_task, sweep_lost_jobs


@app.task(name="jobs.sweep_lost")
def sweep_lost_jobs_task() -> int:
    return sweep_lost_jobs()


@task_failure.connect
def _fail_job_of_lost_worker(
    sender: Any = None,
    exception: BaseException | None = None,
    args: Any = None,
    kwargs: Any = None,
    **_: Any,
) -> None:
    if not isinstance(exception, WorkerLostError):
        return  # other failures are handled by the task itself
    job_id = job_id_of_task(sender, args, kwargs)
    if job_id is not None:
        fail_lost_job(job_id)
