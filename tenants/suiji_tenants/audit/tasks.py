from suiji_platform.celery import app
from suiji_platform.jobs.services import fail_job, finish_job, report_progress
from suiji_platform.organisations.schemas import current_schema

from .services import verify_chain


@app.task(name="audit.verify_chain")
def verify_audit_task(job_id: int) -> None:
    """Runs in the schema of the organisation that started it (tenant-aware Celery)."""
    schema = current_schema()
    report_progress(job_id, 5, "正在校验审计日志…")
    report = verify_chain()
    result = {
        "schema": schema,
        "ok": report.ok,
        "records": report.records,
        "brokenSeq": report.broken_seq,
    }
    if report.ok:
        finish_job(job_id, message=report.message, result=result)
    else:
        fail_job(job_id, message=report.message, result=result)
