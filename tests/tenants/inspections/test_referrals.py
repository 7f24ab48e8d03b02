"""Findings handled (R12): every finding gets its referral when the record is confirmed; the
four ways each go through their steps, show where they are, how long they have waited (in
working days) and whether a deadline passed; the head decides a police transfer within 3
days, the case goes over within 24 hours with the required attachments. The report's result
must agree with how the findings were handled. A finding's follow-up takes a 立案处罚决定 that
writes the credit record (R15); the daily scan reminds once per overdue referral deadline."""

import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from suiji_platform.accounts.models import User
from suiji_platform.calendar.services import WorkCalendar
from suiji_platform.credit.models import CreditDecision, CreditRecord
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.plan_index.models import Reminder, ReminderKind
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.inspections import clock, evidence, referrals, services
from suiji_tenants.inspections.models import Inspection, OnSiteRecord, Referral, ReferralStatus
from suiji_tenants.registries.models import MarketEntity

from .factories import access_of, full_record, published_draw_with_inspections

pytestmark = pytest.mark.django_db

CODE = "533103"
TZ = ZoneInfo("Asia/Shanghai")
FINDINGS = [
    {"description": "安全生产许可证过期", "handling": "on_spot", "deadline": "2026-12-18"},
    {"description": "注册人员社保不在本单位", "handling": "own_department"},
    {
        "description": "施工现场扬尘防治不到位",
        "handling": "referred",
        "receiving_body": "县生态环境分局",
    },
    {"description": "涉嫌伪造资质证书", "handling": "police"},
]


@pytest.fixture(autouse=True)
def evidence_dir(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }


@pytest.fixture
def org() -> Any:
    organisation = Organisation.objects.get(code=CODE)
    with schema_context(organisation.schema_name):
        yield organisation


@pytest.fixture
def inspections(org: Any) -> list[Inspection]:
    return published_draw_with_inspections(org)


def ctx(org: Any, username: str = "mangshi.staff") -> dict[str, Any]:
    return {
        "organisation": org,
        "acting_user": User.objects.get(username=username),
        "access": access_of(username, org),
    }


def record_with(org: Any, inspection: Inspection, findings: list[dict[str, str]]) -> OnSiteRecord:
    data = full_record(inspection, findings=findings)
    data.checklist[0]["answer"] = "nonconform"
    return services.save_on_site_record(
        inspection, data, client_id=uuid.uuid4(), revision=1, **ctx(org)
    ).record


def confirmed(org: Any, inspection: Inspection, findings: list[dict[str, str]]) -> OnSiteRecord:
    record = record_with(org, inspection, findings)
    return services.confirm_on_site_record(record, **ctx(org))


def act(org: Any, referral: Referral, user: str = "mangshi.staff", **kw: Any) -> Referral:
    now = kw.pop("now", None)
    return referrals.act(
        referral, referrals.ReferralAction(**kw), own=False, now=now, **ctx(org, user)
    )


def test_confirmation_needs_a_handling_for_every_finding_and_a_deadline_for_an_order(
    org: Any, inspections: list[Inspection]
) -> None:
    record = record_with(org, inspections[0], [{"description": "资质证书过期", "handling": ""}])
    with pytest.raises(FieldError) as exc:
        services.confirm_on_site_record(record, **ctx(org))
    assert (exc.value.field, exc.value.code) == ("findings.0.handling", "required")
    other = record_with(
        org, inspections[1], [{"description": "资质证书过期", "handling": "on_spot"}]
    )
    with pytest.raises(FieldError) as exc:
        services.confirm_on_site_record(other, **ctx(org))
    assert (exc.value.field, exc.value.code) == ("findings.0.deadline", "required")
    late = record_with(
        org,
        inspections[2],
        [{"description": "资质证书过期", "handling": "on_spot", "deadline": "2026-11-01"}],
    )
    with pytest.raises(FieldError) as exc:
        services.confirm_on_site_record(late, **ctx(org))
    assert exc.value.code == "before_inspection"
    assert not Referral.objects.exists()


def test_each_finding_gets_its_referral_in_its_first_step(
    org: Any, inspections: list[Inspection]
) -> None:
    record = confirmed(org, inspections[0], FINDINGS)
    rows = {r.kind: r for r in Referral.objects.filter(record=record)}
    assert {k: r.status for k, r in rows.items()} == {
        "on_spot": ReferralStatus.ORDERED,
        "own_department": ReferralStatus.REPORTED,
        "referred": ReferralStatus.TO_SEND,
        "police": ReferralStatus.AWAITING_DECISION,
    }
    assert rows["on_spot"].correction_deadline == date(2026, 12, 18)
    assert rows["referred"].receiving_body == "县生态环境分局"
    police = rows["police"]
    assert police.decision_due_at is not None
    assert police.decision_due_at - police.status_since == timedelta(days=3)


def test_an_order_to_correct_is_rechecked(org: Any, inspections: list[Inspection]) -> None:
    record = confirmed(org, inspections[0], FINDINGS[:1])
    referral = Referral.objects.get(record=record)
    with pytest.raises(FieldError) as exc:
        act(org, referral, action="recheck", note="已改正")
    assert exc.value.field == "corrected"
    with pytest.raises(FieldError) as exc:
        act(org, referral, action="send", receiving_body="某部门")
    assert (exc.value.field, exc.value.code) == ("action", "not_allowed")
    done = act(org, referral, action="recheck", corrected=False, note="仍未取得新证")
    assert done.status == ReferralStatus.NOT_CORRECTED
    closed = act(org, done, action="close", note="已立案查处")
    assert closed.status == ReferralStatus.CLOSED and closed.closed_at is not None
    assert [h["status"] for h in closed.history] == ["ordered", "not_corrected", "closed"]
    assert AuditRecord.objects.filter(operation="referral.recheck").count() == 1


def test_a_referral_to_another_department_is_sent_answered_and_closed(
    org: Any, inspections: list[Inspection]
) -> None:
    record = confirmed(org, inspections[0], [FINDINGS[2]])
    referral = Referral.objects.get(record=record)
    with pytest.raises(FieldError) as exc:
        act(org, referral, action="feedback", note="x")
    assert exc.value.code == "not_allowed"
    sent = act(org, referral, action="send")
    assert sent.status == ReferralStatus.SENT and sent.sent_at is not None
    with pytest.raises(FieldError) as exc:
        act(org, sent, action="feedback", note=" ")
    assert exc.value.field == "note"
    answered = act(org, sent, action="feedback", note="已立案，责令停工整改")
    assert answered.status == ReferralStatus.FEEDBACK
    assert act(org, answered, action="close", note="办结").status == ReferralStatus.CLOSED


def test_a_police_transfer_is_decided_by_the_head_and_goes_with_its_attachments(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    record = record_with(org, inspection, [FINDINGS[3]])
    pdf = b"%PDF-1.7\n" + b"x" * 50
    letter = evidence.add_evidence(
        record,
        SimpleUploadedFile("a.pdf", pdf),
        evidence.EvidenceInput(source="执法机关制作"),
        **ctx(org),
    ).evidence
    report = evidence.add_evidence(
        record,
        SimpleUploadedFile("b.pdf", pdf + b"2"),
        evidence.EvidenceInput(source="执法机关制作"),
        **ctx(org),
    ).evidence
    services.confirm_on_site_record(record, **ctx(org))
    referral = Referral.objects.get(record=record)
    # section staff are not the head
    with pytest.raises(FieldError) as exc:
        act(org, referral, action="decide", approve=True)
    assert exc.value.code == "not_head"
    with pytest.raises(FieldError) as exc:
        act(org, referral, "mangshi.admin", action="decide", approve=False)
    assert exc.value.field == "note"
    now = datetime(2026, 12, 4, 10, 0, tzinfo=TZ)
    approved = act(org, referral, "mangshi.admin", action="decide", approve=True, now=now)
    assert approved.status == ReferralStatus.APPROVED
    assert approved.transfer_due_at == now + timedelta(hours=24)
    with pytest.raises(FieldError) as exc:
        act(
            org,
            approved,
            action="transfer",
            receiving_body="县公安局",
            attachments=[{"kind": "transfer_letter", "evidence_id": letter.pk}],
        )
    assert (exc.value.field, exc.value.code) == ("attachments", "missing")
    assert "调查报告" in exc.value.message
    with pytest.raises(FieldError) as exc:
        act(
            org,
            approved,
            action="transfer",
            receiving_body="县公安局",
            attachments=[{"kind": "transfer_letter", "evidence_id": 999999}],
        )
    assert exc.value.field == "attachments.0.evidenceId"
    late = now + timedelta(hours=30)
    sent = act(
        org,
        approved,
        action="transfer",
        receiving_body="县公安局",
        attachments=[
            {"kind": "transfer_letter", "evidence_id": letter.pk},
            {"kind": "investigation_report", "evidence_id": report.pk},
        ],
        now=late,
    )
    assert sent.status == ReferralStatus.TRANSFERRED and referrals.transfer_late(sent)
    assert [a["kind"] for a in sent.attachments] == ["transfer_letter", "investigation_report"]


def test_where_a_referral_is_and_how_long_it_has_waited_in_working_days(
    org: Any, inspections: list[Inspection]
) -> None:
    record = confirmed(org, inspections[0], [FINDINGS[0], FINDINGS[3]])
    order, police = (
        Referral.objects.get(record=record, kind="on_spot"),
        Referral.objects.get(record=record, kind="police"),
    )
    # reached its step on Wednesday 30 September 2026, before the National Day holiday
    since = datetime(2026, 9, 30, 9, 0, tzinfo=TZ)
    Referral.objects.filter(pk__in=[order.pk, police.pk]).update(
        status_since=since, decision_due_at=since + timedelta(days=3)
    )
    police.refresh_from_db()
    order.refresh_from_db()
    now = datetime(2026, 10, 12, 9, 0, tzinfo=TZ)
    wait = referrals.waiting(police, now=now)
    expected = WorkCalendar().working_days_between(date(2026, 9, 30), date(2026, 10, 12)).days
    assert wait.working_days == expected
    assert expected == 4  # 1–7 October off; 8, 9, Saturday 10 (make-up day) and Monday 12
    assert wait.overdue and "3日" in wait.due
    before = referrals.waiting(order, now=datetime(2026, 12, 18, 9, 0, tzinfo=TZ))
    after = referrals.waiting(order, now=datetime(2026, 12, 19, 9, 0, tzinfo=TZ))
    assert not before.overdue and after.overdue


def test_a_correction_keeps_the_referrals_of_its_findings(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    record = confirmed(org, inspection, FINDINGS[:2])
    first = Referral.objects.get(record=record, kind="own_department")
    correction = services.start_correction(record, client_id=uuid.uuid4(), **ctx(org))
    data = full_record(inspection, findings=[*FINDINGS[1:2], FINDINGS[2]])
    data.checklist[0]["answer"] = "nonconform"
    services.save_on_site_record(
        inspection, data, client_id=correction.client_id, revision=1, **ctx(org)
    )
    services.confirm_on_site_record(correction, **ctx(org))
    kept = Referral.objects.get(pk=first.pk)
    assert kept.record_id == correction.pk and kept.finding_index == 0
    assert Referral.objects.filter(record=correction, kind="referred").count() == 1


@pytest.mark.parametrize(
    ("findings", "categories", "ok"),
    [
        ([], ["no_problem"], True),
        ([FINDINGS[0]], ["no_problem"], False),
        ([], ["corrected"], False),
        ([FINDINGS[0]], ["corrected"], True),
        ([FINDINGS[1]], ["corrected"], False),  # 已责令改正 without an order on the spot
        ([FINDINGS[1]], ["pending"], True),
        ([FINDINGS[0], FINDINGS[3]], ["corrected"], False),  # the police case is pending
        ([FINDINGS[0], FINDINGS[3]], ["corrected", "pending"], True),
        ([FINDINGS[0]], ["no_problem", "corrected"], False),
    ],
)
def test_a_result_must_agree_with_the_findings_and_their_handling(
    findings: list[dict[str, str]], categories: list[str], ok: bool
) -> None:
    if ok:
        services.check_result_against_findings(categories, findings)
        return
    with pytest.raises(FieldError) as exc:
        services.check_result_against_findings(categories, findings)
    assert (exc.value.field, exc.value.code) == ("resultCategories", "contradicts_findings")


def test_the_draft_report_proposes_categories_that_agree(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    confirmed(org, inspection, [FINDINGS[0], FINDINGS[2]])
    draft = services.draft_report(inspection)
    assert list(draft.result_categories) == ["corrected", "pending"]
    report = services.submit_report(inspection, draft, **ctx(org))
    assert report.result_categories == ["corrected", "pending"]


def test_a_targeted_inspection_opens_its_own_inspection_marked_targeted(org: Any) -> None:
    from suiji_tenants.inspections import targeted
    from suiji_tenants.inspections.models import InspectionSource

    from ..draws.factories import setup_county

    setup_county(org)
    staff = User.objects.get(username="mangshi.staff")
    ti = targeted.register_targeted_inspection(
        uscc="T00000000000000007",
        reason="complaint",
        started_on=date(2026, 11, 1),
        item_codes=["ZJ-001"],
        description="群众投诉",
        organisation=org,
        acting_user=staff,
    )
    inspection = Inspection.objects.get(reference=targeted.inspection_reference(ti, org))
    assert inspection.source == InspectionSource.TARGETED
    assert inspection.target_code == "T00000000000000007" and inspection.draw_reference == ""
    assert [it["code"] for it in inspection.items] == ["ZJ-001"]
    assert inspection.items[0]["points"]
    # the business sections see and fill it; it is never published to the portal (R16)
    assert (
        services.visible_inspections(access_of("mangshi.staff", org), staff)
        .filter(pk=inspection.pk)
        .exists()
    )


def test_the_prefecture_counts_open_follow_ups_from_the_public_index(
    org: Any, inspections: list[Inspection]
) -> None:
    from suiji_platform.oversight.metrics import figures
    from suiji_platform.oversight.models import ReferralIndex

    record = confirmed(org, inspections[0], FINDINGS[:2])
    rows = ReferralIndex.objects.filter(organisation=org, answered_at__isnull=True)
    assert rows.count() == 2
    assert {r.subject.split("：")[1] for r in rows} == {f["description"] for f in FINDINGS[:2]}
    year = inspections[0].plan_year
    assert figures([org], year)[0].value("referrals_open") == 2
    referral = Referral.objects.get(record=record, kind="own_department")
    act(org, referral, action="close", note="已处理完毕")
    assert figures([org], year)[0].value("referrals_open") == 1


# --- 立案处罚决定 and the credit record (R15) ---------------------------------------------------

NOW = datetime(2026, 12, 10, 10, 0, tzinfo=TZ)
PENALTY = {
    "action": "penalty",
    "penalty_number": "芒住建罚字〔2026〕12号",
    "penalty_on": date(2026, 12, 9),
    "penalty_text": "罚款人民币二万元，责令限期改正。",
    "now": NOW,
}


def test_a_penalty_decision_writes_the_credit_record_and_moves_the_class(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    MarketEntity.objects.filter(uscc=inspection.target_code).update(credit_class="B")
    record = confirmed(org, inspection, [FINDINGS[1]])
    referral = Referral.objects.get(record=record)
    assert "penalty" in referrals.allowed_actions(referral)
    since = referral.status_since
    for missing, field in (
        ("penalty_number", "penaltyNumber"),
        ("penalty_on", "penaltyOn"),
        ("penalty_text", "penaltyText"),
    ):
        with pytest.raises(FieldError) as exc:
            act(org, referral, **{**PENALTY, missing: None if missing == "penalty_on" else " "})
        assert (exc.value.field, exc.value.code) == (field, "required")
    with pytest.raises(FieldError) as exc:
        act(org, referral, **{**PENALTY, "penalty_on": date(2026, 12, 11)})
    assert (exc.value.field, exc.value.code) == ("penaltyOn", "future")
    with pytest.raises(FieldError) as exc:
        act(org, referral, **{**PENALTY, "penalty_on": date(2026, 12, 1)})
    assert (exc.value.field, exc.value.code) == ("penaltyOn", "before_finding")
    # nothing half-written
    assert not CreditRecord.objects.exists()
    assert Referral.objects.get(pk=referral.pk).penalty_number == ""

    done = act(org, referral, **PENALTY)
    assert done.status == ReferralStatus.REPORTED and done.status_since == since
    assert (done.penalty_number, done.penalty_on) == ("芒住建罚字〔2026〕12号", date(2026, 12, 9))
    assert "立案处罚决定" in done.history[-1]["note"]
    credit = CreditRecord.objects.get(uscc=inspection.target_code)
    assert (credit.decision, credit.source_reference, credit.decided_on) == (
        CreditDecision.PENALTY,
        inspection.reference,
        date(2026, 12, 9),
    )
    assert (credit.credit_class_before, credit.credit_class_after) == ("B", "C")
    assert "芒住建罚字〔2026〕12号" in credit.summary
    assert credit.decision_number == "芒住建罚字〔2026〕12号"
    assert MarketEntity.objects.get(uscc=inspection.target_code).credit_class == "C"
    audit = AuditRecord.objects.get(operation="referral.penalty")
    assert audit.after["inspection"] == inspection.reference
    assert audit.after["penalty_number"] == "芒住建罚字〔2026〕12号"
    assert AuditRecord.objects.filter(operation="credit.record").count() == 1

    # a decision twice is refused; the referral goes on to its close
    assert "penalty" not in referrals.allowed_actions(done)
    with pytest.raises(FieldError) as exc:
        act(org, done, **{**PENALTY, "penalty_number": "芒住建罚字〔2026〕13号"})
    assert (exc.value.field, exc.value.code) == ("action", "already_decided")
    assert CreditRecord.objects.count() == 1
    closed = act(org, done, action="close", note="罚款已缴纳", now=NOW)
    assert closed.status == ReferralStatus.CLOSED


def test_each_penalty_decision_of_one_inspection_is_its_own_credit_record(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    MarketEntity.objects.filter(uscc=inspection.target_code).update(credit_class="B")
    record = confirmed(
        org,
        inspection,
        [
            FINDINGS[1],
            {**FINDINGS[1], "description": "未按规定配备专职安全生产管理人员"},
            {**FINDINGS[1], "description": "未按规定办理质量监督手续"},
        ],
    )
    first, second, third = Referral.objects.filter(record=record).order_by("pk")
    act(org, first, **PENALTY)
    act(org, second, **{**PENALTY, "penalty_number": "芒住建罚字〔2026〕13号"})
    # one decision that covers a third finding as well: no second record for it
    act(org, third, **PENALTY)
    credits = CreditRecord.objects.filter(uscc=inspection.target_code).order_by("pk")
    assert [(c.decision_number, c.credit_class_before, c.credit_class_after) for c in credits] == [
        ("芒住建罚字〔2026〕12号", "B", "C"),
        ("芒住建罚字〔2026〕13号", "C", "D"),
    ]
    assert {c.source_reference for c in credits} == {inspection.reference}
    assert MarketEntity.objects.get(uscc=inspection.target_code).credit_class == "D"
    assert AuditRecord.objects.filter(operation="credit.record").count() == 2


def test_an_order_not_corrected_takes_a_penalty_before_it_is_closed(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    MarketEntity.objects.filter(uscc=inspection.target_code).update(credit_class="A")
    referral = Referral.objects.get(record=confirmed(org, inspection, [FINDINGS[0]]))
    with pytest.raises(FieldError) as exc:
        act(org, referral, **PENALTY)
    assert (exc.value.field, exc.value.code) == ("action", "not_allowed")
    late = act(org, referral, action="recheck", corrected=False, note="仍未改正")
    assert "penalty" in referrals.allowed_actions(late)
    act(org, late, **PENALTY)
    credit = CreditRecord.objects.get(uscc=inspection.target_code)
    assert (credit.credit_class_before, credit.credit_class_after) == ("A", "B")


def test_the_daily_scan_reminds_once_per_overdue_referral_deadline(
    org: Any, inspections: list[Inspection]
) -> None:
    record = confirmed(org, inspections[0], [FINDINGS[0], FINDINGS[3]])
    other = confirmed(org, inspections[1], [FINDINGS[3]])
    police = Referral.objects.get(record=record, kind="police")
    due = datetime(2026, 12, 7, 10, 0, tzinfo=TZ)
    Referral.objects.filter(kind="police").update(decision_due_at=due)
    approved_at = datetime(2026, 12, 5, 9, 0, tzinfo=TZ)
    approved = act(
        org,
        Referral.objects.get(record=other),
        "mangshi.admin",
        action="decide",
        approve=True,
        now=approved_at,
    )
    assert approved.transfer_due_at == approved_at + timedelta(hours=24)

    # before any deadline: nothing
    quiet = referrals.remind_overdue(org, datetime(2026, 12, 5, 12, 0, tzinfo=TZ))
    assert quiet == {"referrals_overdue": 0, "referral_reminders": 0}
    assert not Reminder.objects.filter(organisation=org).exists()

    # the transfer's 24 hours passed; the head's 3 days not yet; the correction not yet
    first = referrals.remind_overdue(org, datetime(2026, 12, 6, 12, 0, tzinfo=TZ))
    assert first == {"referrals_overdue": 1, "referral_reminders": 1}
    transfer = Reminder.objects.get(organisation=org, kind=ReminderKind.TRANSFER_OVERDUE)
    assert transfer.due_on == date(2026, 12, 6) and "24小时" in transfer.message

    # the daily beat's scan (the publication clock) writes the other two, once each
    later = datetime(2026, 12, 19, 9, 0, tzinfo=TZ)
    counts = clock.scan_publication_clock(now=later)
    assert counts["referral_reminders"] == 2 and counts["referrals_overdue"] == 3
    decision = Reminder.objects.get(organisation=org, kind=ReminderKind.DECISION_OVERDUE)
    assert decision.due_on == date(2026, 12, 7) and police.finding[:10] in decision.message
    recheck = Reminder.objects.get(organisation=org, kind=ReminderKind.RECHECK_OVERDUE)
    assert recheck.due_on == date(2026, 12, 18) and "复查" in recheck.message
    again = clock.scan_publication_clock(now=later + timedelta(days=1))
    assert again["referral_reminders"] == 0
    assert Reminder.objects.filter(organisation=org).count() == 3

    # handled in time is no longer overdue: a re-check stops the reminders for it
    act(
        org,
        Referral.objects.get(record=record, kind="on_spot"),
        action="recheck",
        corrected=True,
        note="已改正",
    )
    assert referrals.remind_overdue(org, later)["referrals_overdue"] == 2
