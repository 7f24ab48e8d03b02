"""A real Celery worker makes the 笔录 PDF through a job with progress; the PDF holds the
record's Chinese text (extracted with pypdf)."""

import io
import os
import time
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import schema_context
from pypdf import PdfReader

from tests.tenants.test_celery_worker import worker  # noqa: F401 (fixture)

pytestmark = pytest.mark.worker

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def documents_root(tmp_path: Path, monkeypatch: Any, settings: Any) -> Path:
    # requested before `worker`, so the worker process inherits it
    root = tmp_path / "documents"
    monkeypatch.setenv("DOCUMENTS_ROOT", str(root))
    # this checkout's code first (the virtualenv may be shared by several checkouts)
    repo = Path(__file__).resolve().parents[3]
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(str(repo / d) for d in ("platform", "tenants", "graphql"))
    )
    settings.DOCUMENTS_ROOT = str(root)
    return root


def test_a_worker_makes_the_record_pdf(
    documents_root: Path,
    worker: str,  # noqa: F811
    django_db_blocker: Any,
) -> None:
    from suiji_platform.jobs.models import Job, JobStatus
    from suiji_platform.organisations.models import Organisation
    from suiji_tenants.inspections.models import Inspection, OnSiteRecord
    from suiji_tenants.inspections.tasks import inspection_document_task

    tag = uuid.uuid4().hex[:6].upper()
    with django_db_blocker.unblock():
        organisation = Organisation.objects.get(code="533103")
        with schema_context(organisation.schema_name):
            inspection = Inspection.objects.create(
                reference=f"533103-W{tag}-001",
                plan_year=2026,
                target_code=f"91533103MA{tag}X1",
                target_name=f"德宏测试建筑工程有限公司{tag}",
                items=[{"code": "ZJ-001", "name": "建筑业企业资质检查", "content": "资质证书"}],
                window_start=date(2026, 12, 1),
                window_end=date(2026, 12, 31),
            )
            record = OnSiteRecord.objects.create(
                inspection=inspection,
                status="confirmed",
                started_at=datetime(2026, 12, 3, 9, 30, tzinfo=TZ),
                ended_at=datetime(2026, 12, 3, 11, 0, tzinfo=TZ),
                place="芒市勇罕街道施工现场",
                officers=[
                    {"name": "李检查", "certificate_no": "53310300001"},
                    {"name": "王检查", "certificate_no": "53310300002"},
                ],
                checklist=[
                    {"item_code": "ZJ-001", "point": "资质证书是否有效", "answer": "conform"}
                ],
                signed_name="赵某",
            )
            job = Job.objects.create(kind="inspections.record_pdf", organisation=organisation)
            try:
                inspection_document_task.apply_async(
                    args=(job.pk, "record", record.pk), queue=worker
                )
                seen_running = False
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:
                    job.refresh_from_db()
                    seen_running |= job.status == JobStatus.RUNNING
                    if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
                        break
                    time.sleep(0.1)
                assert job.status == JobStatus.SUCCEEDED, (job.status, job.message)
                assert job.progress == 100 and job.heartbeat_at is not None
                path = documents_root / organisation.schema_name / job.result["file"]
                text = "".join(
                    p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages
                )
                for expected in ("现场检查笔录", inspection.target_name, "53310300002", "赵某"):
                    assert expected in text
            finally:
                Job.objects.filter(pk=job.pk).delete()
                OnSiteRecord.objects.filter(pk=record.pk).delete()
                Inspection.objects.filter(pk=inspection.pk).delete()
