from typing import Any, ClassVar

import graphene
from django.db import transaction

from suiji_platform.accounts.access import Permission
from suiji_platform.jobs.services import create_job
from suiji_platform.organisations.services import FieldError
from suiji_tenants.inspections import services
from suiji_tenants.inspections.models import InspectionReport, ReportStatus
from suiji_tenants.inspections.tasks import export_results_task, inspection_document_task

from ...core.context import get_organisation
from ...core.mutations import enum_value
from ...jobs.types import Job
from .base import InspectionMutation

InspectionDocumentKind = graphene.Enum(
    "InspectionDocumentKind",
    [("RECORD", "record"), ("NOTICE", "notice")],
    description="RECORD：现场检查笔录；NOTICE：检查结果告知书",
)


def file_url(organisation_code: str, job_public_id: Any) -> str:
    return f"/o/{organisation_code}/inspections/files/{job_public_id}"


class InspectionDocumentGenerate(InspectionMutation):
    """生成现场检查笔录或检查结果告知书的 PDF（后台任务，进度见 Job；完成后 result.url 可下载，
    仅限能查看该检查的人员）。"""

    class Arguments:
        inspection_id = graphene.ID(required=True)
        kind = graphene.Argument(InspectionDocumentKind, required=True)

    job = graphene.Field(Job)
    download_url = graphene.String(description="生成完成后的下载地址")

    @classmethod
    def perform(cls, root: Any, info: Any, inspection_id: str, kind: Any) -> dict[str, Any]:
        inspection = cls.get_inspection(info, inspection_id)
        kind_value = str(enum_value(kind))
        if kind_value == "record":
            record = services.current_record(inspection)
            if record is None or not record.checklist and not record.place:
                raise FieldError("inspectionId", "no_record", "该检查尚无现场检查笔录，无法生成。")
            object_id = record.pk
        else:
            report = InspectionReport.objects.filter(inspection=inspection).first()
            if report is None or report.status not in (
                ReportStatus.APPROVED,
                ReportStatus.PUBLISHED,
            ):
                raise FieldError(
                    "inspectionId",
                    "not_approved",
                    "检查报告审核通过后才能生成检查结果告知书。",
                )
            object_id = report.pk
        organisation = get_organisation(info.context)
        job = create_job(
            kind=f"inspections.{kind_value}_pdf",
            organisation=organisation,
            created_by=info.context.user,
        )
        transaction.on_commit(lambda: inspection_document_task.delay(job.pk, kind_value, object_id))
        return {"job": job, "download_url": file_url(organisation.code, job.public_id)}


class PublishedResultsExport(InspectionMutation):
    """导出本机构已公示的检查结果（国家抽查结果交换字段：计划、任务、类型、检查机关、日期、
    各检查事项结果），后台生成 Excel，进度见 Job。"""

    permission: ClassVar[Permission | None] = Permission.READ_INSPECTIONS

    class Arguments:
        year = graphene.Int(description="计划年度（不填为全部）")
        plan_code = graphene.String(description="计划编号（不填为全部计划）")

    job = graphene.Field(Job)
    download_url = graphene.String()

    @classmethod
    def perform(
        cls, root: Any, info: Any, year: int | None = None, plan_code: str | None = None
    ) -> dict[str, Any]:
        if year is not None and not 2000 <= year <= 2100:
            raise FieldError("year", "invalid", "计划年度应在 2000 至 2100 之间。")
        plan = (plan_code or "").strip()
        if len(plan) > 64:
            raise FieldError("planCode", "too_long", "计划编号不超过 64 个字符。")
        organisation = get_organisation(info.context)
        job = create_job(
            kind="inspections.export", organisation=organisation, created_by=info.context.user
        )
        transaction.on_commit(lambda: export_results_task.delay(job.pk, year, plan))
        return {"job": job, "download_url": file_url(organisation.code, job.public_id)}
