"""Inspections: the hand-over from a published draw, the on-site record (R11: two officers,
notices, checklist, the party's confirmation; idempotent drafts; locked after confirmation,
corrections as new versions), the report (R13: result against findings), the review and the
publication (R14: 20 working days, the public index)."""

import uuid
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from suiji_platform.accounts.models import User
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.results_index.models import PublishedResult
from suiji_platform.results_index.services import search_results
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.inspections import services
from suiji_tenants.inspections.models import (
    Inspection,
    InspectionStatus,
    OnSiteRecord,
    Publication,
    RecordStatus,
    ReportStatus,
)

from .factories import (
    CONTENT,
    access_of,
    full_record,
    link_inspector,
    published_draw_with_inspections,
)

pytestmark = pytest.mark.django_db

CODE = "533103"


@pytest.fixture
def org() -> Any:
    organisation = Organisation.objects.get(code=CODE)
    with schema_context(organisation.schema_name):
        yield organisation


@pytest.fixture
def inspections(org: Any) -> list[Inspection]:
    return published_draw_with_inspections(org)


def ctx(org: Any, username: str) -> dict[str, Any]:
    return {
        "organisation": org,
        "acting_user": User.objects.get(username=username),
        "access": access_of(username, org),
    }


def save(
    org: Any,
    inspection: Inspection,
    data: Any,
    client_id: Any = None,
    revision: int = 1,
    user: str = "mangshi.staff",
) -> services.SaveResult:
    return services.save_on_site_record(
        inspection, data, client_id=client_id or uuid.uuid4(), revision=revision, **ctx(org, user)
    )


def confirmed_report(org: Any, inspection: Inspection, **record: Any) -> Any:
    result = save(org, inspection, full_record(inspection, **record))
    services.confirm_on_site_record(result.record, **ctx(org, "mangshi.staff"))
    data = services.draft_report(inspection)
    return services.submit_report(inspection, data, **ctx(org, "mangshi.staff"))


def test_a_published_draw_opens_one_inspection_per_target(
    org: Any, inspections: list[Inspection]
) -> None:
    # given a published draw (the fixture) / then one inspection per drawn target
    assert len(inspections) == 4
    first = inspections[0]
    assert first.status == InspectionStatus.OPEN
    assert [m["role"] for m in first.members].count("officer") >= 2
    assert first.items[0]["points"] == CONTENT.split("；")
    assert first.window_start == date(2026, 12, 1)
    # when the backfill runs again / then nothing is duplicated
    out = StringIO()
    call_command("open_inspections", "--org", CODE, stdout=out)
    assert "新建检查 0 项" in out.getvalue()
    assert Inspection.objects.count() == 4


def test_an_inspector_sees_only_the_inspections_of_their_team(
    org: Any, inspections: list[Inspection]
) -> None:
    user = link_inspector("mangshi.inspector", inspections[0])
    own = services.visible_inspections(access_of("mangshi.inspector", org), user)
    assert set(own) == {i for i in inspections if user_cert(user) in i.member_codes}
    assert len(own) < len(inspections)
    staff = User.objects.get(username="mangshi.staff")
    assert services.visible_inspections(access_of("mangshi.staff", org), staff).count() == 4
    # an inspector of another team may not write this record
    other = next(i for i in inspections if user_cert(user) not in i.member_codes)
    with pytest.raises(FieldError) as exc:
        save(org, other, full_record(other), user="mangshi.inspector")
    assert exc.value.field == "inspectionId"


def user_cert(user: User) -> str:
    return services.certificate_of(user) or ""


def test_a_resent_draft_gives_one_record(org: Any, inspections: list[Inspection]) -> None:
    inspection = inspections[0]
    client_id = uuid.uuid4()
    first = save(org, inspection, full_record(inspection, place="一楼"), client_id, revision=3)
    again = save(org, inspection, full_record(inspection, place="一楼"), client_id, revision=3)
    assert again.already_received and again.record.pk == first.record.pk
    newer = save(org, inspection, full_record(inspection, place="二楼"), client_id, revision=4)
    assert not newer.already_received
    older = save(org, inspection, full_record(inspection, place="三楼"), client_id, revision=2)
    assert older.already_received
    assert OnSiteRecord.objects.filter(inspection=inspection).count() == 1
    assert OnSiteRecord.objects.get(inspection=inspection).place == "二楼"
    # another device starting a second draft of the same inspection is told to continue the first
    with pytest.raises(FieldError) as exc:
        save(org, inspection, full_record(inspection), uuid.uuid4())
    assert exc.value.code == "draft_exists"


def test_a_record_with_one_officer_is_refused(org: Any, inspections: list[Inspection]) -> None:
    inspection = inspections[0]
    data = full_record(inspection)
    data.officers = data.officers[:1]
    record = save(org, inspection, data).record
    with pytest.raises(FieldError) as exc:
        services.confirm_on_site_record(record, **ctx(org, "mangshi.staff"))
    assert (exc.value.field, exc.value.code) == ("officers", "too_few_officers")
    assert "不得少于2名" in exc.value.message
    record.refresh_from_db()
    assert record.status == RecordStatus.DRAFT


def test_an_officer_without_certificate_is_refused(org: Any, inspections: list[Inspection]) -> None:
    inspection = inspections[0]
    data = full_record(inspection)
    data.officers[1]["certificate_no"] = ""
    with pytest.raises(FieldError) as exc:
        save(org, inspection, data)
    assert exc.value.field == "officers.1.certificateNo"


def test_unanswered_points_and_missing_signature_are_named(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    data = full_record(inspection, signed_name="")
    data.checklist[1]["answer"] = ""
    record = save(org, inspection, data).record
    with pytest.raises(FieldError) as exc:
        services.confirm_on_site_record(record, **ctx(org, "mangshi.staff"))
    assert exc.value.field == "checklist.1.answer"
    data.checklist[1]["answer"] = "conform"
    record = save(org, inspection, data, record.client_id, revision=2).record
    with pytest.raises(FieldError) as exc:
        services.confirm_on_site_record(record, **ctx(org, "mangshi.staff"))
    assert (exc.value.field, exc.value.code) == ("signaturePng", "signature_missing")
    # a refusal needs its reason, and then confirms
    data.refused = True
    record = save(org, inspection, data, record.client_id, revision=3).record
    with pytest.raises(FieldError) as exc:
        services.confirm_on_site_record(record, **ctx(org, "mangshi.staff"))
    assert exc.value.field == "refusalReason"
    data.refusal_reason = "当事人称需请示公司负责人，拒绝签名；见证人李某在场"
    record = save(org, inspection, data, record.client_id, revision=4).record
    confirmed = services.confirm_on_site_record(record, **ctx(org, "mangshi.staff"))
    assert confirmed.status == RecordStatus.CONFIRMED


def test_a_confirmed_record_is_locked_and_corrected_by_a_new_version(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    client_id = uuid.uuid4()
    record = save(org, inspection, full_record(inspection), client_id).record
    services.confirm_on_site_record(record, **ctx(org, "mangshi.staff"))
    with pytest.raises(FieldError) as exc:
        save(org, inspection, full_record(inspection, place="改过的地点"), client_id, revision=2)
    assert exc.value.code == "record_locked"
    # the same draft re-sent after confirmation changes nothing and is no error
    assert save(org, inspection, full_record(inspection), client_id, revision=1).already_received
    correction = services.start_correction(
        record, client_id=uuid.uuid4(), **ctx(org, "mangshi.staff")
    )
    assert (correction.version, correction.previous_id) == (2, record.pk)
    services.save_on_site_record(
        inspection,
        full_record(inspection, place="更正后的地点"),
        client_id=correction.client_id,
        revision=1,
        **ctx(org, "mangshi.staff"),
    )
    services.confirm_on_site_record(correction, **ctx(org, "mangshi.staff"))
    record.refresh_from_db()
    assert record.status == RecordStatus.SUPERSEDED and record.place != "更正后的地点"
    assert services.current_record(inspection).place == "更正后的地点"  # type: ignore[union-attr]


def test_a_result_that_contradicts_the_findings_is_refused(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    data = full_record(
        inspection,
        findings=[
            {"description": "注册建造师人数不足", "handling": "on_spot", "deadline": "2026-12-20"}
        ],
    )
    data.checklist[1]["answer"] = "nonconform"
    record = save(org, inspection, data).record
    services.confirm_on_site_record(record, **ctx(org, "mangshi.staff"))
    report = services.draft_report(inspection)
    report.result_categories = ["no_problem"]
    with pytest.raises(FieldError) as exc:
        services.submit_report(inspection, report, **ctx(org, "mangshi.staff"))
    assert (exc.value.field, exc.value.code) == ("resultCategories", "contradicts_findings")
    assert "1个问题" in exc.value.message
    report.result_categories = ["corrected"]
    report.housing_subcodes = ["not_started"]
    with pytest.raises(FieldError) as exc:
        services.submit_report(inspection, report, **ctx(org, "mangshi.staff"))
    assert exc.value.field == "housingSubcodes.0"
    report.housing_subcodes = ["personnel"]
    submitted = services.submit_report(inspection, report, **ctx(org, "mangshi.staff"))
    assert submitted.status == ReportStatus.PENDING


def test_no_publication_before_approval_and_the_index_after(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    report = confirmed_report(org, inspection)
    with pytest.raises(FieldError) as exc:
        services.publish_result(report, organisation=org, acting_user=None)
    assert (exc.value.field, exc.value.code) == ("reportId", "not_approved")
    assert not PublishedResult.objects.exists()
    # the submitter cannot approve their own report
    with pytest.raises(FieldError):
        services.review_report(report, approve=True, **ctx_no_access(org, "mangshi.staff"))
    # a return needs a reason
    with pytest.raises(FieldError) as exc:
        services.review_report(report, approve=False, **ctx_no_access(org, "mangshi.admin"))
    assert exc.value.field == "comment"
    reviewed = services.review_report(
        report, approve=True, today=date(2026, 12, 3), **ctx_no_access(org, "mangshi.admin")
    )
    assert reviewed.status == ReportStatus.PUBLISHED
    row = PublishedResult.objects.get(reference=inspection.reference)
    assert (row.uscc, row.result_categories) == (inspection.target_code, ["no_problem"])
    assert row.inspecting_body == org.name
    officer_names = {m["name"] for m in inspection.members}
    assert not any(name in str(row.__dict__) for name in officer_names)
    assert list(search_results(inspection.target_code)) == [row]
    assert list(search_results(inspection.target_name[:3])) and row in search_results(
        inspection.target_name[:3]
    )
    ops = set(AuditRecord.objects.values_list("operation", flat=True))
    assert {
        "record.create",
        "record.confirm",
        "report.submit",
        "report.approve",
        "result.publish",
    } <= ops


def ctx_no_access(org: Any, username: str) -> dict[str, Any]:
    return {"organisation": org, "acting_user": User.objects.get(username=username)}


def test_the_publication_clock_counts_working_days_across_national_day(
    org: Any, inspections: list[Inspection]
) -> None:
    # 2026-09-25 (Fri) + 20 working days: 1–7 Oct are holidays, Sat 10 Oct is a make-up workday
    assert services.publication_due(date(2026, 9, 25)) == (date(2026, 10, 29), None)
    report = confirmed_report(org, inspections[0])
    services.review_report(
        report,
        approve=True,
        publish=False,
        today=date(2026, 9, 25),
        **ctx_no_access(org, "mangshi.admin"),
    )
    publication = Publication.objects.get(report=report)
    assert publication.due_on == date(2026, 10, 29) and publication.published_at is None
    clock = services.publication_clock(publication, today=date(2026, 9, 30))
    # Sep 28–30 are past: 17 working days remain
    assert (clock.remaining, clock.overdue) == (17, False)
    late = services.publication_clock(publication, today=date(2026, 10, 30))
    assert late.overdue
    published = services.publish_result(report, organisation=org, acting_user=None)
    assert published.late  # published today, long after 29 October


def test_a_due_date_in_a_year_without_schedule_is_flagged(
    org: Any, inspections: list[Inspection]
) -> None:
    report = confirmed_report(org, inspections[0])
    services.review_report(
        report,
        approve=True,
        publish=False,
        today=date(2026, 12, 20),
        **ctx_no_access(org, "mangshi.admin"),
    )
    publication = Publication.objects.get(report=report)
    assert (
        publication.due_on is None and publication.due_unknown and publication.unknown_year == 2027
    )
    assert services.publication_clock(publication).due_unknown
