"""Inspection verbs (R11–R14): open the inspections of a published draw, keep the on-site
record (draft → confirmed, locked; a correction is a new linked version), submit the report
(R13), review it (待审核 → 退回 / 审核通过) and publish the result (R14) within 20 working days,
writing the public results index in the same transaction.

Every write is audited; bad input raises `FieldError` naming the field (camelCase, as in the
API) with a Chinese message that says how to fix it, and leaves nothing half-written.
"""

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from suiji_platform.accounts.access import Access, inspection_scope, may_edit_inspection
from suiji_platform.calendar.services import WorkCalendar
from suiji_platform.index.services import current_organisation
from suiji_platform.ledger import merges as ledger_merges
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.oversight import progress as oversight_progress
from suiji_platform.results_index import services as results_index
from suiji_tenants.audit.services import record_audit

from .evidence import copy_to_correction
from .models import (
    Inspection,
    InspectionReport,
    InspectionSource,
    InspectionStatus,
    InspectorAccount,
    OnSiteRecord,
    Publication,
    RecordStatus,
    ReportStatus,
    ResultCategory,
)
from .referrals import open_for_record as open_referrals_for_record

# R14: government information about an enterprise is published within 20 working days.
PUBLICATION_WORKING_DAYS = 20
# R11, 行政处罚法 art. 42: at least two officers on site.
MIN_OFFICERS = 2
MAX_SIGNATURE_BYTES = 400_000

NOTICES = {
    "certificates_shown": "出示执法证件",
    "basis_told": "告知检查依据",
    "content_told": "告知检查内容",
    "period_told": "告知检查期限",
    "requirements_told": "告知检查要求",
    "names_told": "告知检查人员姓名",
}
ANSWERS = {"conform": "符合", "nonconform": "不符合", "not_applicable": "不涉及"}
# R12: a finding is handled in one of four ways.
HANDLINGS = {
    "on_spot": "当场责令改正",
    "own_department": "报告本部门处理",
    "referred": "抄告移送其他部门",
    "police": "移送公安司法机关",
}
FINDING_CATEGORIES = frozenset({ResultCategory.CORRECTED, ResultCategory.PENDING})
# Housing-specific sub-codes beneath the national categories.
HOUSING_SUBCODES: dict[str, tuple[str, frozenset[str]]] = {
    "qualification": ("资质条件不符合要求", FINDING_CATEGORIES),
    "personnel": ("关键岗位人员不到位", FINDING_CATEGORIES),
    "safety": ("安全生产管理不到位", FINDING_CATEGORIES),
    "quality": ("工程质量管理不到位", FINDING_CATEGORIES),
    "contract": ("违法发包、转包、分包或挂靠", FINDING_CATEGORIES),
    "not_started": ("项目尚未开工", frozenset({ResultCategory.NO_ACTIVITY})),
    "suspended": ("项目停工", frozenset({ResultCategory.NO_ACTIVITY, ResultCategory.CLOSED})),
}


def _progress(inspection: Inspection) -> None:
    """The inspection's oversight row (public schema), in this same transaction."""
    oversight_progress.sync_inspection(current_organisation().pk, inspection)


def _audit(
    op: str, kind: str, pk: Any, organisation: Organisation, actor: Any, **after: Any
) -> None:
    record_audit(
        op,
        object_type=kind,
        object_id=pk,
        after=after,
        actor=actor,
        organisation_code=organisation.code,
    )


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


# --- hand-over from draws -------------------------------------------------------------------


def checklist_points(content: str) -> list[str]:
    """The item's content (抽查内容) split into the points answered on site."""
    parts = re.split(r"[；;。\n]|(?:^|\s)[（(]?\d+[）).、]", content or "")
    points = [p.strip(" ，,、：:") for p in parts]
    return [p for p in points if p] or ([content.strip()] if content and content.strip() else [])


@transaction.atomic
def open_inspections_for_draw(
    handover: dict[str, Any], *, organisation: Organisation, acting_user: Any
) -> int:
    """One inspection per drawn target, covering all the draw's items, for its matched team
    (R8, R10). `handover` is plain data (see ``draws.handover.draw_handover``). Idempotent:
    a target that already has its inspection is skipped. Returns how many were opened."""
    reference = handover["draw_reference"]
    existing = set(
        Inspection.objects.filter(draw_reference=reference).values_list("target_code", flat=True)
    )
    items = [{**it, "points": checklist_points(it.get("content", ""))} for it in handover["items"]]
    window = handover["window"]
    year = handover["plan_year"]
    plan_code = (
        f"{organisation.code}-{year}-P{handover['plan_id']}" if "plan_id" in handover else ""
    )
    task_code = (
        f"{organisation.code}-{year}-T{handover['task_id']}" if "task_id" in handover else ""
    )
    rows = []
    for n, t in enumerate(handover["targets"], start=1):
        if t["code"] in existing:
            continue
        members = list(t["members"])
        rows.append(
            Inspection(
                reference=f"{reference}-{n:03d}",
                source=InspectionSource.DRAW,
                draw_reference=reference,
                plan_year=handover["plan_year"],
                plan_title=handover.get("plan_title", ""),
                task_title=handover.get("task_title", ""),
                plan_code=plan_code,
                task_code=task_code,
                round_number=handover.get("round", 1),
                target_kind=handover.get("target_kind", "entity"),
                target_code=t["code"],
                target_name=t.get("name", ""),
                target_address=t.get("address", ""),
                items=items,
                team_number=t["team_number"],
                members=members,
                member_codes=[m["certificate_no"] for m in members],
                window_start=date.fromisoformat(window["start"]),
                window_end=date.fromisoformat(window["end"]),
            )
        )
    Inspection.objects.bulk_create(rows, batch_size=2000)
    oversight_progress.sync_opened(organisation.pk, rows)
    # ledger (issue 11, R19): a visit already combined with one of ours joins its inspection.
    ledger_merges.fold_opened(organisation, reference, rows, acting_user)
    if rows:
        _audit(
            "inspections.open",
            "Draw",
            reference,
            organisation,
            acting_user,
            opened=len(rows),
        )
    return len(rows)


# --- who sees what ----------------------------------------------------------------------------


def certificate_of(user: Any) -> str | None:
    if not getattr(user, "pk", None):
        return None
    return (
        InspectorAccount.objects.filter(user_id=user.pk)
        .values_list("certificate_no", flat=True)
        .first()
    )


def visible_inspections(access: Access | None, user: Any) -> QuerySet[Inspection]:
    """Every inspection of the organisation for those who read them all; an inspector's own
    (the teams they were drawn into) otherwise; nothing without a role."""
    scope = inspection_scope(access)
    qs = Inspection.objects.all()
    if scope == "all":
        return qs
    if scope == "own":
        cert = certificate_of(user)
        return qs.filter(member_codes__contains=[cert]) if cert else qs.none()
    return qs.none()


def own_inspections(user: Any) -> QuerySet[Inspection]:
    cert = certificate_of(user)
    return (
        # ledger (issue 11): an inspection folded into a combined visit is no longer "mine".
        Inspection.objects.filter(member_codes__contains=[cert]).exclude(
            status=InspectionStatus.MERGED
        )
        if cert
        else Inspection.objects.none()
    )


def is_own(inspection: Inspection, user: Any) -> bool:
    cert = certificate_of(user)
    return bool(cert) and cert in inspection.member_codes


def require_edit(inspection: Inspection, access: Access | None, user: Any) -> None:
    if inspection.status == InspectionStatus.MERGED:  # ledger (issue 11): folded, see merges
        keeper = inspection.merged_into.reference if inspection.merged_into else ""
        raise FieldError(
            "inspectionId",
            "merged",
            f"检查“{inspection.reference}”已并入检查“{keeper}”（合并检查），请在该检查中填写笔录和报告。",
        )
    if not may_edit_inspection(access, own=is_own(inspection, user)):
        raise FieldError(
            "inspectionId",
            "not_in_team",
            f"您不是检查“{inspection.target_name}”的检查组成员，不能填写其笔录或报告。",
        )


# --- the on-site record (R11) ---------------------------------------------------------------


@dataclass
class RecordInput:
    started_at: datetime | None = None
    ended_at: datetime | None = None
    place: str = ""
    officers: list[dict[str, str]] = field(default_factory=list)
    notices: dict[str, bool] = field(default_factory=dict)
    checklist: list[dict[str, str]] = field(default_factory=list)
    findings: list[dict[str, str]] = field(default_factory=list)
    party_present: str = ""
    signature_png: str = ""
    signed_name: str = ""
    refused: bool = False
    refusal_reason: str = ""
    recording_link: str = ""


@dataclass(frozen=True)
class SaveResult:
    record: OnSiteRecord
    # The device re-sent a draft the server already had: nothing was written.
    already_received: bool = False


def expected_points(inspection: Inspection) -> list[tuple[str, str]]:
    return [(it["code"], p) for it in inspection.items for p in it.get("points", [])]


def _clean_record(data: RecordInput, inspection: Inspection) -> dict[str, Any]:
    officers = []
    for n, o in enumerate(data.officers):
        name = (o.get("name") or "").strip()
        cert = (o.get("certificate_no") or "").strip()
        if not name and not cert:
            continue
        if not name:
            raise FieldError(f"officers.{n}.name", "required", f"第{n + 1}名执法人员请填写姓名。")
        if not cert:
            raise FieldError(
                f"officers.{n}.certificateNo",
                "required",
                f"执法人员“{name}”请填写执法证号（现场须出示执法证件）。",
            )
        officers.append({"name": name, "certificate_no": cert})
    notices = {}
    for key in NOTICES:
        notices[key] = bool(data.notices.get(key))
    known = {(c, p) for c, p in expected_points(inspection)}
    checklist = []
    for n, c in enumerate(data.checklist):
        answer = c.get("answer") or ""
        if (c.get("item_code"), c.get("point")) not in known:
            raise FieldError(
                f"checklist.{n}.point",
                "unknown_point",
                "检查要点与本次检查事项不符，请刷新后重填。",
            )
        if answer and answer not in ANSWERS:
            raise FieldError(
                f"checklist.{n}.answer", "invalid", "检查要点的结论应为：符合、不符合或不涉及。"
            )
        checklist.append(
            {
                "item_code": c["item_code"],
                "point": c["point"],
                "answer": answer,
                "note": (c.get("note") or "").strip()[:500],
            }
        )
    findings = []
    for n, f in enumerate(data.findings):
        text = (f.get("description") or "").strip()
        if not text:
            continue
        handling = f.get("handling") or ""
        if handling and handling not in HANDLINGS:
            raise FieldError(
                f"findings.{n}.handling",
                "invalid",
                "问题的处理方式应为：当场责令改正、报告本部门、抄告移送其他部门或移送公安司法机关。",
            )
        raw = f.get("deadline")
        deadline = raw.isoformat() if isinstance(raw, date) else str(raw or "").strip()[:10]
        if deadline:
            try:
                date.fromisoformat(deadline)
            except ValueError:
                raise FieldError(
                    f"findings.{n}.deadline", "invalid", "改正期限应为日期（如 2026-12-20）。"
                ) from None
        findings.append(
            {
                "description": text[:2000],
                "item_code": f.get("item_code") or "",
                "handling": handling,
                "deadline": deadline,
                "receiving_body": (f.get("receiving_body") or "").strip()[:200],
            }
        )
    png = data.signature_png or ""
    if png and not png.startswith("data:image/png;base64,"):
        raise FieldError("signaturePng", "invalid", "签名应为手写板生成的 PNG 图片，请重新签名。")
    if len(png) > MAX_SIGNATURE_BYTES:
        raise FieldError("signaturePng", "too_large", "签名图片过大，请清除后重新签名。")
    link = (data.recording_link or "").strip()
    if link and not re.match(r"^(https?://|[A-Za-z0-9_-]+:)", link):
        raise FieldError(
            "recordingLink",
            "invalid",
            "音视频记录请填写链接（http:// 或 https:// 开头）或设备文件编号（如 DSJ01:20261201-001）。",
        )
    if data.started_at and data.ended_at and data.ended_at < data.started_at:
        raise FieldError("endedAt", "before_start", "检查结束时间不能早于开始时间。")
    return {
        "started_at": data.started_at,
        "ended_at": data.ended_at,
        "place": (data.place or "").strip()[:300],
        "officers": officers,
        "notices": notices,
        "checklist": checklist,
        "findings": findings,
        "party_present": (data.party_present or "").strip()[:100],
        "signature_png": png,
        "signed_name": (data.signed_name or "").strip()[:64],
        "refused": bool(data.refused),
        "refusal_reason": (data.refusal_reason or "").strip()[:500],
        "recording_link": link[:500],
    }


def _locked_message(record: OnSiteRecord) -> FieldError:
    return FieldError(
        "clientId",
        "record_locked",
        f"该现场检查笔录（第{record.version}版）已由当事人确认并锁定，不能修改；"
        "如需更正，请新建更正版本。",
    )


@transaction.atomic
def save_on_site_record(
    inspection: Inspection,
    data: RecordInput,
    *,
    client_id: uuid.UUID | str,
    revision: int,
    access: Access | None,
    organisation: Organisation,
    acting_user: Any,
) -> SaveResult:
    """Save the draft the device holds. Idempotent by the device's `client_id`: a re-sent
    draft (same or older `revision`) writes nothing and returns the stored record, so an
    offline draft sent twice gives one record. A confirmed record is locked."""
    try:
        client_uuid = uuid.UUID(str(client_id))
    except ValueError:
        raise FieldError("clientId", "invalid", "草稿编号无效，请刷新页面后重试。") from None
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    require_edit(inspection, access, acting_user)
    record = OnSiteRecord.objects.select_for_update().filter(client_id=client_uuid).first()
    if record is not None:
        if record.inspection_id != inspection.pk:
            raise FieldError(
                "clientId", "other_inspection", "草稿编号属于另一项检查，请刷新页面后重试。"
            )
        if record.status != RecordStatus.DRAFT:
            if revision <= record.revision:
                return SaveResult(record, already_received=True)
            raise _locked_message(record)
        if revision <= record.revision:
            return SaveResult(record, already_received=True)
    else:
        draft = OnSiteRecord.objects.filter(
            inspection=inspection, status=RecordStatus.DRAFT
        ).first()
        if draft is not None:
            raise FieldError(
                "clientId",
                "draft_exists",
                "本检查已有一份笔录草稿（可能来自另一台设备），请刷新后在该草稿上继续填写。",
            )
        if inspection.records.filter(status=RecordStatus.CONFIRMED).exists():
            confirmed = inspection.records.get(status=RecordStatus.CONFIRMED)
            raise _locked_message(confirmed)
    values = _clean_record(data, inspection)
    if record is None:
        version = (
            inspection.records.order_by("-version").values_list("version", flat=True).first() or 0
        ) + 1
        try:
            with transaction.atomic():
                record = OnSiteRecord.objects.create(
                    inspection=inspection,
                    client_id=client_uuid,
                    revision=revision,
                    version=version,
                    created_by=_user(acting_user),
                    **values,
                )
        except IntegrityError:
            raise FieldError(
                "clientId", "draft_exists", "本检查已有一份笔录草稿，请刷新后继续填写。"
            ) from None
        op = "record.create"
    else:
        for k, v in values.items():
            setattr(record, k, v)
        record.revision = revision
        record.save()
        op = "record.save"
    _audit(
        op,
        "OnSiteRecord",
        record.pk,
        organisation,
        acting_user,
        inspection=inspection.reference,
        version=record.version,
        revision=revision,
        findings=len(record.findings),
    )
    return SaveResult(record)


def validate_for_confirmation(record: OnSiteRecord) -> None:
    """R11: who, when, where, what was told, every point answered, and the party's
    confirmation (a signature, a typed name, or a recorded refusal with its reason)."""
    if record.started_at is None:
        raise FieldError("startedAt", "required", "请填写检查开始时间。")
    if record.ended_at is None:
        raise FieldError("endedAt", "required", "请填写检查结束时间。")
    if not record.place:
        raise FieldError("place", "required", "请填写检查地点。")
    if len(record.officers) < MIN_OFFICERS:
        raise FieldError(
            "officers",
            "too_few_officers",
            f"现场执法人员不得少于{MIN_OFFICERS}名（行政处罚法第四十二条），"
            f"当前只有{len(record.officers)}名：请补充在场执法人员及其执法证号。",
        )
    for key, label in NOTICES.items():
        if not record.notices.get(key):
            camel = key.split("_")[0] + "".join(p.title() for p in key.split("_")[1:])
            raise FieldError(f"notices.{camel}", "not_told", f"请确认已{label}，并勾选。")
    answered = {(c["item_code"], c["point"]): c.get("answer") for c in record.checklist}
    for n, (code, point) in enumerate(expected_points(record.inspection)):
        if not answered.get((code, point)):
            raise FieldError(
                f"checklist.{n}.answer", "unanswered", f"检查要点“{point}”（{code}）尚未填写结论。"
            )
    nonconform = sum(1 for c in record.checklist if c.get("answer") == "nonconform")
    if nonconform and not record.findings:
        raise FieldError(
            "findings",
            "missing_findings",
            f"有{nonconform}个检查要点结论为“不符合”，请在“发现的问题”中写明情况。",
        )
    check_findings_handled(record)
    if record.refused:
        if not record.refusal_reason:
            raise FieldError(
                "refusalReason", "required", "当事人拒绝签名时，请记录拒签情况（原因、见证人）。"
            )
    elif not record.signature_png and not record.signed_name:
        raise FieldError(
            "signaturePng",
            "signature_missing",
            "当事人尚未签名：请当事人在签名板上签名或输入姓名；拒绝签名的，请勾选“拒绝签名”并记录情况。",
        )


def check_findings_handled(record: OnSiteRecord) -> None:
    """R12: every finding says how it is handled; an order to correct on the spot has its
    deadline (not before the inspection day)."""
    day = timezone.localdate(record.started_at) if record.started_at else None
    for n, f in enumerate(record.findings):
        handling = f.get("handling") or ""
        if not handling:
            raise FieldError(
                f"findings.{n}.handling",
                "required",
                f"问题“{f['description'][:30]}”尚未选择处理方式：当场责令改正、"
                "报告本部门、抄告移送其他部门或移送公安司法机关。",
            )
        if handling == "on_spot":
            deadline = f.get("deadline") or ""
            if not deadline:
                raise FieldError(
                    f"findings.{n}.deadline",
                    "required",
                    f"当场责令改正的问题“{f['description'][:30]}”请填写改正期限，期满后复查。",
                )
            if day and date.fromisoformat(deadline) < day:
                raise FieldError(
                    f"findings.{n}.deadline", "before_inspection", "改正期限不能早于检查日期。"
                )


@transaction.atomic
def confirm_on_site_record(
    record: OnSiteRecord, *, access: Access | None, organisation: Organisation, acting_user: Any
) -> OnSiteRecord:
    """The party's confirmation locks the record; a previous version it corrects is
    superseded."""
    record = OnSiteRecord.objects.select_for_update().select_related("inspection").get(pk=record.pk)
    require_edit(record.inspection, access, acting_user)
    if record.status != RecordStatus.DRAFT:
        raise _locked_message(record)
    validate_for_confirmation(record)
    record.status = RecordStatus.CONFIRMED
    record.confirmed_at = timezone.now()
    record.confirmed_by = _user(acting_user)
    record.save(update_fields=["status", "confirmed_at", "confirmed_by", "updated_at"])
    if record.previous_id:
        OnSiteRecord.objects.filter(pk=record.previous_id).update(status=RecordStatus.SUPERSEDED)
    open_referrals_for_record(record, acting_user=acting_user)
    inspection = record.inspection
    if inspection.status == InspectionStatus.OPEN:
        inspection.status = InspectionStatus.RECORDED
        inspection.save(update_fields=["status"])
        _progress(inspection)
    _audit(
        "record.confirm",
        "OnSiteRecord",
        record.pk,
        organisation,
        acting_user,
        inspection=inspection.reference,
        version=record.version,
        refused=record.refused,
        signed="png" if record.signature_png else ("name" if record.signed_name else ""),
    )
    return record


@transaction.atomic
def start_correction(
    record: OnSiteRecord,
    *,
    client_id: uuid.UUID | str,
    access: Access | None,
    organisation: Organisation,
    acting_user: Any,
) -> OnSiteRecord:
    """A confirmed record is never changed: a correction is a new draft version, linked to
    it, that the party confirms again."""
    record = OnSiteRecord.objects.select_for_update().select_related("inspection").get(pk=record.pk)
    require_edit(record.inspection, access, acting_user)
    if record.status != RecordStatus.CONFIRMED:
        raise FieldError("recordId", "not_confirmed", "只有已确认的笔录可以更正；草稿请直接修改。")
    existing = OnSiteRecord.objects.filter(client_id=str(client_id)).first()
    if existing is not None and existing.previous_id == record.pk:
        return existing
    if hasattr(record, "correction"):
        raise FieldError(
            "recordId", "already_corrected", "该笔录已有更正版本，请在更正版本上继续。"
        )
    copy = OnSiteRecord.objects.create(
        inspection=record.inspection,
        client_id=client_id,
        revision=0,
        version=record.version + 1,
        previous=record,
        started_at=record.started_at,
        ended_at=record.ended_at,
        place=record.place,
        officers=record.officers,
        notices=record.notices,
        checklist=record.checklist,
        findings=record.findings,
        party_present=record.party_present,
        recording_link=record.recording_link,
        created_by=_user(acting_user),
    )
    copy_to_correction(record, copy)
    _audit(
        "record.correct",
        "OnSiteRecord",
        copy.pk,
        organisation,
        acting_user,
        corrects=record.pk,
        version=copy.version,
    )
    return copy


def current_record(inspection: Inspection) -> OnSiteRecord | None:
    """The draft in progress, else the confirmed record."""
    records = {r.status: r for r in inspection.records.exclude(status=RecordStatus.SUPERSEDED)}
    return records.get(RecordStatus.DRAFT) or records.get(RecordStatus.CONFIRMED)


# --- the report (R13) -------------------------------------------------------------------------


@dataclass
class ReportInput:
    inspected_on: date | None = None
    content: str = ""
    methods: str = ""
    situation: str = ""
    proposals: str = ""
    result_categories: Sequence[str] = ()
    housing_subcodes: Sequence[str] = ()


def _label(category: str) -> str:
    return str(ResultCategory(category).label)


def check_result_against_findings(
    categories: Sequence[str], findings: Sequence[dict[str, Any]]
) -> None:
    """A result category must agree with what the record found and how it was handled:
    未发现问题 without findings; 发现问题已责令改正 only with an order to correct on the spot;
    a finding passed on (own department, another department, police) is 待后续处理."""
    chosen = set(categories)
    findings_count = len(findings)
    if ResultCategory.NO_PROBLEM in chosen and findings_count:
        raise FieldError(
            "resultCategories",
            "contradicts_findings",
            f"检查结果选了“未发现问题”，但现场检查笔录记录了{findings_count}个问题："
            "请改选“发现问题已责令改正”或“发现问题待后续处理”，或先更正笔录。",
        )
    if ResultCategory.NO_PROBLEM in chosen and chosen & FINDING_CATEGORIES:
        raise FieldError(
            "resultCategories",
            "contradicts_findings",
            "“未发现问题”不能与“发现问题……”同时选择。",
        )
    found = chosen & FINDING_CATEGORIES
    if found and not findings_count:
        names = "、".join(f"“{_label(c)}”" for c in sorted(found))
        raise FieldError(
            "resultCategories",
            "contradicts_findings",
            f"检查结果选了{names}，但现场检查笔录没有记录任何问题：请在笔录中写明发现的问题"
            "（更正笔录），或改选其他结果。",
        )
    handlings = {f.get("handling") or "" for f in findings}
    if ResultCategory.CORRECTED in chosen and "on_spot" not in handlings:
        raise FieldError(
            "resultCategories",
            "contradicts_findings",
            "检查结果选了“发现问题已责令改正”，但现场检查笔录中没有当场责令改正的问题："
            "请改选“发现问题待后续处理”，或先更正笔录。",
        )
    passed_on = handlings - {"on_spot", ""}
    if passed_on and ResultCategory.PENDING not in chosen and findings_count:
        names = "、".join(f"“{HANDLINGS[h]}”" for h in sorted(passed_on))
        raise FieldError(
            "resultCategories",
            "contradicts_findings",
            f"现场检查笔录中有问题{names}，检查结果应包括“发现问题待后续处理”。",
        )


@transaction.atomic
def submit_report(
    inspection: Inspection,
    data: ReportInput,
    *,
    access: Access | None,
    organisation: Organisation,
    acting_user: Any,
) -> InspectionReport:
    """R13: the report, assembled from the confirmed record and edited by the team; it goes to
    the reviewer (待审核). A returned report may be submitted again."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    require_edit(inspection, access, acting_user)
    record = inspection.records.filter(status=RecordStatus.CONFIRMED).first()
    if record is None:
        raise FieldError(
            "inspectionId",
            "no_confirmed_record",
            "现场检查笔录尚未由当事人确认，不能提交检查报告。",
        )
    report = InspectionReport.objects.select_for_update().filter(inspection=inspection).first()
    if report is not None and report.status not in (ReportStatus.RETURNED, ReportStatus.PENDING):
        raise FieldError(
            "inspectionId",
            "report_locked",
            f"检查报告已{ReportStatus(report.status).label}，不能再修改。",
        )
    if data.inspected_on is None:
        raise FieldError("inspectedOn", "required", "请填写检查日期。")
    for name, label in (
        ("content", "检查时间和内容"),
        ("methods", "检查方法和步骤"),
        ("situation", "检查对象的情况和评价"),
    ):
        if not (getattr(data, name) or "").strip():
            raise FieldError(name, "required", f"请填写检查报告的“{label}”。")
    categories = sorted(set(data.result_categories))
    if not categories:
        raise FieldError("resultCategories", "required", "请选择检查结果（可多选）。")
    for n, c in enumerate(categories):
        if c not in ResultCategory.values:
            raise FieldError(f"resultCategories.{n}", "invalid", f"未知的检查结果“{c}”。")
    check_result_against_findings(categories, record.findings)
    subcodes = sorted(set(data.housing_subcodes))
    for n, s in enumerate(subcodes):
        if s not in HOUSING_SUBCODES:
            raise FieldError(f"housingSubcodes.{n}", "invalid", f"未知的住建细分结果“{s}”。")
        label, parents = HOUSING_SUBCODES[s]
        if not parents & set(categories):
            allowed = "或".join(f"“{_label(p)}”" for p in sorted(parents))
            raise FieldError(
                f"housingSubcodes.{n}",
                "not_beneath",
                f"细分结果“{label}”只能用于{allowed}，请先选择相应的检查结果。",
            )
    values = {
        "record": record,
        "inspected_on": data.inspected_on,
        "content": data.content.strip(),
        "methods": data.methods.strip(),
        "situation": data.situation.strip(),
        "proposals": (data.proposals or "").strip(),
        "result_categories": categories,
        "housing_subcodes": subcodes,
        "status": ReportStatus.PENDING,
        "submitted_by": _user(acting_user),
        "submitted_at": timezone.now(),
        "review_comment": "",
    }
    if report is None:
        report = InspectionReport.objects.create(inspection=inspection, **values)
    else:
        for k, v in values.items():
            setattr(report, k, v)
        report.save()
    inspection.status = InspectionStatus.REPORTED
    inspection.save(update_fields=["status"])
    _progress(inspection)
    _audit(
        "report.submit",
        "InspectionReport",
        report.pk,
        organisation,
        acting_user,
        inspection=inspection.reference,
        result_categories=categories,
    )
    return report


def _draft_categories(findings: Sequence[dict[str, Any]]) -> list[str]:
    if not findings:
        return [ResultCategory.NO_PROBLEM]
    handlings = {f.get("handling") or "" for f in findings}
    out: list[str] = []
    if "on_spot" in handlings:
        out.append(ResultCategory.CORRECTED)
    if handlings - {"on_spot"}:
        out.append(ResultCategory.PENDING)
    return out


def draft_report(inspection: Inspection) -> ReportInput:
    """The report assembled from the confirmed record (the team edits it before submitting)."""
    record = inspection.records.filter(status=RecordStatus.CONFIRMED).first()
    items = "、".join(f"{it['name']}（{it['code']}）" for it in inspection.items)
    if record is None:
        return ReportInput(content=f"检查事项：{items}")
    when = timezone.localtime(record.started_at) if record.started_at else None
    findings = record.findings
    return ReportInput(
        inspected_on=when.date() if when else None,
        content=(f"{when:%Y年%m月%d日 %H:%M}，" if when else "")
        + f"对{inspection.target_name}开展检查，检查事项：{items}。",
        methods="现场检查：出示执法证件并告知检查依据、内容、期限和要求，逐项核对检查要点，制作现场检查笔录并经当事人确认。",
        situation=(
            "发现以下问题：" + "；".join(f["description"] for f in findings)
            if findings
            else "各检查要点均未发现问题。"
        ),
        proposals="责令限期改正并复查。" if findings else "",
        result_categories=_draft_categories(findings),
    )


# --- review and publication (R14) -------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """The 20-working-day publication clock of one approved result."""

    due_on: date | None
    due_unknown: bool
    remaining: int | None  # working days left (0 on the due day); None when unknown or done
    overdue: bool


def publication_due(
    approved_on: date, calendar: WorkCalendar | None = None
) -> tuple[date | None, int | None]:
    """(due date, unknown year): 20 working days after approval, or (None, year) when a year
    on the way has no loaded holiday schedule."""
    result = (calendar or WorkCalendar()).add_working_days(approved_on, PUBLICATION_WORKING_DAYS)
    return result.date, result.unknown_year


def publication_clock(
    publication: Publication, today: date | None = None, calendar: WorkCalendar | None = None
) -> Clock:
    today = today or timezone.localdate()
    if publication.due_unknown or publication.due_on is None:
        return Clock(None, True, None, False)
    if publication.published_at is not None:
        return Clock(publication.due_on, False, None, publication.late)
    if today > publication.due_on:
        return Clock(publication.due_on, False, 0, True)
    count = (calendar or WorkCalendar()).working_days_between(today, publication.due_on)
    return Clock(publication.due_on, count.unknown_schedule, count.days, False)


@transaction.atomic
def review_report(
    report: InspectionReport,
    *,
    approve: bool,
    comment: str = "",
    publish: bool = True,
    organisation: Organisation,
    acting_user: Any,
    today: date | None = None,
) -> InspectionReport:
    """A reviewer approves the result before publication (待审核 → 退回 / 已公示). Approval
    starts the 20-working-day clock; with `publish` the notice goes out at once."""
    report = (
        InspectionReport.objects.select_for_update().select_related("inspection").get(pk=report.pk)
    )
    if report.status != ReportStatus.PENDING:
        raise FieldError(
            "reportId",
            "not_pending",
            f"该检查报告当前为“{ReportStatus(report.status).label}”，不在待审核状态。",
        )
    comment = (comment or "").strip()
    if report.submitted_by_id and report.submitted_by_id == getattr(acting_user, "pk", None):
        raise FieldError("reportId", "same_user", "检查报告须由提交人以外的审核人员审核。")
    inspection = report.inspection
    report.reviewed_by = _user(acting_user)
    report.reviewed_at = timezone.now()
    report.review_comment = comment[:500]
    if not approve:
        if not comment:
            raise FieldError(
                "comment", "required", "退回检查报告时请填写退回原因，便于检查组修改。"
            )
        report.status = ReportStatus.RETURNED
        report.save()
        inspection.status = InspectionStatus.RETURNED
        inspection.save(update_fields=["status"])
        _progress(inspection)
        _audit(
            "report.return",
            "InspectionReport",
            report.pk,
            organisation,
            acting_user,
            comment=comment,
        )
        return report
    report.status = ReportStatus.APPROVED
    report.save()
    approved_on = today or timezone.localdate()
    due_on, unknown_year = publication_due(approved_on)
    Publication.objects.create(
        report=report,
        approved_on=approved_on,
        due_on=due_on,
        due_unknown=due_on is None,
        unknown_year=unknown_year,
    )
    inspection.status = InspectionStatus.APPROVED
    inspection.save(update_fields=["status"])
    # R15: a legally effective decision (责令改正, 不配合检查) enters the credit record.
    from .credit import record_credit_of_result

    record_credit_of_result(
        report, on=approved_on, organisation=organisation, acting_user=_user(acting_user)
    )
    _progress(inspection)
    _audit(
        "report.approve",
        "InspectionReport",
        report.pk,
        organisation,
        acting_user,
        due_on=due_on.isoformat() if due_on else None,
        due_unknown=due_on is None,
    )
    if publish:
        publish_result(report, organisation=organisation, acting_user=acting_user)
        report.refresh_from_db()
    return report


def _inspection_type(inspection: Inspection) -> str:
    kind = "工程项目" if inspection.target_kind == "project" else "市场主体"
    return f"双随机抽查（{kind}）"


def item_results(inspection: Inspection, report: InspectionReport) -> list[dict[str, Any]]:
    """Per item the result (national exchange record): an item with a finding carries the
    report's finding categories (已责令改正 / 待后续处理); an item without one 未发现问题, unless
    the result is not about findings at all (未发现经营活动, 关闭停业, 注销…), which then applies
    to every item."""
    record = report.record
    with_findings = {f.get("item_code", "") for f in record.findings}
    # a finding not tied to an item applies to all of them
    everywhere = "" in with_findings
    categories = list(report.result_categories)
    finding_cats = [c for c in categories if c in FINDING_CATEGORIES]
    other_cats = [
        c for c in categories if c not in FINDING_CATEGORIES and c != ResultCategory.NO_PROBLEM
    ]
    out = []
    for it in inspection.items:
        if finding_cats and (everywhere or it["code"] in with_findings):
            result = finding_cats
        elif other_cats:
            result = other_cats
        else:
            result = [str(ResultCategory.NO_PROBLEM.value)]
        out.append({"code": it["code"], "name": it["name"], "result": [str(c) for c in result]})
    return out


@transaction.atomic
def publish_result(
    report: InspectionReport, *, organisation: Organisation, acting_user: Any
) -> Publication:
    """R14: the public notice of an approved result, written to the public results index in
    the same transaction. Targeted inspections (R16) are recorded, not published."""
    report = (
        InspectionReport.objects.select_for_update()
        .select_related("inspection", "record")
        .get(pk=report.pk)
    )
    if report.status != ReportStatus.APPROVED:
        raise FieldError(
            "reportId",
            "not_approved",
            f"检查报告当前为“{ReportStatus(report.status).label}”，审核通过后才能公示。",
        )
    publication = Publication.objects.select_for_update().get(report=report)
    inspection = report.inspection
    now = timezone.now()
    publication.published_at = now
    publication.late = (
        publication.due_on is not None and timezone.localdate(now) > publication.due_on
    )
    publication.save(update_fields=["published_at", "late"])
    report.status = ReportStatus.PUBLISHED
    report.save(update_fields=["status"])
    inspection.status = InspectionStatus.PUBLISHED
    inspection.save(update_fields=["status"])
    _progress(inspection)
    if inspection.source == InspectionSource.DRAW:
        results_index.record_published_result(
            results_index.ResultEntry(
                organisation_id=organisation.pk,
                reference=inspection.reference,
                target_kind=inspection.target_kind,
                entity_name=inspection.target_name,
                uscc=inspection.target_code,
                plan_year=inspection.plan_year,
                plan_title=inspection.plan_title,
                task_title=inspection.task_title,
                draw_reference=inspection.draw_reference,
                plan_code=inspection.plan_code,
                task_code=inspection.task_code,
                inspection_type=_inspection_type(inspection),
                items=item_results(inspection, report),
                inspected_on=report.inspected_on,
                inspecting_body=organisation.name,
                result_categories=list(report.result_categories),
                published_at=now,
            )
        )
    _audit(
        "result.publish",
        "InspectionReport",
        report.pk,
        organisation,
        acting_user,
        inspection=inspection.reference,
        late=publication.late,
    )
    return publication
