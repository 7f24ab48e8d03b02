"""Inspection API: the inspector's list and record (typed errors in Chinese naming the field:
one officer, missing signature, a confirmed record edited, a re-sent draft), the report and
its review, and the portal's publicResults (anonymous, nothing of officers)."""

import uuid
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from graphql_relay import to_global_id

from suiji_platform.organisations.models import Organisation
from suiji_tenants.inspections.models import Inspection, OnSiteRecord
from suiji_tenants.inspections.services import expected_points

from ...tenants.inspections.factories import link_inspector, published_draw_with_inspections

pytestmark = pytest.mark.django_db

ORG = "533103"
MINE = """{ myInspections(first: 20) { totalCount edges { node { id reference targetName
  targetAddress windowStart windowEnd canEdit status
  items { code name points } members { role name certificateNo } } } } }"""
ALL = "{ inspections(first: 50) { totalCount } }"
SAVE = """mutation($i: OnSiteRecordInput!){ onSiteRecordSave(input: $i){
  record { id clientId revision status place officers { name certificateNo } }
  alreadyReceived errors { field code message } } }"""
CONFIRM = """mutation($id: ID!){ onSiteRecordConfirm(id: $id){
  record { id status confirmedAt } errors { field code message } } }"""
SUBMIT = """mutation($id: ID!, $i: InspectionReportInput!){ inspectionReportSubmit(
  inspectionId: $id, input: $i){ report { id status resultCategories } errors { field code message } } }"""
REVIEW = """mutation($id: ID!, $d: ReviewDecision!, $c: String){ inspectionReportReview(
  id: $id, decision: $d, comment: $c){ report { id status resultLabels
  publication { dueOn dueUnknown publishedAt late } } errors { field code message } } }"""
PUBLISH = (
    """mutation($id: ID!){ publicationPublish(reportId: $id){ errors { field code message } } }"""
)
PUBLIC = """query($q: String){ publicResults(query: $q){ entityName uscc organisationName
  inspectingBody planTitle taskTitle items { code name } inspectedOn resultCategories resultLabels } }"""


@pytest.fixture
def data() -> dict[str, Any]:
    org = Organisation.objects.get(code=ORG)
    with schema_context(org.schema_name):
        inspections = published_draw_with_inspections(org)
        link_inspector("mangshi.inspector", inspections[0])
        first = inspections[0]
        out = {
            "id": to_global_id("Inspection", first.pk),
            "inspection": first,
            "points": expected_points(first),
            "officers": [
                {"name": m["name"], "certificateNo": m["certificate_no"]}
                for m in first.members
                if m["role"] == "officer"
            ],
            "others": [
                to_global_id("Inspection", i.pk)
                for i in inspections
                if i.pk != first.pk and first.member_codes[0] not in i.member_codes
            ],
        }
    connection.set_schema_to_public()
    return out


def record_input(
    data: dict[str, Any], client_id: str, revision: int, **over: Any
) -> dict[str, Any]:
    value = {
        "inspectionId": data["id"],
        "clientId": client_id,
        "revision": revision,
        "startedAt": "2026-12-03T09:30:00+08:00",
        "endedAt": "2026-12-03T11:00:00+08:00",
        "place": "公司办公室",
        "officers": data["officers"],
        "notices": {
            "certificatesShown": True,
            "basisTold": True,
            "contentTold": True,
            "periodTold": True,
            "requirementsTold": True,
            "namesTold": True,
        },
        "checklist": [{"itemCode": c, "point": p, "answer": "conform"} for c, p in data["points"]],
        "findings": [],
        "partyPresent": "张经理",
        "signaturePng": "",
        "signedName": "",
        "refused": False,
    }
    value.update(over)
    return value


def test_the_inspector_sees_their_inspections_with_items_and_team(
    as_user: Any, data: dict[str, Any]
) -> None:
    # given an inspector drawn into the first inspection's team
    client = as_user("mangshi.inspector")
    # when they open their list
    result = client.post(MINE, org=ORG)
    # then they see their team's inspections, not others
    assert "errors" not in result, result
    nodes = [e["node"] for e in result["data"]["myInspections"]["edges"]]
    ids = {n["id"] for n in nodes}
    assert data["id"] in ids and not ids & set(data["others"])
    first = next(n for n in nodes if n["id"] == data["id"])
    assert first["canEdit"] and len(first["items"][0]["points"]) == 3
    assert len([m for m in first["members"] if m["role"] == "officer"]) >= 2
    # an inspector cannot open another team's inspection through its id
    other = client.post(
        "query($id:ID!){ inspection(id:$id){ id } }", {"id": data["others"][0]}, org=ORG
    )
    assert other["data"]["inspection"] is None
    node = client.post("query($id:ID!){ node(id:$id){ id } }", {"id": data["others"][0]}, org=ORG)
    assert node["data"]["node"] is None
    # the section staff see all of them; anonymous callers nothing
    assert as_user("mangshi.staff").post(ALL, org=ORG)["data"]["inspections"]["totalCount"] == 4


def test_record_errors_name_the_field_and_a_resent_draft_gives_one_record(
    as_user: Any, data: dict[str, Any]
) -> None:
    client = as_user("mangshi.inspector")
    cid = str(uuid.uuid4())
    # one officer: the draft saves, the confirmation is refused naming "officers"
    saved = client.post(
        SAVE, {"i": record_input(data, cid, 1, officers=data["officers"][:1])}, org=ORG
    )
    payload = saved["data"]["onSiteRecordSave"]
    assert "errors" not in saved, saved
    assert payload["errors"] == [] and payload["record"]["status"] == "DRAFT"
    record_id = payload["record"]["id"]
    confirm = client.post(CONFIRM, {"id": record_id}, org=ORG)["data"]["onSiteRecordConfirm"]
    assert confirm["errors"][0]["field"] == "officers"
    assert "不得少于2名" in confirm["errors"][0]["message"]
    # two officers, no signature and no refusal
    client.post(SAVE, {"i": record_input(data, cid, 2)}, org=ORG)
    confirm = client.post(CONFIRM, {"id": record_id}, org=ORG)["data"]["onSiteRecordConfirm"]
    assert [(e["field"], e["code"]) for e in confirm["errors"]] == [
        ("signaturePng", "signature_missing")
    ]
    # the party signs; the same draft is sent twice (the network came back)
    signed = record_input(data, cid, 3, signaturePng="data:image/png;base64,iVBORw0KGgo=")
    first = client.post(SAVE, {"i": signed}, org=ORG)["data"]["onSiteRecordSave"]
    again = client.post(SAVE, {"i": signed}, org=ORG)["data"]["onSiteRecordSave"]
    assert first["errors"] == [] and not first["alreadyReceived"]
    assert again["alreadyReceived"] and again["errors"][0]["code"] == "already_received"
    assert again["errors"][0]["field"] == "revision"
    assert again["record"]["id"] == record_id
    confirm = client.post(CONFIRM, {"id": record_id}, org=ORG)["data"]["onSiteRecordConfirm"]
    assert confirm["errors"] == [] and confirm["record"]["status"] == "CONFIRMED"
    # a confirmed record edited
    edit = client.post(SAVE, {"i": record_input(data, cid, 4, place="别处")}, org=ORG)
    err = edit["data"]["onSiteRecordSave"]["errors"][0]
    assert err["code"] == "record_locked" and "锁定" in err["message"]
    org = Organisation.objects.get(code=ORG)
    with schema_context(org.schema_name):
        assert OnSiteRecord.objects.filter(inspection=data["inspection"]).count() == 1
        assert OnSiteRecord.objects.get(inspection=data["inspection"]).place == "公司办公室"


def test_report_review_and_the_public_notice(as_user: Any, gql: Any, data: dict[str, Any]) -> None:
    inspector = as_user("mangshi.inspector")
    cid = str(uuid.uuid4())
    saved = inspector.post(SAVE, {"i": record_input(data, cid, 1, signedName="张某")}, org=ORG)
    inspector.post(CONFIRM, {"id": saved["data"]["onSiteRecordSave"]["record"]["id"]}, org=ORG)
    report = {
        "inspectedOn": "2026-12-03",
        "content": "检查资质",
        "methods": "现场检查",
        "situation": "未发现问题",
        "resultCategories": ["CORRECTED"],
    }
    # a result that contradicts the findings (none recorded)
    bad = inspector.post(SUBMIT, {"id": data["id"], "i": report}, org=ORG)["data"][
        "inspectionReportSubmit"
    ]
    assert (
        bad["errors"][0]["field"] == "resultCategories"
        and bad["errors"][0]["code"] == "contradicts_findings"
    )
    report["resultCategories"] = ["NO_PROBLEM"]
    ok = inspector.post(SUBMIT, {"id": data["id"], "i": report}, org=ORG)["data"][
        "inspectionReportSubmit"
    ]
    assert ok["errors"] == [] and ok["report"]["status"] == "PENDING"
    report_id = ok["report"]["id"]
    # the inspector may not review; publication before approval is refused
    denied = inspector.post(REVIEW, {"id": report_id, "d": "APPROVE"}, org=ORG)
    assert denied["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    admin = as_user("mangshi.admin")
    early = admin.post(PUBLISH, {"id": report_id}, org=ORG)["data"]["publicationPublish"]
    assert (
        early["errors"][0]["field"] == "reportId" and early["errors"][0]["code"] == "not_approved"
    )
    assert gql.post(PUBLIC, {"q": data["inspection"].target_code})["data"]["publicResults"] == []
    # the reviewer approves: published at once, with its clock
    approved = admin.post(REVIEW, {"id": report_id, "d": "APPROVE"}, org=ORG)["data"][
        "inspectionReportReview"
    ]
    assert approved["errors"] == [] and approved["report"]["status"] == "PUBLISHED"
    assert approved["report"]["publication"]["publishedAt"]
    # then anyone finds it on the portal, by USCC and by the start of the name
    by_code = gql.post(PUBLIC, {"q": data["inspection"].target_code})["data"]["publicResults"]
    assert len(by_code) == 1 and by_code[0]["resultLabels"] == ["未发现问题"]
    assert by_code[0]["inspectingBody"] == "芒市住房和城乡建设局"
    by_name = gql.post(PUBLIC, {"q": data["inspection"].target_name[:4]})["data"]["publicResults"]
    assert data["inspection"].target_code in {r["uscc"] for r in by_name}
    text = str(by_code)
    for m in data["inspection"].members:
        assert m["name"] not in text and m["certificate_no"] not in text
    assert "张" not in text  # the party's signature and name stay in the record


def test_anonymous_callers_see_no_inspections(gql: Any, data: dict[str, Any]) -> None:
    result = gql.post(ALL, org=ORG)
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert Inspection  # the model module is importable without the API


def test_the_form_choices_and_the_report_draft(as_user: Any, data: dict[str, Any]) -> None:
    client = as_user("mangshi.inspector")
    result = client.post(
        "query($id:ID!){ inspectionChoices { notices { value label } answers { value }"
        " resultCategories { value label } housingSubcodes { value categories } }"
        " inspectionReportDraft(inspectionId:$id){ resultCategories content } }",
        {"id": data["id"]},
        org=ORG,
    )
    assert "errors" not in result, result
    choices = result["data"]["inspectionChoices"]
    assert {"value": "basisTold", "label": "告知检查依据"} in choices["notices"]
    assert {"value": "personnel", "categories": ["CORRECTED", "PENDING"]} in choices[
        "housingSubcodes"
    ]
    # no confirmed record yet: no result proposed
    assert result["data"]["inspectionReportDraft"]["resultCategories"] == []
