"""Background work of inspections (Celery, with progress through a Job): the PDFs of the
笔录 and the 告知书, the export of published results, and the daily publication clock."""

import logging
from pathlib import Path
from typing import Any

from suiji_platform.celery import app
from suiji_platform.jobs.services import fail_job, finish_job, run_job
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.schemas import current_schema

from . import documents
from .clock import scan_publication_clock
from .exports import write_results_export
from .models import InspectionReport, OnSiteRecord

logger = logging.getLogger(__name__)

DOCUMENT_KINDS = {"record": "现场检查笔录", "notice": "检查结果告知书"}


def _organisation() -> Organisation:
    return Organisation.objects.get(schema_name=current_schema())


def make_document(kind: str, object_id: int, target: Path) -> dict[str, Any]:
    """Write one PDF; returns what the job keeps (inspection id, file name for the download)."""
    organisation = _organisation()
    if kind == "record":
        record = OnSiteRecord.objects.select_related("inspection").get(pk=object_id)
        data = documents.record_pdf(record, organisation)
        inspection = record.inspection
        filename = f"现场检查笔录-{inspection.reference}-第{record.version}版.pdf"
    else:
        report = InspectionReport.objects.select_related("inspection").get(pk=object_id)
        data = documents.notice_pdf(report, organisation)
        inspection = report.inspection
        filename = f"检查结果告知书-{inspection.reference}.pdf"
    target.write_bytes(data)
    return {
        "file": target.name,
        "filename": filename,
        "inspection": inspection.pk,
        "kind": kind,
        "bytes": len(data),
    }


@app.task(name="inspections.document", job_argument=0)
def inspection_document_task(job_id: int, kind: str, object_id: int) -> None:
    with run_job(job_id) as job:
        if job is None:
            return
        job.report(10, f"正在生成{DOCUMENT_KINDS[kind]}…")
        from suiji_platform.jobs.models import Job

        public_id = Job.objects.values_list("public_id", flat=True).get(pk=job_id)
        target = documents.documents_dir() / f"{public_id.hex}.pdf"
        try:
            result = make_document(kind, object_id, target)
        except documents.DocumentError as exc:
            fail_job(job_id, message=str(exc))
            return
        except Exception as exc:
            logger.exception("document %s failed", job_id)
            fail_job(
                job_id,
                message=f"生成文书失败：服务器处理出错（{type(exc).__name__}），请稍后重试。",
            )
            raise
    finish_job(job_id, result=result, message=f"{DOCUMENT_KINDS[kind]}已生成，可以下载。")


@app.task(name="inspections.export_results", job_argument=0)
def export_results_task(job_id: int, year: int | None = None, plan_code: str = "") -> None:
    with run_job(job_id) as job:
        if job is None:
            return
        from suiji_platform.jobs.models import Job

        public_id = Job.objects.values_list("public_id", flat=True).get(pk=job_id)
        target = documents.documents_dir() / f"{public_id.hex}.xlsx"
        job.report(1, "正在导出公示结果…")
        try:
            count = write_results_export(
                _organisation().pk, target, year=year, plan_code=plan_code, progress=job.report
            )
        except Exception as exc:
            logger.exception("results export %s failed", job_id)
            target.unlink(missing_ok=True)
            fail_job(
                job_id, message=f"导出失败：服务器处理出错（{type(exc).__name__}），请稍后重试。"
            )
            raise
    suffix = f"{year}年度" if year else "全部"
    finish_job(
        job_id,
        result={
            "file": target.name,
            "filename": f"检查结果公示-{suffix}.xlsx",
            "kind": "export",
            "results": count,
        },
        message=f"已导出 {count} 条公示结果。",
    )


@app.task(name="inspections.publication_clock")
def publication_clock_task() -> dict[str, Any]:
    """Daily (CELERY_BEAT_SCHEDULE): reminders for results due, overdue, or without due date."""
    return scan_publication_clock()
