"""Inspection queries and mutations, and the portal's `publicResults` (anonymous; reads the
public-schema results index only)."""

from typing import Any

import graphene
from graphene_django import DjangoConnectionField

from suiji_platform.accounts.access import Permission
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.results_index.services import MAX_OFFSET, MAX_RESULTS, search_results
from suiji_tenants.inspections import models, services

from ..core.errors import BadInput, NotFound
from ..core.permissions import permission_required, require
from ..registries.mutations.base import get_by_global_id
from . import referral_types, targeted_types, types
from .mutations.documents import InspectionDocumentGenerate, PublishedResultsExport
from .mutations.evidence_remove import EvidenceRemove
from .mutations.publication_publish import PublicationPublish
from .mutations.record_confirm import OnSiteRecordConfirm
from .mutations.record_correct import OnSiteRecordCorrect
from .mutations.record_save import OnSiteRecordSave
from .mutations.referral_act import ReferralAct
from .mutations.report_review import InspectionReportReview
from .mutations.report_submit import InspectionReportSubmit
from .mutations.targeted_close import CloseTargetedInspection
from .mutations.targeted_register import RegisterTargetedInspection


def _status(value: Any) -> str | None:
    return getattr(value, "value", value)


class InspectionQueries(graphene.ObjectType):
    my_inspections = DjangoConnectionField(
        types.Inspection,
        status=graphene.Argument(types.InspectionStatusEnum),
        description="我参加的检查（我被抽中的检查组）",
    )
    inspections = DjangoConnectionField(
        types.Inspection,
        status=graphene.Argument(types.InspectionStatusEnum),
        search=graphene.String(description="对象名称、统一社会信用代码或检查编号"),
        description="本机构的检查（检查人员只看到自己参加的）",
    )
    inspection = graphene.Field(types.Inspection, id=graphene.ID(required=True))
    inspection_reports = DjangoConnectionField(
        types.InspectionReport,
        status=graphene.Argument(types.ReportStatusEnum),
        description="检查报告（审核队列）",
    )
    inspection_report_draft = graphene.Field(
        graphene.NonNull(types.ReportDraft),
        inspection_id=graphene.ID(required=True),
        description="由已确认笔录生成的报告初稿",
    )
    inspection_choices = graphene.Field(graphene.NonNull(types.InspectionChoices))
    referrals = DjangoConnectionField(
        referral_types.Referral,
        status=graphene.Argument(referral_types.ReferralStatusEnum),
        kind=graphene.Argument(referral_types.ReferralKindEnum),
        open_only=graphene.Boolean(description="只看未办结的"),
        description="发现问题的处理（R12）：抄告移送、移送公安司法机关、责令改正复查",
    )
    targeted_inspections = DjangoConnectionField(
        targeted_types.TargetedInspection,
        open_only=graphene.Boolean(),
        description="定向（非随机）检查（R16）",
    )
    referral_attachment_kinds = graphene.List(
        graphene.NonNull(referral_types.ReferralAttachmentKind),
        required=True,
        description="移送公安司法机关须附的材料",
    )
    public_results = graphene.List(
        graphene.NonNull(types.PublicResult),
        query=graphene.String(description="统一社会信用代码，或市场主体名称的开头"),
        organisation_code=graphene.String(description="只看某一机构的公示结果"),
        plan_code=graphene.String(description="只看某一抽查计划（计划编号）"),
        draw_reference=graphene.String(description="只看某一次抽取（抽取编号）"),
        first=graphene.Int(description=f"最多返回条数（≤ {MAX_RESULTS}）"),
        offset=graphene.Int(description=f"跳过的条数（分页，≤ {MAX_OFFSET}）"),
        description="公示的检查结果（无需登录）",
    )

    @staticmethod
    def resolve_my_inspections(root: Any, info: Any, status: Any = None, **kwargs: Any) -> Any:
        require(info, Permission.READ_ORGANISATION)
        qs = services.own_inspections(info.context.user)
        return qs.filter(status=_status(status)) if status is not None else qs

    @staticmethod
    def resolve_inspections(
        root: Any, info: Any, status: Any = None, search: str | None = None, **kwargs: Any
    ) -> Any:
        qs = types.visible(info)
        if status is not None:
            qs = qs.filter(status=_status(status))
        if search and search.strip():
            s = search.strip()
            qs = (
                qs.filter(target_name__contains=s)
                | qs.filter(target_code=s.upper())
                | qs.filter(reference=s)
            )
        return qs

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_inspection(root: Any, info: Any, id: str) -> models.Inspection | None:  # noqa: A002
        try:
            inspection: models.Inspection = get_by_global_id(models.Inspection, "Inspection", id)
        except FieldError:
            return None
        return types.visible(info).filter(pk=inspection.pk).first()

    @staticmethod
    def resolve_inspection_reports(root: Any, info: Any, status: Any = None, **kwargs: Any) -> Any:
        require(info, Permission.READ_INSPECTIONS)
        qs = models.InspectionReport.objects.all()
        return qs.filter(status=_status(status)) if status is not None else qs

    @staticmethod
    def resolve_inspection_report_draft(
        root: Any, info: Any, inspection_id: str
    ) -> types.ReportDraft:
        inspection = types.visible(info).filter(pk=_pk(inspection_id)).first()
        if inspection is None:
            raise NotFound("未找到该检查。")
        d = services.draft_report(inspection)
        return types.ReportDraft(
            inspected_on=d.inspected_on,
            content=d.content,
            methods=d.methods,
            situation=d.situation,
            proposals=d.proposals,
            result_categories=[str(models.ResultCategory(c).value) for c in d.result_categories],
        )

    @staticmethod
    def resolve_inspection_choices(root: Any, info: Any) -> types.InspectionChoices:
        return types.inspection_choices()

    @staticmethod
    def resolve_referrals(
        root: Any,
        info: Any,
        status: Any = None,
        kind: Any = None,
        open_only: bool | None = None,
        **kwargs: Any,
    ) -> Any:
        qs = models.Referral.objects.filter(inspection__in=types.visible(info))
        if status is not None:
            qs = qs.filter(status=_status(status))
        if kind is not None:
            qs = qs.filter(kind=_status(kind))
        if open_only:
            qs = qs.exclude(status=models.ReferralStatus.CLOSED)
        return qs.select_related("inspection").order_by("status_since", "id")

    @staticmethod
    def resolve_targeted_inspections(
        root: Any, info: Any, open_only: bool | None = None, **kwargs: Any
    ) -> Any:
        # TargetedInspection.get_queryset joins the entity and the project.
        qs = models.TargetedInspection.objects.all()
        return qs.filter(closed_on__isnull=True) if open_only else qs

    @staticmethod
    def resolve_referral_attachment_kinds(
        root: Any, info: Any
    ) -> list[referral_types.ReferralAttachmentKind]:
        from suiji_tenants.inspections.referrals import ATTACHMENTS

        return [
            referral_types.ReferralAttachmentKind(value=k, label=label, required=required)
            for k, (label, required) in ATTACHMENTS.items()
        ]

    @staticmethod
    def resolve_public_results(
        root: Any,
        info: Any,
        query: str | None = None,
        organisation_code: str | None = None,
        plan_code: str | None = None,
        draw_reference: str | None = None,
        first: int | None = None,
        offset: int | None = None,
    ) -> Any:
        organisation_id = None
        if organisation_code:
            org = Organisation.objects.filter(code=organisation_code).first()
            if org is None:
                raise NotFound(f"未找到机构 {organisation_code}。")
            organisation_id = org.pk
        if query is not None and len(query) > 100:
            raise BadInput("查询内容过长，请输入统一社会信用代码或名称的开头。", "query")
        for name, value in (("planCode", plan_code), ("drawReference", draw_reference)):
            if value is not None and len(value) > 64:
                raise BadInput("编号过长（不超过 64 个字符）。", name)
        if offset is not None and not 0 <= offset <= MAX_OFFSET:
            raise BadInput(f"分页位置应在 0 至 {MAX_OFFSET} 之间，请缩小查询范围。", "offset")
        return list(
            search_results(
                query or "",
                organisation_id=organisation_id,
                plan_code=(plan_code or "").strip(),
                draw_reference=(draw_reference or "").strip(),
                limit=first or 20,
                offset=offset or 0,
            )
        )


def _pk(global_id: str) -> str:
    try:
        obj = get_by_global_id(models.Inspection, "Inspection", global_id, "inspectionId")
    except FieldError as exc:
        raise BadInput(exc.message, "inspectionId") from None
    return str(obj.pk)


class InspectionMutations(graphene.ObjectType):
    on_site_record_save = OnSiteRecordSave.Field()
    on_site_record_confirm = OnSiteRecordConfirm.Field()
    on_site_record_correct = OnSiteRecordCorrect.Field()
    inspection_report_submit = InspectionReportSubmit.Field()
    inspection_report_review = InspectionReportReview.Field()
    publication_publish = PublicationPublish.Field()
    inspection_document_generate = InspectionDocumentGenerate.Field()
    published_results_export = PublishedResultsExport.Field()
    evidence_remove = EvidenceRemove.Field()
    referral_act = ReferralAct.Field()
    register_targeted_inspection = RegisterTargetedInspection.Field()
    close_targeted_inspection = CloseTargetedInspection.Field()
