"""GraphQL of issue 11: the prefecture sets the visit cap (audited; others may not), county and
prefecture staff open an entity's burden, the prefecture lists the entities closest to their
cap, combined visits are proposed and accepted (errors name the field)."""

from datetime import date
from typing import Any

import pytest

from suiji_platform.index.models import EntityIndex
from suiji_platform.ledger.models import LedgerEntry, VisitMerge
from suiji_platform.ledger.services import LedgerItem, record_draw_visits
from suiji_platform.organisations.models import Organisation
from suiji_tenants.audit.models import AuditRecord

from ..conftest import error_codes

pytestmark = pytest.mark.django_db

CODE = "91533103LEDGER0001"
CAP = "{ visitCap { visitCap isDefault prefectureCode } }"
SET = "mutation($v:Int!){ setVisitCap(visitCap:$v){ visitCap { visitCap } errors { field code message } } }"
BURDEN = (
    "query($c:String!){ entityBurden(code:$c, year:2026){ code name visitCap randomVisits"
    " targetedVisits remaining visits { visitKey organisationCode source items departments"
    " merged countsTowardCap } } }"
)
PROPOSALS = (
    "{ visitMergeProposals(year:2026){ entityCode startsOn endsOn"
    " visits { visitKey organisationCode items } } }"
)
ACCEPT = (
    "mutation($c:String!,$k:[String!]!){ acceptVisitMerge(entityCode:$c, year:2026, visitKeys:$k)"
    "{ merge { visitKey items references } errors { field code message } } }"
)


def _visit(org_code: str, item: str, ref: str, dep: str, start: date, end: date) -> None:
    record_draw_visits(
        organisation_id=Organisation.objects.get(code=org_code).pk,
        entity_codes=[CODE],
        items=[LedgerItem(item, 1, dep)],
        inspected_on=start,
        period_end=end,
        plan_year=2026,
        draw_reference=ref,
    )


@pytest.fixture
def visits() -> None:
    EntityIndex.objects.create(
        organisation=Organisation.objects.get(code="533103"),
        kind="entity",
        uscc=CODE,
        name="台账测试企业",
        status="active",
        updated_at="2026-01-01T00:00:00Z",
    )
    _visit(
        "533103", "ZJ-001", "533103:533103-D000801", "housing", date(2026, 5, 1), date(2026, 5, 31)
    )
    _visit(
        "533100", "SJ-101", "533100:533100-D000802", "fire", date(2026, 5, 10), date(2026, 6, 10)
    )


def test_visit_cap_set_by_the_prefecture_admin_only(as_user: Any) -> None:
    admin = as_user("dehong.admin")
    assert admin.post(CAP, org="533100")["data"]["visitCap"] == {
        "visitCap": 2,
        "isDefault": True,
        "prefectureCode": "533100",
    }
    r = admin.post(SET, {"v": 0}, org="533100")["data"]["setVisitCap"]
    assert r["errors"][0]["field"] == "visitCap" and r["visitCap"] is None
    r = admin.post(SET, {"v": 3}, org="533100")["data"]["setVisitCap"]
    assert r == {"visitCap": {"visitCap": 3}, "errors": []}
    county = as_user("mangshi.admin")
    assert county.post(CAP, org="533103")["data"]["visitCap"]["visitCap"] == 3
    denied = county.post(SET, {"v": 5}, org="533103")
    assert error_codes(denied) == ["PERMISSION_DENIED"]
    staff = as_user("dehong.staff")
    assert error_codes(staff.post(SET, {"v": 5}, org="533100")) == ["PERMISSION_DENIED"]
    from django_tenants.utils import schema_context

    with schema_context("org_533100"):
        assert AuditRecord.objects.filter(operation="ledger.visit_cap").exists()


def test_burden_for_county_and_prefecture(as_user: Any, visits: None) -> None:
    county = as_user("mangshi.staff").post(BURDEN, {"c": CODE}, org="533103")
    b = county["data"]["entityBurden"]
    assert (b["name"], b["randomVisits"], b["visitCap"], b["remaining"]) == (
        "台账测试企业",
        2,
        2,
        0,
    )
    assert [v["organisationCode"] for v in b["visits"]] == ["533103", "533100"]
    assert b["visits"][1]["departments"] == ["消防救援"]
    # Another county does not see an entity it neither registers nor inspected.
    other = as_user("ruili.staff").post(BURDEN, {"c": CODE}, org="533102")
    assert other["errors"][0]["extensions"] == {"code": "BAD_INPUT", "field": "code"}
    pref = as_user("dehong.auditor").post(BURDEN, {"c": CODE}, org="533100")
    assert pref["data"]["entityBurden"]["randomVisits"] == 2
    near = as_user("dehong.staff").post(
        "{ entitiesNearCap(year:2026, first:3){ code randomVisits visitCap } }", org="533100"
    )
    assert near["data"]["entitiesNearCap"][0] == {"code": CODE, "randomVisits": 2, "visitCap": 2}
    # An inspector has no burden view; a county cannot list the prefecture's entities.
    assert error_codes(as_user("mangshi.inspector").post(BURDEN, {"c": CODE}, org="533103")) == [
        "PERMISSION_DENIED"
    ]
    county_near = as_user("mangshi.staff").post("{ entitiesNearCap { code } }", org="533103")
    assert county_near["errors"][0]["extensions"]["code"] == "BAD_INPUT"


def test_merge_proposed_and_accepted(as_user: Any, visits: None) -> None:
    staff = as_user("mangshi.staff")
    found = staff.post(PROPOSALS, org="533103")["data"]["visitMergeProposals"]
    assert len(found) == 1
    p = found[0]
    assert (p["entityCode"], p["startsOn"], p["endsOn"]) == (CODE, "2026-05-10", "2026-05-31")
    keys = [v["visitKey"] for v in p["visits"]]
    bad = staff.post(ACCEPT, {"c": CODE, "k": keys[:1]}, org="533103")["data"]["acceptVisitMerge"]
    assert bad["errors"][0]["field"] == "visitKeys" and bad["merge"] is None
    # Read-only oversight may look but not merge.
    denied = as_user("dehong.auditor").post(ACCEPT, {"c": CODE, "k": keys}, org="533100")
    assert error_codes(denied) == ["PERMISSION_DENIED"]
    ok = staff.post(ACCEPT, {"c": CODE, "k": keys}, org="533103")["data"]["acceptVisitMerge"]
    assert ok["errors"] == [] and ok["merge"]["items"] == ["SJ-101", "ZJ-001"]
    b = staff.post(BURDEN, {"c": CODE}, org="533103")["data"]["entityBurden"]
    assert b["randomVisits"] == 1 and b["visits"][0]["merged"] is True
    assert set(
        LedgerEntry.objects.filter(entity_code=CODE).values_list("visit_key", flat=True)
    ) == {ok["merge"]["visitKey"]}
    assert VisitMerge.objects.filter(entity_code=CODE).count() == 1
    assert staff.post(PROPOSALS, org="533103")["data"]["visitMergeProposals"] == []


def test_the_inspection_shows_its_combined_visit(as_user: Any, visits: None) -> None:
    from django_tenants.utils import schema_context
    from graphql_relay import to_global_id

    from suiji_tenants.inspections.models import Inspection

    with schema_context("org_533103"):
        inspection = Inspection.objects.create(
            reference="533103-D000801-001",
            draw_reference="533103-D000801",
            plan_year=2026,
            target_code=CODE,
            target_name="台账测试企业",
            items=[{"code": "ZJ-001", "name": "事项ZJ-001", "department": "housing"}],
            window_start=date(2026, 5, 1),
            window_end=date(2026, 5, 31),
        )
    query = (
        "query($id:ID!){ inspection(id:$id){ combinedVisit { startsOn endsOn items"
        " others { organisationCode organisationName items departments } } } }"
    )
    staff = as_user("mangshi.staff")
    gid = to_global_id("Inspection", inspection.pk)
    assert staff.post(query, {"id": gid}, org="533103")["data"]["inspection"] == {
        "combinedVisit": None
    }
    keys = ["533103:533103-D000801", "533100:533100-D000802"]
    ok = staff.post(ACCEPT, {"c": CODE, "k": keys}, org="533103")["data"]["acceptVisitMerge"]
    assert ok["errors"] == []
    combined = staff.post(query, {"id": gid}, org="533103")["data"]["inspection"]["combinedVisit"]
    assert combined == {
        "startsOn": "2026-05-10",
        "endsOn": "2026-05-31",
        "items": ["SJ-101", "ZJ-001"],
        "others": [
            {
                "organisationCode": "533100",
                "organisationName": Organisation.objects.get(code="533100").name,
                "items": ["SJ-101"],
                "departments": ["消防救援"],
            }
        ],
    }
