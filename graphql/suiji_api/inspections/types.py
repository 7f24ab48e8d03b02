"""Inspection types: explicit fields. Every node type checks the same permission as its list
(`get_queryset`: the request's access, through `accounts/access.py`, and the inspections the
user may see). The public result carries only what the law publishes."""

from datetime import date
from typing import Any

import graphene
from graphene import relay

from suiji_platform.accounts.access import Permission, may_edit_inspection
from suiji_platform.results_index.models import PublishedResult
from suiji_tenants.inspections import models, services

from ..core.connections import CountableConnection
from ..core.context import get_access
from ..core.nodes import SuijiNode
from ..core.permissions import require


def _enum(name: str, choices: Any) -> type[graphene.Enum]:
    return graphene.Enum(name, [(c.name, c.value) for c in choices])


InspectionStatusEnum = _enum("InspectionStatus", models.InspectionStatus)
RecordStatusEnum = _enum("OnSiteRecordStatus", models.RecordStatus)
ReportStatusEnum = _enum("InspectionReportStatus", models.ReportStatus)
ResultCategoryEnum = _enum("ResultCategory", models.ResultCategory)


def visible(info: Any) -> Any:
    """The inspections the request's user may see (all of the organisation, or their own)."""
    require(info, Permission.READ_ORGANISATION)
    return services.visible_inspections(get_access(info.context), info.context.user)


class Choice(graphene.ObjectType):
    value = graphene.String(required=True)
    label = graphene.String(required=True)


class SubcodeChoice(graphene.ObjectType):
    value = graphene.String(required=True)
    label = graphene.String(required=True)
    categories = graphene.List(graphene.NonNull(ResultCategoryEnum), required=True)


class InspectionChoices(graphene.ObjectType):
    """Fixed lists used by the forms: R11 notices, checklist answers, R12 handling, result
    categories and the housing sub-codes beneath them."""

    notices = graphene.List(graphene.NonNull(Choice), required=True)
    answers = graphene.List(graphene.NonNull(Choice), required=True)
    handlings = graphene.List(graphene.NonNull(Choice), required=True)
    result_categories = graphene.List(graphene.NonNull(Choice), required=True)
    housing_subcodes = graphene.List(graphene.NonNull(SubcodeChoice), required=True)


def inspection_choices() -> InspectionChoices:
    def camel(key: str) -> str:
        head, *rest = key.split("_")
        return head + "".join(p.title() for p in rest)

    return InspectionChoices(
        notices=[Choice(value=camel(k), label=v) for k, v in services.NOTICES.items()],
        answers=[Choice(value=k, label=v) for k, v in services.ANSWERS.items()],
        handlings=[Choice(value=k, label=v) for k, v in services.HANDLINGS.items()],
        result_categories=[Choice(value=c.value, label=c.label) for c in models.ResultCategory],
        housing_subcodes=[
            SubcodeChoice(
                value=k,
                label=label,
                categories=sorted(str(models.ResultCategory(c).value) for c in parents),
            )
            for k, (label, parents) in services.HOUSING_SUBCODES.items()
        ],
    )


class InspectionItemInfo(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    department = graphene.String(required=True)
    legal_basis = graphene.String(required=True)
    points = graphene.List(graphene.NonNull(graphene.String), required=True, description="检查要点")


class TeamMemberInfo(graphene.ObjectType):
    role = graphene.String(required=True, description="officer（执法检查人员）或 expert（专家）")
    certificate_no = graphene.String(required=True, description="执法证号（专家为专家库编号）")
    name = graphene.String(required=True)


class Officer(graphene.ObjectType):
    name = graphene.String(required=True)
    certificate_no = graphene.String(required=True)


class Notices(graphene.ObjectType):
    certificates_shown = graphene.Boolean(required=True)
    basis_told = graphene.Boolean(required=True)
    content_told = graphene.Boolean(required=True)
    period_told = graphene.Boolean(required=True)
    requirements_told = graphene.Boolean(required=True)
    names_told = graphene.Boolean(required=True)


class ChecklistAnswer(graphene.ObjectType):
    item_code = graphene.String(required=True)
    point = graphene.String(required=True)
    answer = graphene.String(
        required=True, description="conform / nonconform / not_applicable，未答为空"
    )
    note = graphene.String(required=True)


class Finding(graphene.ObjectType):
    description = graphene.String(required=True)
    item_code = graphene.String(required=True)
    handling = graphene.String(required=True, description="R12 处理方式，未定为空")
    deadline = graphene.Date(description="当场责令改正的改正期限")
    receiving_body = graphene.String(required=True, description="接收部门（机关）")


EvidenceKindEnum = _enum("EvidenceKind", models.EvidenceKind)


class Evidence(SuijiNode):
    """现场检查证据（照片、视频、文书资料），按 SHA-256 存储，注明来源（R11）。"""

    # Read further narrowed to the inspections the user may see (`visible`).
    node_permission = Permission.READ_ORGANISATION

    kind = graphene.Field(EvidenceKindEnum, required=True)
    latitude = graphene.Float()
    longitude = graphene.Float()
    url = graphene.String(required=True, description="下载地址（仅限可查看该检查的用户）")

    class Meta:
        model = models.Evidence
        fields = (
            "id",
            "sha256",
            "size",
            "content_type",
            "original_name",
            "source",
            "taken_at",
            "gps_accuracy",
            "note",
            "uploaded_at",
        )
        interfaces = (relay.Node,)

    @classmethod
    def get_queryset(cls, queryset: Any, info: Any) -> Any:
        queryset = super().get_queryset(queryset, info)
        return queryset.filter(inspection__in=visible(info))

    @staticmethod
    def resolve_kind(root: models.Evidence, info: Any) -> str:
        return str(models.EvidenceKind(root.kind).value)

    @staticmethod
    def resolve_latitude(root: models.Evidence, info: Any) -> float | None:
        return float(root.latitude) if root.latitude is not None else None

    @staticmethod
    def resolve_longitude(root: models.Evidence, info: Any) -> float | None:
        return float(root.longitude) if root.longitude is not None else None

    @staticmethod
    def resolve_url(root: models.Evidence, info: Any) -> str:
        return f"{info.context.META.get('SCRIPT_NAME', '')}/evidence/{root.pk}"


class OnSiteRecord(SuijiNode):
    """现场检查笔录（R11）。确认后锁定；更正为新版本，与原版本关联。"""

    # Read further narrowed to the inspections the user may see (`visible`).
    node_permission = Permission.READ_ORGANISATION

    status = graphene.Field(RecordStatusEnum, required=True)
    client_id = graphene.String(required=True)
    officers = graphene.List(graphene.NonNull(Officer), required=True)
    notices = graphene.Field(Notices, required=True)
    checklist = graphene.List(graphene.NonNull(ChecklistAnswer), required=True)
    findings = graphene.List(graphene.NonNull(Finding), required=True)
    previous_version = graphene.Int(description="更正的原版本号")
    evidence = graphene.List(graphene.NonNull(Evidence), required=True, description="证据")

    class Meta:
        model = models.OnSiteRecord
        fields = (
            "id",
            "revision",
            "version",
            "started_at",
            "ended_at",
            "place",
            "party_present",
            "signature_png",
            "signed_name",
            "refused",
            "refusal_reason",
            "recording_link",
            "created_at",
            "updated_at",
            "confirmed_at",
        )
        interfaces = (relay.Node,)

    @classmethod
    def get_queryset(cls, queryset: Any, info: Any) -> Any:
        queryset = super().get_queryset(queryset, info)
        return queryset.filter(inspection__in=visible(info))

    @staticmethod
    def resolve_status(root: models.OnSiteRecord, info: Any) -> str:
        return str(models.RecordStatus(root.status).value)

    @staticmethod
    def resolve_client_id(root: models.OnSiteRecord, info: Any) -> str:
        return str(root.client_id)

    @staticmethod
    def resolve_officers(root: models.OnSiteRecord, info: Any) -> list[Officer]:
        return [Officer(name=o["name"], certificate_no=o["certificate_no"]) for o in root.officers]

    @staticmethod
    def resolve_notices(root: models.OnSiteRecord, info: Any) -> Notices:
        return Notices(**{k: bool(root.notices.get(k)) for k in services.NOTICES})

    @staticmethod
    def resolve_checklist(root: models.OnSiteRecord, info: Any) -> list[ChecklistAnswer]:
        return [
            ChecklistAnswer(
                item_code=c["item_code"],
                point=c["point"],
                answer=c.get("answer", ""),
                note=c.get("note", ""),
            )
            for c in root.checklist
        ]

    @staticmethod
    def resolve_findings(root: models.OnSiteRecord, info: Any) -> list[Finding]:
        return [
            Finding(
                description=f["description"],
                item_code=f.get("item_code", ""),
                handling=f.get("handling", ""),
                deadline=date.fromisoformat(f["deadline"]) if f.get("deadline") else None,
                receiving_body=f.get("receiving_body", ""),
            )
            for f in root.findings
        ]

    @staticmethod
    def resolve_evidence(root: models.OnSiteRecord, info: Any) -> list[models.Evidence]:
        return list(root.evidence.order_by("id"))

    @staticmethod
    def resolve_previous_version(root: models.OnSiteRecord, info: Any) -> int | None:
        return root.previous.version if root.previous_id and root.previous else None


class PublicationClock(graphene.ObjectType):
    """公示时限：审核通过后20个工作日内公示（R14）。"""

    approved_on = graphene.Date(required=True)
    due_on = graphene.Date(description="公示截止日期；节假日安排未录入时为空")
    due_unknown = graphene.Boolean(required=True, description="截止日期所在年度的节假日安排未录入")
    unknown_year = graphene.Int()
    published_at = graphene.DateTime()
    late = graphene.Boolean(required=True, description="逾期公示")
    remaining_working_days = graphene.Int(description="剩余工作日（未公示时）")
    overdue = graphene.Boolean(required=True, description="已超过截止日期仍未公示")


def clock_of(publication: models.Publication) -> PublicationClock:
    clock = services.publication_clock(publication)
    return PublicationClock(
        approved_on=publication.approved_on,
        due_on=publication.due_on,
        due_unknown=publication.due_unknown or clock.due_unknown,
        unknown_year=publication.unknown_year,
        published_at=publication.published_at,
        late=publication.late,
        remaining_working_days=clock.remaining,
        overdue=clock.overdue,
    )


class InspectionReport(SuijiNode):
    """检查报告（R13），审核后公示（待审核 → 退回 / 已公示）。"""

    # Read further narrowed to the inspections the user may see (`visible`).
    node_permission = Permission.READ_ORGANISATION

    status = graphene.Field(ReportStatusEnum, required=True)
    result_categories = graphene.List(graphene.NonNull(ResultCategoryEnum), required=True)
    housing_subcodes = graphene.List(graphene.NonNull(graphene.String), required=True)
    result_labels = graphene.List(graphene.NonNull(graphene.String), required=True)
    inspection = graphene.Field(lambda: Inspection, required=True)
    submitted_by = graphene.String()
    reviewed_by = graphene.String()
    publication = graphene.Field(PublicationClock)

    class Meta:
        model = models.InspectionReport
        fields = (
            "id",
            "inspected_on",
            "content",
            "methods",
            "situation",
            "proposals",
            "submitted_at",
            "reviewed_at",
            "review_comment",
        )
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @classmethod
    def get_queryset(cls, queryset: Any, info: Any) -> Any:
        queryset = super().get_queryset(queryset, info)
        return queryset.filter(inspection__in=visible(info)).select_related(
            "inspection", "submitted_by", "reviewed_by", "publication"
        )

    @staticmethod
    def resolve_status(root: models.InspectionReport, info: Any) -> str:
        return str(models.ReportStatus(root.status).value)

    @staticmethod
    def resolve_result_categories(root: models.InspectionReport, info: Any) -> list[str]:
        return [str(models.ResultCategory(c).value) for c in root.result_categories]

    @staticmethod
    def resolve_housing_subcodes(root: models.InspectionReport, info: Any) -> list[str]:
        return list(root.housing_subcodes)

    @staticmethod
    def resolve_result_labels(root: models.InspectionReport, info: Any) -> list[str]:
        return [str(models.ResultCategory(c).label) for c in root.result_categories]

    @staticmethod
    def resolve_submitted_by(root: models.InspectionReport, info: Any) -> str | None:
        return str(root.submitted_by) if root.submitted_by else None

    @staticmethod
    def resolve_reviewed_by(root: models.InspectionReport, info: Any) -> str | None:
        return str(root.reviewed_by) if root.reviewed_by else None

    @staticmethod
    def resolve_publication(root: models.InspectionReport, info: Any) -> PublicationClock | None:
        publication = getattr(root, "publication", None)
        return clock_of(publication) if publication is not None else None


class CombinedVisitPart(graphene.ObjectType):
    """合并检查中另一机关（或另一任务）的检查：其事项与部门。"""

    organisation_code = graphene.String(required=True)
    organisation_name = graphene.String(required=True)
    items = graphene.List(graphene.NonNull(graphene.String), required=True)
    departments = graphene.List(graphene.NonNull(graphene.String), required=True)
    references = graphene.List(graphene.NonNull(graphene.String), required=True)


class CombinedVisit(graphene.ObjectType):
    """合并检查（issue 11）：本检查与其他检查合并为一次上门，事项合在一起实施。"""

    starts_on = graphene.Date(required=True, description="共同时段开始")
    ends_on = graphene.Date(required=True)
    items = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="合并后的全部事项"
    )
    others = graphene.List(graphene.NonNull(CombinedVisitPart), required=True)


def combined_visit_of(root: models.Inspection, info: Any) -> CombinedVisit | None:
    """From the public ledger's merges (no schema switching)."""
    from suiji_platform.ledger.merges import merge_of
    from suiji_platform.organisations.models import Organisation
    from suiji_tenants.registries.models import Department

    from ..core.context import get_organisation

    org = get_organisation(info.context)
    if org is None or not root.draw_reference:
        return None
    own = f"{org.code}:{root.draw_reference}"
    merge = merge_of(own, root.target_code)
    if merge is None:
        return None
    names = dict(Organisation.objects.values_list("code", "name"))
    labels = dict(Department.choices)
    others = [m for m in merge.members if own not in m["references"]]
    return CombinedVisit(
        starts_on=merge.starts_on,
        ends_on=merge.ends_on,
        items=sorted({i for m in merge.members for i in m["items"]}),
        others=[
            CombinedVisitPart(
                organisation_code=m["organisation"],
                organisation_name=names.get(m["organisation"], m["organisation"]),
                items=m["items"],
                departments=[labels.get(d, d) for d in m["departments"]],
                references=m["references"],
            )
            for m in others
        ],
    )


class Inspection(SuijiNode):
    """一项检查：一个被抽中的对象，覆盖本次抽取的全部事项，由匹配的检查组实施。"""

    # Read further narrowed to the inspections the user may see (`visible`).
    node_permission = Permission.READ_ORGANISATION

    status = graphene.Field(InspectionStatusEnum, required=True)
    items = graphene.List(graphene.NonNull(InspectionItemInfo), required=True)
    members = graphene.List(graphene.NonNull(TeamMemberInfo), required=True)
    record = graphene.Field(OnSiteRecord, description="进行中的草稿，或已确认的笔录")
    records = graphene.List(graphene.NonNull(OnSiteRecord), required=True, description="各版本笔录")
    report = graphene.Field(InspectionReport)
    can_edit = graphene.Boolean(required=True, description="当前用户可填写笔录和报告")
    combined_visit = graphene.Field(CombinedVisit, description="合并检查：与其他检查合并为一次上门")
    merged_into_reference = graphene.String(
        description="已并入的检查编号（合并检查，本检查不再单独实施）"
    )

    class Meta:
        model = models.Inspection
        fields = (
            "id",
            "reference",
            "source",
            "draw_reference",
            "plan_year",
            "plan_title",
            "task_title",
            "round_number",
            "target_kind",
            "target_code",
            "target_name",
            "target_address",
            "team_number",
            "window_start",
            "window_end",
            "created_at",
        )
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @classmethod
    def get_queryset(cls, queryset: Any, info: Any) -> Any:
        queryset = super().get_queryset(queryset, info)
        return queryset.filter(pk__in=visible(info).values("pk"))

    @staticmethod
    def resolve_status(root: models.Inspection, info: Any) -> str:
        return str(models.InspectionStatus(root.status).value)

    @staticmethod
    def resolve_items(root: models.Inspection, info: Any) -> list[InspectionItemInfo]:
        return [
            InspectionItemInfo(
                code=it["code"],
                name=it["name"],
                department=it.get("department", ""),
                legal_basis=it.get("legal_basis", ""),
                points=it.get("points", []),
            )
            for it in root.items
        ]

    @staticmethod
    def resolve_combined_visit(root: models.Inspection, info: Any) -> CombinedVisit | None:
        return combined_visit_of(root, info)

    @staticmethod
    def resolve_members(root: models.Inspection, info: Any) -> list[TeamMemberInfo]:
        return [
            TeamMemberInfo(role=m["role"], certificate_no=m["certificate_no"], name=m["name"])
            for m in root.members
        ]

    @staticmethod
    def resolve_record(root: models.Inspection, info: Any) -> models.OnSiteRecord | None:
        return services.current_record(root)

    @staticmethod
    def resolve_records(root: models.Inspection, info: Any) -> list[models.OnSiteRecord]:
        return list(root.records.order_by("version"))

    @staticmethod
    def resolve_report(root: models.Inspection, info: Any) -> models.InspectionReport | None:
        return (
            models.InspectionReport.objects.select_related("publication")
            .filter(inspection=root)
            .first()
        )

    @staticmethod
    def resolve_merged_into_reference(root: models.Inspection, info: Any) -> str | None:
        return root.merged_into.reference if root.merged_into_id and root.merged_into else None

    @staticmethod
    def resolve_can_edit(root: models.Inspection, info: Any) -> bool:
        if root.status == models.InspectionStatus.MERGED:  # ledger (issue 11): folded
            return False
        return may_edit_inspection(
            get_access(info.context), own=services.is_own(root, info.context.user)
        )


class ReportDraft(graphene.ObjectType):
    """由已确认的笔录生成的检查报告初稿，检查组修改后提交。"""

    inspected_on = graphene.Date()
    content = graphene.String(required=True)
    methods = graphene.String(required=True)
    situation = graphene.String(required=True)
    proposals = graphene.String(required=True)
    result_categories = graphene.List(graphene.NonNull(ResultCategoryEnum), required=True)


class PublicResultItem(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    result_labels = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="该检查事项的检查结果"
    )


class PublicResult(graphene.ObjectType):
    """一条公示的检查结果（一检查一通报）：不含执法人员信息和自然人个人信息。"""

    id = graphene.ID(required=True)
    organisation_code = graphene.String(required=True)
    organisation_name = graphene.String(required=True)
    target_kind = graphene.String(required=True)
    entity_name = graphene.String(required=True)
    uscc = graphene.String(required=True, description="统一社会信用代码（工程项目为项目代码）")
    plan_year = graphene.Int(required=True)
    plan_title = graphene.String(required=True)
    task_title = graphene.String(required=True)
    draw_reference = graphene.String(required=True)
    reference = graphene.String(required=True, description="检查编号")
    plan_code = graphene.String(required=True, description="计划编号")
    task_code = graphene.String(required=True, description="任务编号")
    inspection_type = graphene.String(required=True, description="检查类型")
    pdf_url = graphene.String(required=True, description="公示文书（PDF）")
    items = graphene.List(graphene.NonNull(PublicResultItem), required=True)
    inspected_on = graphene.Date(required=True)
    inspecting_body = graphene.String(required=True)
    result_categories = graphene.List(graphene.NonNull(ResultCategoryEnum), required=True)
    result_labels = graphene.List(graphene.NonNull(graphene.String), required=True)
    published_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_id(root: PublishedResult, info: Any) -> str:
        from graphql_relay import to_global_id

        return to_global_id("PublicResult", root.pk)

    @staticmethod
    def resolve_organisation_code(root: PublishedResult, info: Any) -> str:
        return str(root.organisation.code)

    @staticmethod
    def resolve_organisation_name(root: PublishedResult, info: Any) -> str:
        return str(root.organisation.name)

    @staticmethod
    def resolve_items(root: PublishedResult, info: Any) -> list[PublicResultItem]:
        return [
            PublicResultItem(
                code=i["code"],
                name=i["name"],
                result_labels=[
                    _category_label(c) for c in i.get("result") or root.result_categories
                ],
            )
            for i in root.items
        ]

    @staticmethod
    def resolve_pdf_url(root: PublishedResult, info: Any) -> str:
        return f"/public/results/{root.reference}.pdf"

    @staticmethod
    def resolve_result_categories(root: PublishedResult, info: Any) -> list[str]:
        return list(root.result_categories)

    @staticmethod
    def resolve_result_labels(root: PublishedResult, info: Any) -> list[str]:
        return [str(models.ResultCategory(c).label) for c in root.result_categories]


def _category_label(value: str) -> str:
    try:
        return str(models.ResultCategory(value).label)
    except ValueError:
        return value
