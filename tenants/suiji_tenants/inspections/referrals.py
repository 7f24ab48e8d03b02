"""Findings handled (R12). When the party confirms the on-site record, each finding gets its
`Referral`, by the way the record says it is handled:

| handling | steps |
|---|---|
| on the spot (当场责令改正) | ordered, with the correction deadline → re-check: corrected (办结) or not corrected (then closed with what was done next) |
| own department (报告本部门处理) | reported → feedback → closed |
| another department (抄告/移送) | to send → sent to the receiving department → its feedback → closed |
| police or judiciary (移送公安司法机关) | awaiting the head's decision (3 days, 行政执法机关移送涉嫌犯罪案件的规定 art. 5) → approved: the case goes over within 24 hours with the required attachments (art. 6) → feedback → closed; not approved → closed with the reason |

A finding reported to the own department, or an order to correct that was not corrected, can
take one 立案处罚决定 (`penalty`: the decision's number, date and text) before it is closed: it
writes the entity's `CreditRecord` (行政处罚) and moves its credit class by the documented rule
(`credit.record_decision`), in the same transaction, audited with the inspection's reference.
The step is kept in `history` and does not move the referral on (its clock keeps running).

Every referral shows where it is (`status`) and how long it has waited there, in working days
(`suiji_platform.calendar`), and whether a deadline has passed. Every step is audited and kept
in `history`.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from suiji_platform.accounts.access import Access, Permission, may_edit_inspection
from suiji_platform.calendar.services import WorkCalendar
from suiji_platform.credit.models import CreditDecision
from suiji_platform.index.services import current_organisation
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.oversight import referrals as oversight_referrals
from suiji_platform.plan_index.models import Reminder, ReminderKind
from suiji_tenants.audit.services import record_audit

from . import credit
from .models import Evidence, OnSiteRecord, Referral, ReferralKind, ReferralStatus

# 行政执法机关移送涉嫌犯罪案件的规定 art. 5: the head decides within 3 days of the report;
# art. 6: an approved case goes to the public security organ within 24 hours.
DECISION_DAYS = 3
TRANSFER_HOURS = 24
# art. 6: what goes with the case. The first two are always required; the list of the goods
# involved and the test or appraisal reports go with it where they exist.
ATTACHMENTS = {
    "transfer_letter": ("涉嫌犯罪案件移送书", True),
    "investigation_report": ("涉嫌犯罪案件情况的调查报告", True),
    "goods_list": ("涉案物品清单", False),
    "test_report": ("有关检验报告或者鉴定结论", False),
}
ACTIONS = {
    "recheck": "复查",
    "send": "抄告移送",
    "decide": "负责人决定",
    "transfer": "移交公安司法机关",
    "feedback": "登记反馈",
    "penalty": "立案处罚决定",
    "close": "办结",
}
FIRST_STATUS = {
    ReferralKind.ON_SPOT: ReferralStatus.ORDERED,
    ReferralKind.OWN_DEPARTMENT: ReferralStatus.REPORTED,
    ReferralKind.REFERRED: ReferralStatus.TO_SEND,
    ReferralKind.POLICE: ReferralStatus.AWAITING_DECISION,
}
# (kind, status) → the actions allowed there
ALLOWED: dict[tuple[str, str], tuple[str, ...]] = {
    (ReferralKind.ON_SPOT, ReferralStatus.ORDERED): ("recheck",),
    (ReferralKind.ON_SPOT, ReferralStatus.NOT_CORRECTED): ("penalty", "close"),
    (ReferralKind.OWN_DEPARTMENT, ReferralStatus.REPORTED): ("penalty", "feedback", "close"),
    (ReferralKind.OWN_DEPARTMENT, ReferralStatus.FEEDBACK): ("penalty", "close"),
    (ReferralKind.REFERRED, ReferralStatus.TO_SEND): ("send",),
    (ReferralKind.REFERRED, ReferralStatus.SENT): ("feedback",),
    (ReferralKind.REFERRED, ReferralStatus.FEEDBACK): ("close",),
    (ReferralKind.POLICE, ReferralStatus.AWAITING_DECISION): ("decide",),
    (ReferralKind.POLICE, ReferralStatus.APPROVED): ("transfer",),
    (ReferralKind.POLICE, ReferralStatus.TRANSFERRED): ("feedback",),
    (ReferralKind.POLICE, ReferralStatus.FEEDBACK): ("close",),
}


def _now() -> datetime:
    return timezone.now()


def allowed_actions(referral: Referral) -> tuple[str, ...]:
    """The steps allowed where the referral is; a penalty decision is taken once."""
    allowed = ALLOWED.get((referral.kind, referral.status), ())
    if referral.penalty_number:
        allowed = tuple(a for a in allowed if a != "penalty")
    return allowed


def _step(
    referral: Referral, status: str, user: Any, note: str = "", at: datetime | None = None
) -> None:
    at = at or _now()
    status = ReferralStatus(status).value  # plain text in the row and its history
    referral.status = status
    referral.status_since = at
    referral.history = [
        *referral.history,
        {
            "at": at.isoformat(),
            "status": status,
            "by": getattr(user, "username", "") or "",
            "note": note,
        },
    ]


def open_for_record(record: OnSiteRecord, *, acting_user: Any, at: datetime | None = None) -> int:
    """One referral per finding of a just confirmed record (called in its transaction). A
    correction keeps the referrals of the same findings it had (matched by their text), so a
    corrected record does not restart their clocks."""
    at = at or _now()
    carried: dict[str, Referral] = {}
    if record.previous_id:
        for r in Referral.objects.filter(record_id=record.previous_id):
            carried.setdefault(r.finding, r)
    created = 0
    for n, finding in enumerate(record.findings):
        text = finding["description"]
        old = carried.pop(text, None)
        if old is not None and old.kind == finding["handling"]:
            old.record = record
            old.finding_index = n
            old.save(update_fields=["record", "finding_index"])
            continue
        kind = ReferralKind(finding["handling"])
        referral = Referral(
            inspection_id=record.inspection_id,
            record=record,
            finding_index=n,
            finding=text,
            kind=kind.value,
            status=FIRST_STATUS[kind].value,
            status_since=at,
            receiving_body=(finding.get("receiving_body") or "").strip()[:200],
            order_text=text[:1000] if kind == ReferralKind.ON_SPOT else "",
            correction_deadline=(
                date.fromisoformat(finding["deadline"]) if finding.get("deadline") else None
            ),
            decision_due_at=at + timedelta(days=DECISION_DAYS)
            if kind == ReferralKind.POLICE
            else None,
        )
        referral.history = [
            {
                "at": at.isoformat(),
                "status": referral.status,
                "by": getattr(acting_user, "username", "") or "",
                "note": "现场检查笔录确认",
            }
        ]
        referral.save()
        _index(referral, record, at)
        created += 1
    return created


def _reference(referral: Referral) -> str:
    return f"{current_organisation().code}:referral:{referral.pk}"


def _index(referral: Referral, record: OnSiteRecord, at: datetime) -> None:
    """The oversight row of an open follow-up (public schema, this same transaction): the
    prefecture counts open referrals and their waiting time from it, never from this schema."""
    organisation = current_organisation()
    oversight_referrals.record_referral(
        organisation_id=organisation.pk,
        reference=_reference(referral),
        plan_year=record.inspection.plan_year,
        opened_on=timezone.localdate(at),
        from_code=organisation.code,
        subject=f"{ReferralKind(referral.kind).label}：{referral.finding}",
    )


# --- where it is, how long it has waited ------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    since: date
    working_days: int | None  # None: a year on the way has no loaded schedule
    overdue: bool
    due: str  # what the next deadline is, in words ("" when none)
    due_at: datetime | None


def waiting(
    referral: Referral, now: datetime | None = None, calendar: WorkCalendar | None = None
) -> Waiting:
    now = now or _now()
    since = timezone.localdate(referral.status_since)
    today = timezone.localdate(now)
    days = None
    if referral.status != ReferralStatus.CLOSED:
        days = (calendar or WorkCalendar()).working_days_between(since, today).days
    else:
        days = 0
    due, due_at, overdue = "", None, False
    status = referral.status
    if status == ReferralStatus.ORDERED and referral.correction_deadline:
        due = f"改正期限 {referral.correction_deadline:%Y-%m-%d}，期满后复查"
        overdue = today > referral.correction_deadline
    elif status == ReferralStatus.AWAITING_DECISION and referral.decision_due_at:
        due_at = referral.decision_due_at
        due = "负责人应在3日内作出是否移送的决定"
        overdue = now > due_at
    elif status == ReferralStatus.APPROVED and referral.transfer_due_at:
        due_at = referral.transfer_due_at
        due = "批准后24小时内移交公安司法机关"
        overdue = now > due_at
    return Waiting(since, days, overdue, due, due_at)


def transfer_late(referral: Referral) -> bool:
    return bool(
        referral.sent_at
        and referral.transfer_due_at
        and referral.sent_at > referral.transfer_due_at
    )


# --- reminders for deadlines passed -----------------------------------------------------------

# status → (reminder kind, what is late)
OVERDUE_REMINDERS = {
    ReferralStatus.ORDERED: (ReminderKind.RECHECK_OVERDUE, "责令改正期限已满，尚未复查"),
    ReferralStatus.AWAITING_DECISION: (
        ReminderKind.DECISION_OVERDUE,
        "负责人超过3日未作出是否移送公安司法机关的决定",
    ),
    ReferralStatus.APPROVED: (
        ReminderKind.TRANSFER_OVERDUE,
        "批准移送后超过24小时尚未移交公安司法机关",
    ),
}


def remind_overdue(
    organisation: Organisation,
    now: datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> dict[str, int]:
    """The daily scan (inside the organisation's schema, from the publication clock's beat):
    one in-app reminder per overdue deadline — an order's re-check, the head's 3-day decision,
    the 24-hour transfer. Referrals with the same kind of deadline on the same day share one
    reminder, which names how many; a second run of the scan writes nothing new."""
    now = now or _now()
    calendar = calendar or WorkCalendar()
    late: dict[tuple[str, date], list[Referral]] = {}
    for referral in Referral.objects.filter(status__in=list(OVERDUE_REMINDERS)).order_by("id"):
        w = waiting(referral, now, calendar=calendar)
        if not w.overdue:
            continue
        deadline = (
            timezone.localdate(w.due_at) if w.due_at is not None else referral.correction_deadline
        )
        assert deadline is not None  # overdue implies a deadline
        late.setdefault(
            (str(OVERDUE_REMINDERS[ReferralStatus(referral.status)][0]), deadline), []
        ).append(referral)
    counts = {"referrals_overdue": 0, "referral_reminders": 0}
    with transaction.atomic():
        for (kind, deadline), items in late.items():
            what = next(t for k, t in OVERDUE_REMINDERS.values() if k == kind)
            findings = "；".join(r.finding[:40] for r in items[:3])
            more = f"等 {len(items)} 项" if len(items) > 3 else ""
            message = (
                f"{deadline:%Y年%m月%d日}到期：{len(items)} 项问题{what}"
                f"（{findings}{more}），请在“问题处理”中办理。"
            )
            _, created = Reminder.objects.get_or_create(
                organisation=organisation,
                kind=kind,
                year=deadline.year,
                subject_code=organisation.code,
                due_on=deadline,
                defaults={"message": message[:300]},
            )
            counts["referrals_overdue"] += len(items)
            counts["referral_reminders"] += int(created)
    return counts


# --- actions ------------------------------------------------------------------------------------


@dataclass
class ReferralAction:
    action: str
    note: str = ""
    corrected: bool | None = None  # recheck
    rechecked_on: date | None = None  # recheck
    receiving_body: str = ""  # send, transfer
    approve: bool | None = None  # decide
    attachments: list[dict[str, Any]] | None = None  # transfer: [{kind, evidence_id}]
    penalty_number: str = ""  # penalty: 处罚决定书文号
    penalty_on: date | None = None  # penalty: 决定日期
    penalty_text: str = ""  # penalty: 决定内容


def _require_note(note: str, field: str, message: str) -> str:
    note = (note or "").strip()
    if not note:
        raise FieldError(field, "required", message)
    return note[:1000]


@transaction.atomic
def act(
    referral: Referral,
    data: ReferralAction,
    *,
    access: Access | None,
    organisation: Organisation,
    acting_user: Any,
    own: bool,
    now: datetime | None = None,
) -> Referral:
    """One step of a referral. The team or the business sections act; the head's decision on
    a transfer to the police is taken by a reviewer (负责人, `review_results`)."""
    now = now or _now()
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if data.action not in ACTIONS:
        raise FieldError("action", "invalid", "未知的办理操作。")
    if data.action == "penalty" and referral.penalty_number:
        raise FieldError(
            "action",
            "already_decided",
            f"该问题已登记处罚决定（{referral.penalty_number}），不能重复登记。",
        )
    allowed = allowed_actions(referral)
    if data.action not in allowed:
        names = "、".join(ACTIONS[a] for a in allowed) or "无（已办结）"
        raise FieldError(
            "action",
            "not_allowed",
            f"该问题当前为“{ReferralStatus(referral.status).label}”，"
            f"不能{ACTIONS[data.action]}；可进行的操作：{names}。",
        )
    if data.action == "decide":
        if access is None or not access.allows(Permission.REVIEW_RESULTS):
            raise FieldError(
                "action", "not_head", "是否移送公安司法机关，须由本机关负责人（审核人员）决定。"
            )
    elif not may_edit_inspection(access, own=own):
        raise FieldError("id", "not_in_team", "您不是该检查的检查组成员，不能办理其问题。")
    note = (data.note or "").strip()[:1000]
    before = referral.status
    if data.action == "recheck":
        if data.corrected is None:
            raise FieldError("corrected", "required", "请选择复查结果：已改正或未改正。")
        rechecked_on = data.rechecked_on or timezone.localdate(now)
        if rechecked_on > timezone.localdate(now):
            raise FieldError("recheckedOn", "future", "复查日期不能晚于今天。")
        if rechecked_on < timezone.localdate(referral.created_at):
            raise FieldError("recheckedOn", "before_order", "复查日期不能早于责令改正之日。")
        referral.rechecked_on = rechecked_on
        referral.recheck_note = _require_note(
            note, "note", "请填写复查情况（改正了什么，或仍存在什么问题）。"
        )
        if data.corrected:
            _step(referral, ReferralStatus.CLOSED, acting_user, note, now)
            referral.closed_at = now
        else:
            _step(referral, ReferralStatus.NOT_CORRECTED, acting_user, note, now)
    elif data.action == "send":
        body = (data.receiving_body or referral.receiving_body).strip()
        if not body:
            raise FieldError("receivingBody", "required", "请填写接收抄告（移送）的部门。")
        referral.receiving_body = body[:200]
        referral.sent_at = now
        _step(referral, ReferralStatus.SENT, acting_user, note, now)
    elif data.action == "decide":
        if data.approve is None:
            raise FieldError("approve", "required", "请选择：批准移送或不批准移送。")
        referral.decided_at = now
        referral.decided_by = acting_user if getattr(acting_user, "pk", None) else None
        if data.approve:
            referral.decision_note = note
            referral.transfer_due_at = now + timedelta(hours=TRANSFER_HOURS)
            _step(referral, ReferralStatus.APPROVED, acting_user, note, now)
        else:
            referral.decision_note = _require_note(
                note,
                "note",
                "不批准移送的，请写明理由（行政执法机关移送涉嫌犯罪案件的规定第五条）。",
            )
            referral.closed_at = now
            _step(referral, ReferralStatus.CLOSED, acting_user, note, now)
    elif data.action == "transfer":
        body = (data.receiving_body or referral.receiving_body).strip()
        if not body:
            raise FieldError("receivingBody", "required", "请填写接收移送的公安机关或司法机关。")
        attachments = _check_attachments(referral, data.attachments or [])
        referral.receiving_body = body[:200]
        referral.attachments = attachments
        referral.sent_at = now
        _step(referral, ReferralStatus.TRANSFERRED, acting_user, note, now)
    elif data.action == "feedback":
        referral.feedback = _require_note(
            note, "note", "请填写反馈情况（接收部门的处理结果或意见）。"
        )
        referral.feedback_at = now
        _step(referral, ReferralStatus.FEEDBACK, acting_user, note, now)
    elif data.action == "penalty":
        _penalty(referral, data, now, acting_user, organisation)
    elif data.action == "close":
        note = _require_note(note, "note", "请填写办结情况。")
        referral.closed_at = now
        _step(referral, ReferralStatus.CLOSED, acting_user, note, now)
    referral.save()
    if referral.closed_at is not None:
        oversight_referrals.answer_referral(_reference(referral), referral.closed_at)
    step = data.action
    record_audit(
        f"referral.{step}",
        object_type="Referral",
        object_id=referral.pk,
        before={"status": before},
        after={
            "status": referral.status,
            "inspection": referral.inspection.reference,
            "kind": referral.kind,
            "receiving_body": referral.receiving_body,
            "late": transfer_late(referral),
            **(
                {"penalty_number": referral.penalty_number, "penalty_on": str(referral.penalty_on)}
                if step == "penalty"
                else {}
            ),
        },
        actor=acting_user,
        organisation_code=organisation.code,
    )
    return referral


def _penalty(
    referral: Referral,
    data: ReferralAction,
    now: datetime,
    acting_user: Any,
    organisation: Organisation,
) -> None:
    """立案处罚决定: record the decision on the referral and write the credit record (行政处罚)
    with the class rule, in the caller's transaction. The referral stays where it is."""
    number = (data.penalty_number or "").strip()
    if not number:
        raise FieldError("penaltyNumber", "required", "请填写处罚决定书文号。")
    if data.penalty_on is None:
        raise FieldError("penaltyOn", "required", "请填写处罚决定日期。")
    if data.penalty_on > timezone.localdate(now):
        raise FieldError("penaltyOn", "future", "处罚决定日期不能晚于今天。")
    found_on = referral.record.started_at or referral.created_at
    if data.penalty_on < timezone.localdate(found_on):
        raise FieldError("penaltyOn", "before_finding", "处罚决定日期不能早于发现问题之日。")
    text = (data.penalty_text or "").strip()
    if not text:
        raise FieldError("penaltyText", "required", "请填写处罚决定内容。")
    referral.penalty_number = number[:100]
    referral.penalty_on = data.penalty_on
    referral.penalty_text = text[:5000]
    referral.penalty_at = now
    referral.history = [
        *referral.history,
        {
            "at": now.isoformat(),
            "status": referral.status,
            "by": getattr(acting_user, "username", "") or "",
            "note": f"立案处罚决定 {referral.penalty_number}（{data.penalty_on:%Y-%m-%d}）：{text}"[
                :1000
            ],
        },
    ]
    credit.record_decision(
        referral.inspection,
        CreditDecision.PENALTY,
        on=data.penalty_on,
        summary=f"{referral.penalty_number}：{text}",
        organisation=organisation,
        acting_user=acting_user,
        decision_number=referral.penalty_number,
    )


def _check_attachments(referral: Referral, given: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The required documents of a transfer, each an evidence file of the same inspection."""
    out = []
    kinds = set()
    for n, a in enumerate(given):
        kind = a.get("kind") or ""
        if kind not in ATTACHMENTS:
            raise FieldError(f"attachments.{n}.kind", "invalid", "未知的移送材料种类。")
        try:
            evidence_id = int(a.get("evidence_id") or 0)
        except (TypeError, ValueError):
            evidence_id = 0
        ev = Evidence.objects.filter(pk=evidence_id, inspection_id=referral.inspection_id).first()
        if ev is None:
            raise FieldError(
                f"attachments.{n}.evidenceId",
                "not_found",
                f"“{ATTACHMENTS[kind][0]}”应为本检查已上传的证据文件，请先上传。",
            )
        kinds.add(kind)
        out.append({"kind": kind, "evidence_id": ev.pk, "sha256": ev.sha256})
    missing = [label for k, (label, required) in ATTACHMENTS.items() if required and k not in kinds]
    if missing:
        raise FieldError(
            "attachments",
            "missing",
            "移送公安司法机关须附：" + "、".join(f"“{m}”" for m in missing) + "，请上传后再移交。",
        )
    return out
