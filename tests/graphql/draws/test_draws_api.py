"""Draw API: the wizard's operations from preview to publish, the public record (anonymous,
downloadable, verifiable, no personal data), voiding by a second person, targeted inspections."""

import hashlib
import json
import re
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from graphql_relay import to_global_id

from suiji_platform.organisations.models import Organisation
from suiji_tenants.draws.verify import load_record, verify_record
from suiji_tenants.registries.models import Inspector, MarketEntity

from ...tenants.draws.factories import setup_county

pytestmark = pytest.mark.django_db

ORG = "533103"
DRAW_FIELDS = """
  id reference status poolSize poolDigest excludedCount commitment seed resultDigest
  targetCount teamCount recusalCount recordUrl voidReason
  witnesses { name value }
"""
CREATE = """mutation($t:ID!,$r:Int!){ createDraw(taskId:$t, round:$r){
  draw { id reference status preview { poolSize targets teams
    strata { region entityType creditClass available quota }
    excludedByReason { reason label count }
    excluded(limit: 10) { totalCount items { code reason label } } warnings } }
  errors { field code message } } }"""
STEP = """mutation($id:ID!){ %s(id:$id){ draw { %s } errors { field code message } } }"""
WITNESS = """mutation($id:ID!,$n:String!,$v:String!){ addWitnessInput(id:$id, name:$n, value:$v){
  draw { witnesses { name value } } errors { field code message } } }"""
EXECUTE = (
    "mutation($id:ID!){ executeDraw(id:$id){ draw { "
    + DRAW_FIELDS
    + """ targets(limit: 3) { totalCount items { code name teamNumber key } }
  teams { number members { role code name } targetCodes } recusals { seq kind reason } }
  job { id } errors { field code message } } }"""
)
VOID = """mutation($id:ID!,$r:String!){ voidDraw(id:$id, reason:$r){
  draw { status voidReason voidedBy } errors { field code message } } }"""
PUBLIC = """query($c:String!){ publicDraws(organisationCode:$c){ id reference status recordUrl
  organisationName taskTitle commitment seed revealedSecret witnesses { name value } voidReason
  targets { totalCount items { code name teamNumber } }
  teams { number members { role code name } targetCodes } recusals { seq reason } } }"""
PUBLIC_ONE = """query($id:ID!){ publicDraw(id:$id){ reference status recordUrl } }"""
PUBLIC_BY_REF = """query($c:String!,$r:String!){
  publicDraw(organisationCode:$c, reference:$r){ id reference status } }"""


@pytest.fixture
def task_id() -> str:
    org = Organisation.objects.get(code=ORG)
    with schema_context(org.schema_name):
        task = setup_county(org)
        # Personal data in the registries must never reach the public output.
        Inspector.objects.update(id_number="533103198001011234", contact_phone="13912345678")
        MarketEntity.objects.update(contact_phone="13812345678")
        return to_global_id("PlanTask", task.pk)


def data(result: dict[str, Any], name: str) -> dict[str, Any]:
    assert "errors" not in result, result
    payload = result["data"][name]
    assert payload.get("errors", []) == [], payload
    return payload  # type: ignore[no-any-return]


def run_to_executed(client: Any, task_id: str) -> dict[str, Any]:
    draw = data(client.post(CREATE, {"t": task_id, "r": 1}, org=ORG), "createDraw")["draw"]
    data(client.post(STEP % ("commitDraw", DRAW_FIELDS), {"id": draw["id"]}, org=ORG), "commitDraw")
    data(
        client.post(WITNESS, {"id": draw["id"], "n": "公证处", "v": "4711"}, org=ORG),
        "addWitnessInput",
    )
    return data(client.post(EXECUTE, {"id": draw["id"]}, org=ORG), "executeDraw")["draw"]


def test_wizard_to_public_record_that_verifies(as_user: Any, gql: Any, task_id: str) -> None:
    staff = as_user("mangshi.staff")
    # given: preview through createDraw
    created = data(staff.post(CREATE, {"t": task_id, "r": 1}, org=ORG), "createDraw")["draw"]
    assert created["status"] == "PREVIEWED"
    preview = created["preview"]
    assert preview["poolSize"] == 120 and preview["targets"] == 12 and preview["teams"] == 4
    assert sum(s["available"] for s in preview["strata"]) == 120
    # when: commit, witness, execute, publish
    committed = data(
        staff.post(STEP % ("commitDraw", DRAW_FIELDS), {"id": created["id"]}, org=ORG),
        "commitDraw",
    )["draw"]
    assert committed["status"] == "COMMITTED" and len(committed["commitment"]) == 64
    assert committed["seed"] is None and committed["recordUrl"] is None
    again = staff.post(STEP % ("commitDraw", "status"), {"id": created["id"]}, org=ORG)
    assert again["data"]["commitDraw"]["errors"][0]["code"] == "already_committed"
    data(
        staff.post(WITNESS, {"id": created["id"], "n": "州司法局", "v": "20261123"}, org=ORG),
        "addWitnessInput",
    )
    executed = data(staff.post(EXECUTE, {"id": created["id"]}, org=ORG), "executeDraw")["draw"]
    assert executed["status"] == "EXECUTED" and executed["targets"]["totalCount"] == 12
    assert len(executed["teams"]) == 4
    assert all(
        len([m for m in t["members"] if m["role"] == "officer"]) == 2 for t in executed["teams"]
    )
    fetched = staff.post(
        "query($id:ID!){ draw(id:$id){ reference status teamCount recusals { seq } } }",
        {"id": created["id"]},
        org=ORG,
    )["data"]["draw"]
    assert fetched["status"] == "EXECUTED" and fetched["teamCount"] == 4
    twice = staff.post(EXECUTE, {"id": created["id"]}, org=ORG)
    assert twice["data"]["executeDraw"]["errors"][0]["code"] == "already_executed"
    # executed but not published: the commitment is public, the result not yet
    early = gql.post(PUBLIC, {"c": ORG})["data"]["publicDraws"]
    assert [(d["status"], d["commitment"]) for d in early] == [
        ("EXECUTED", committed["commitment"])
    ]
    assert early[0]["seed"] is None and early[0]["revealedSecret"] is None
    assert early[0]["teams"] == [] and early[0]["targets"]["totalCount"] == 0
    published = data(
        staff.post(STEP % ("publishDraw", DRAW_FIELDS), {"id": created["id"]}, org=ORG),
        "publishDraw",
    )["draw"]
    # then: anonymous visitors read it and download the record, which verifies
    public = gql.post(PUBLIC, {"c": ORG})["data"]["publicDraws"]
    assert [d["reference"] for d in public] == [published["reference"]]
    assert public[0]["targets"]["totalCount"] == 12 and len(public[0]["teams"]) == 4
    one = gql.post(PUBLIC_ONE, {"id": public[0]["id"]})["data"]["publicDraw"]
    assert one["recordUrl"] == f"/o/{ORG}/draws/{published['reference']}/record.json"
    # The readable address: the organisation's code and the draw's reference.
    by_ref = gql.post(PUBLIC_BY_REF, {"c": ORG, "r": published["reference"]})
    assert by_ref["data"]["publicDraw"]["id"] == public[0]["id"]
    for code, ref in (("533102", published["reference"]), (ORG, f"{ORG}-D999999"), (ORG, "x")):
        missing = gql.post(PUBLIC_BY_REF, {"c": code, "r": ref})
        assert (
            missing["data"]["publicDraw"] is None
            and missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        ), missing
    neither = gql.post("{ publicDraw { id } }")
    assert neither["data"]["publicDraw"] is None and neither["errors"]
    response = Client().get(one["recordUrl"])
    assert response.status_code == 200
    record = load_record(response.content)
    report = verify_record(record)
    assert report.ok, report.line()
    assert record["result_digest"] == published["resultDigest"]
    # the revealed secret is public and matches the commitment published before the draw
    secret = public[0]["revealedSecret"]
    assert hashlib.sha256(bytes.fromhex(secret)).hexdigest() == public[0]["commitment"]
    text = response.content.decode() + json.dumps(public, ensure_ascii=False)
    assert "13912345678" not in text and "13812345678" not in text
    assert "533103198001011234" not in text
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", json.dumps(public, ensure_ascii=False))


def test_record_is_not_downloadable_before_publication(as_user: Any, task_id: str) -> None:
    draw = run_to_executed(as_user("mangshi.staff"), task_id)
    assert Client().get(f"/o/{ORG}/draws/{draw['reference']}/record.json").status_code == 404


def test_bad_inputs_are_errors(as_user: Any, task_id: str) -> None:
    staff = as_user("mangshi.staff")
    draw = data(staff.post(CREATE, {"t": task_id, "r": 1}, org=ORG), "createDraw")["draw"]
    result = staff.post(EXECUTE, {"id": draw["id"]}, org=ORG)["data"]["executeDraw"]
    assert result["errors"][0]["code"] == "not_committed"
    assert "请先提交承诺" in result["errors"][0]["message"]
    result = staff.post(CREATE, {"t": task_id, "r": 9}, org=ORG)["data"]["createDraw"]
    assert result["errors"][0]["field"] == "round"
    bad = staff.post(
        """mutation($t:ID!){ createDraw(taskId:$t, round:1, minPerStratum:40){ draw { id } } }""",
        {"t": task_id},
        org=ORG,
    )
    bad_id = bad["data"]["createDraw"]["draw"]["id"]
    result = staff.post(STEP % ("commitDraw", "status"), {"id": bad_id}, org=ORG)
    error = result["data"]["commitDraw"]["errors"][0]
    assert error["code"] == "quota_shortfall" and "信用等级：B" in error["message"]


def test_void_needs_second_person_and_stays_public(as_user: Any, gql: Any, task_id: str) -> None:
    staff, admin = as_user("mangshi.staff"), as_user("mangshi.admin")
    draw = run_to_executed(staff, task_id)
    data(staff.post(STEP % ("publishDraw", "status"), {"id": draw["id"]}, org=ORG), "publishDraw")
    same = staff.post(VOID, {"id": draw["id"], "r": "录入错误"}, org=ORG)["data"]["voidDraw"]
    assert same["errors"][0]["code"] == "same_user"
    empty = admin.post(VOID, {"id": draw["id"], "r": " "}, org=ORG)["data"]["voidDraw"]
    assert empty["errors"][0]["field"] == "reason"
    voided = data(admin.post(VOID, {"id": draw["id"], "r": "录入错误"}, org=ORG), "voidDraw")
    assert voided["draw"]["status"] == "VOIDED"
    public = gql.post(PUBLIC, {"c": ORG})["data"]["publicDraws"]
    assert public[0]["status"] == "VOIDED" and public[0]["voidReason"] == "录入错误"
    response = Client().get(public[0]["recordUrl"])
    assert verify_record(load_record(response.content)).ok


def test_anonymous_and_inspectors_cannot_run_draws(gql: Any, task_id: str) -> None:
    result = gql.post(CREATE, {"t": task_id, "r": 1}, org=ORG)
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_targeted_inspection_excludes_from_preview(as_user: Any, task_id: str) -> None:
    staff = as_user("mangshi.staff")
    result = staff.post(
        """mutation($u:String!){ registerTargetedInspection(uscc:$u, reason:COMPLAINT,
           startedOn:"2026-11-01", itemCodes:["ZJ-001"], description:"投诉"){
           targetedInspection { id uscc reason } errors { field code message } } }""",
        {"u": "T00000000000000003"},
        org=ORG,
    )
    ti = data(result, "registerTargetedInspection")["targetedInspection"]
    assert ti["reason"] == "COMPLAINT"
    preview = staff.post(
        """query($t:ID!){ drawPreview(taskId:$t, round:1){ poolSize
           excluded { totalCount items { code reason } } } }""",
        {"t": task_id},
        org=ORG,
    )["data"]["drawPreview"]
    assert preview["poolSize"] == 119
    assert preview["excluded"]["items"] == [{"code": "T00000000000000003", "reason": "TARGETED"}]


def test_targeted_inspections_of_both_kinds_list_in_a_fixed_number_of_queries(
    as_user: Any, task_id: str, django_assert_max_num_queries: Any
) -> None:
    from datetime import date

    from suiji_platform.organisations.models import Organisation as Org
    from suiji_tenants.inspections import targeted as services
    from suiji_tenants.registries.models import Project

    org = Org.objects.get(code=ORG)
    with schema_context(org.schema_name):
        for i in range(8):
            Project.objects.create(code=f"XM-T-{i}", name=f"项目{i}")
            services.register_targeted_inspection(
                **({"project_code": f"XM-T-{i}"} if i % 2 else {"uscc": f"T{i:017d}"}),
                reason="safety",
                started_on=date(2026, 11, 1),
                organisation=org,
                acting_user=None,
            )
    staff = as_user("mangshi.staff")
    query = "{ targetedInspections { totalCount edges { node { targetKind code name uscc } } } }"
    with django_assert_max_num_queries(12):
        result = staff.post(query, {}, org=ORG)
    nodes = [e["node"] for e in result["data"]["targetedInspections"]["edges"]]
    assert len(nodes) == 8
    assert {n["targetKind"] for n in nodes} == {"ENTITY", "PROJECT"}
    assert all(n["uscc"] is None for n in nodes if n["targetKind"] == "PROJECT")
    assert {n["name"] for n in nodes if n["targetKind"] == "PROJECT"} == {
        "项目1",
        "项目3",
        "项目5",
        "项目7",
    }


COMMIT_PUBLIC = """query($c:String!){ publicDraws(organisationCode:$c){ id reference status
  commitment poolDigest exclusionsDigest poolSize committedAt commitUrl recordFormat seed
  revealedSecret resultDigest recordUrl
  strata { region entityType creditClass available ratio { numerator denominator percent }
    probability { numerator denominator percent } }
  parametersSummary { samplingMode ratioBp capBp }
  inspectorChances { role code probability { numerator denominator } } } }"""


def test_commitment_is_public_before_the_reveal_and_the_record_matches_it(
    as_user: Any, gql: Any, task_id: str, tmp_path: Any
) -> None:
    staff = as_user("mangshi.staff")
    # given: a committed draw, not yet revealed
    created = data(staff.post(CREATE, {"t": task_id, "r": 1}, org=ORG), "createDraw")["draw"]
    committed = data(
        staff.post(STEP % ("commitDraw", DRAW_FIELDS), {"id": created["id"]}, org=ORG),
        "commitDraw",
    )["draw"]
    # when: an anonymous visitor looks at the public draws
    listed = gql.post(COMMIT_PUBLIC, {"c": ORG})["data"]["publicDraws"]
    # then: the draw is there with its commitment, digests, parameters, strata and time
    assert len(listed) == 1
    pub = listed[0]
    assert pub["status"] == "COMMITTED" and pub["commitment"] == committed["commitment"]
    assert pub["poolDigest"] == committed["poolDigest"] and pub["poolSize"] == 120
    assert pub["committedAt"] and pub["recordFormat"] == "suiji-draw/2"
    assert pub["seed"] is None and pub["revealedSecret"] is None and pub["recordUrl"] is None
    assert pub["resultDigest"] is None and pub["inspectorChances"] == []
    assert sum(st["available"] for st in pub["strata"]) == 120
    assert all(st["probability"] and st["ratio"] for st in pub["strata"])
    assert pub["parametersSummary"]["samplingMode"] == "ratio"
    # and the commit record can be downloaded and kept before the reveal
    response = Client().get(pub["commitUrl"])
    assert response.status_code == 200
    commit = load_record(response.content)
    assert commit["format"] == "suiji-commit/2" and "secret" not in commit
    assert "seed" not in commit and "witnesses" not in commit
    assert commit["commitment"] == pub["commitment"] and commit["pool_size"] == 120
    (tmp_path / "commit.json").write_bytes(response.content)
    # when: the draw is revealed and published
    data(
        staff.post(WITNESS, {"id": created["id"], "n": "公证处", "v": "4711"}, org=ORG),
        "addWitnessInput",
    )
    data(staff.post(EXECUTE, {"id": created["id"]}, org=ORG), "executeDraw")
    data(
        staff.post(STEP % ("publishDraw", "status"), {"id": created["id"]}, org=ORG), "publishDraw"
    )
    pub = gql.post(COMMIT_PUBLIC, {"c": ORG})["data"]["publicDraws"][0]
    assert pub["seed"] and pub["recordUrl"] and pub["inspectorChances"]
    assert all(c["probability"]["denominator"] != "0" for c in pub["inspectorChances"])
    record_bytes = Client().get(pub["recordUrl"]).content
    (tmp_path / "record.json").write_bytes(record_bytes)
    # then: verify-draw checks the final record against the commit record kept earlier
    from suiji_tenants.draws.verify import main

    assert main(["--commit", str(tmp_path / "commit.json"), str(tmp_path / "record.json")]) == 0
    # the commit record served later is the same file
    assert Client().get(pub["commitUrl"]).content == response.content
    # and a forged commit record (another pool) is named at its first differing field
    forged = json.loads(response.content)
    forged["pool_digest"] = "0" * 64
    (tmp_path / "forged.json").write_text(json.dumps(forged), encoding="utf-8")
    assert main(["--commit", str(tmp_path / "forged.json"), str(tmp_path / "record.json")]) == 1


def test_record_publishes_conflict_codes_not_the_free_text(
    as_user: Any, gql: Any, task_id: str
) -> None:
    from suiji_tenants.registries.models import Conflict, ConflictKind

    with schema_context(Organisation.objects.get(code=ORG).schema_name):
        entity = MarketEntity.objects.order_by("pk").first()
        for n, inspector in enumerate(Inspector.objects.order_by("pk")[:3]):
            Conflict.objects.create(
                inspector=inspector,
                entity=MarketEntity.objects.order_by("pk")[n],
                kind=ConflictKind.KINSHIP if n else ConflictKind.SHAREHOLDING,
                reason=f"配偶在该企业任职{n}号说明",
            )
        assert entity is not None
    staff = as_user("mangshi.staff")
    draw = run_to_executed(staff, task_id)
    data(staff.post(STEP % ("publishDraw", "status"), {"id": draw["id"]}, org=ORG), "publishDraw")
    record = load_record(Client().get(f"/o/{ORG}/draws/{draw['reference']}/record.json").content)
    assert verify_record(record).ok
    assert len(record["conflicts"]) == 3
    assert {c["reason"] for c in record["conflicts"]} == {"kinship", "shareholding"}
    assert "配偶" not in json.dumps(record, ensure_ascii=False)
