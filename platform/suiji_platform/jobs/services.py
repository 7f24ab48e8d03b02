"""Create jobs and report their progress; used by every long operation."""

from typing import Any

from django.db import transaction

from .models import Job, JobStatus


def create_job(*, kind: str, organisation: Any = None, created_by: Any = None) -> Job:
    return Job.objects.create(kind=kind, organisation=organisation, created_by=created_by)


def report_progress(job_id: int, progress: int, message: str = "") -> None:
    """Progress is written outside any surrounding transaction so pollers see it at once."""
    Job.objects.filter(pk=job_id).update(
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
