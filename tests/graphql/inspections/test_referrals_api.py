"""Referral and evidence API: a confirmed record's findings become referrals listed with their
step and waiting time; the actions go through `referralAct` (errors name the field); the
record shows its evidence with a permission-checked URL."""

import uuid
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.accounts.models import User
from suiji_platform.credit.models import CreditDecision, CreditRecord
from suiji_platform.organisations.models import Organisation
from suiji_tenants.inspections import evidence
from suiji_tenants.inspections.models import Referral

from ...tenants.inspections.factories import access_of
from .test_inspections_api import CONFIRM, ORG, SAVE, data, record_input  # noqa: F401

LIST = """query($open: Boolean){ referrals(openOnly: $open, first: 50){ totalCount edges { node {
  id kind kindLabel status statusLabel finding receivingBody waitingWorkingDays overdue dueText
  allowedActions history { status statusLabel by note } inspection { reference } } } } }"""
ACT = """mutation($id: ID!, $a: String!, $n: String, $c: Boolean, $b: String, $ok: Boolean){
  referralAct(id: $id, action: $a, note: $n, corrected: $c, receivingBody: $b, approve: $ok){
  referral { id status statusLabel history { status statusLabel } }
  errors { field code message } } }"""
PENALTY = """mutation($id: ID!, $no: String, $on: Date, $text: String){
  referralAct(id: $id, action: "penalty", penaltyNumber: $no, penaltyOn: $on, penaltyText: $text){
  referral { id status allowedActions penaltyNumber penaltyOn penaltyText }
  errors { field code message } } }"""
RECORD = """query($id: ID!){ inspection(id: $id){ record { evidence { id sha256 kind source url
  latitude } findings { handling deadline receivingBody } } } }"""


def test_findings_become_referrals_that_go_through_their_steps(
    as_user: Any,
    data: dict[str, Any],  # noqa: F811
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    inspector = as_user("mangshi.inspector")
    cid = str(uuid.uuid4())
    checklist = [
        {"itemCode": c, "point": p, "answer": "nonconform" if n == 0 else "conform"}
        for n, (c, p) in enumerate(data["points"])
    ]
    findings = [
        {"description": "资质证书过期", "handling": "on_spot", "deadline": "2026-12-20"},
        {
            "description": "扬尘防治不到位",
            "handling": "referred",
            "receivingBody": "县生态环境分局",
        },
    ]
    saved = inspector.post(
        SAVE,
        {
            "i": record_input(
                data, cid, 1, checklist=checklist, findings=findings, signedName="张某"
            )
        },
        org=ORG,
    )["data"]["onSiteRecordSave"]
    assert saved["errors"] == [], saved
    org = Organisation.objects.get(code=ORG)
    with schema_context(org.schema_name):
        record = data["inspection"].records.get()
        evidence.add_evidence(
            record,
            SimpleUploadedFile("p.jpg", b"\xff\xd8\xff\xe0" + b"1" * 64),
            evidence.EvidenceInput(source="检查人员现场拍摄", latitude="24.4", longitude="98.5"),
            access=access_of("mangshi.inspector", org),
            organisation=org,
            acting_user=User.objects.get(username="mangshi.inspector"),
        )
    connection.set_schema_to_public()
    confirmed = inspector.post(CONFIRM, {"id": saved["record"]["id"]}, org=ORG)
    assert confirmed["data"]["onSiteRecordConfirm"]["errors"] == []
    shown = inspector.post(RECORD, {"id": data["id"]}, org=ORG)["data"]["inspection"]["record"]
    (photo,) = shown["evidence"]
    assert photo["kind"] == "PHOTO" and photo["source"] == "检查人员现场拍摄"
    assert photo["latitude"] == 24.4
    assert photo["url"].startswith(f"/o/{ORG}/evidence/")
    assert shown["findings"][0] == {
        "handling": "on_spot",
        "deadline": "2026-12-20",
        "receivingBody": "",
    }
    staff = as_user("mangshi.staff")
    listed = staff.post(LIST, {"open": True}, org=ORG)["data"]["referrals"]
    assert listed["totalCount"] == 2
    by_kind = {e["node"]["kind"]: e["node"] for e in listed["edges"]}
    assert by_kind["ON_SPOT"]["statusLabel"] == "已责令改正，待复查"
    assert by_kind["ON_SPOT"]["allowedActions"] == ["recheck"]
    assert by_kind["ON_SPOT"]["waitingWorkingDays"] == 0
    assert "改正期限 2026-12-20" in by_kind["ON_SPOT"]["dueText"]
    referred = by_kind["REFERRED"]
    assert referred["receivingBody"] == "县生态环境分局" and referred["allowedActions"] == ["send"]
    # an action not allowed in this step names the field
    bad = staff.post(ACT, {"id": referred["id"], "a": "close", "n": "x"}, org=ORG)
    assert bad["data"]["referralAct"]["errors"][0]["field"] == "action"
    sent = staff.post(ACT, {"id": referred["id"], "a": "send"}, org=ORG)["data"]["referralAct"]
    assert sent["errors"] == [] and sent["referral"]["status"] == "SENT"
    fed = staff.post(ACT, {"id": referred["id"], "a": "feedback", "n": "已立案"}, org=ORG)
    assert fed["data"]["referralAct"]["referral"]["status"] == "FEEDBACK"
    done = staff.post(ACT, {"id": referred["id"], "a": "close", "n": "办结"}, org=ORG)
    result = done["data"]["referralAct"]
    assert result["errors"] == [] and result["referral"]["status"] == "CLOSED"
    assert [h["status"] for h in result["referral"]["history"]] == [
        "TO_SEND",
        "SENT",
        "FEEDBACK",
        "CLOSED",
    ]
    assert staff.post(LIST, {"open": True}, org=ORG)["data"]["referrals"]["totalCount"] == 1
    # another organisation sees none of them
    assert as_user("yingjiang.staff").post(LIST, {}, org=ORG).get("data") in (
        None,
        {"referrals": None},
    )
    with schema_context(org.schema_name):
        assert Referral.objects.count() == 2
    # the order not corrected takes a 立案处罚决定, which writes the credit record
    on_spot = by_kind["ON_SPOT"]["id"]
    rechecked = staff.post(
        ACT, {"id": on_spot, "a": "recheck", "c": False, "n": "仍未改正"}, org=ORG
    )
    assert rechecked["data"]["referralAct"]["referral"]["status"] == "NOT_CORRECTED"
    today = timezone.localdate().isoformat()
    missing = staff.post(PENALTY, {"id": on_spot, "on": today, "text": "罚款一万元"}, org=ORG)
    assert missing["data"]["referralAct"]["errors"][0]["field"] == "penaltyNumber"
    given = {"id": on_spot, "no": "芒住建罚字〔2026〕3号", "on": today, "text": "罚款一万元"}
    decided = staff.post(PENALTY, given, org=ORG)["data"]["referralAct"]
    assert decided["errors"] == []
    assert decided["referral"]["penaltyNumber"] == "芒住建罚字〔2026〕3号"
    assert decided["referral"]["allowedActions"] == ["close"]
    twice = staff.post(PENALTY, given, org=ORG)["data"]["referralAct"]["errors"]
    assert (twice[0]["field"], twice[0]["code"]) == ("action", "already_decided")
    (credit,) = CreditRecord.objects.filter(source_reference=data["inspection"].reference)
    assert credit.decision == CreditDecision.PENALTY
