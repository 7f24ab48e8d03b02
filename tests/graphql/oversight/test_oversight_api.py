"""The oversight API end to end: the dashboard (definitions, a year with no data, county users
refused), an order issued, answered from the county's workbench, accepted; the public rates; the
spreadsheet export (data only)."""

import io
import zipfile
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from suiji_platform.organisations.models import Organisation
from suiji_platform.oversight.models import InspectionProgress
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.django_db

DASH = """query($year: Int!) { oversightDashboard(year: $year) { hasData message
  definitions { key formula } rows { organisationCode label late onTime onTimeRate }
  total { late } } }"""
ISSUE = """mutation($c: String!, $y: Int!, $p: String!, $b: String!, $d: Int) {
  issueRectificationOrder(countyCode: $c, year: $y, problem: $p, legalBasis: $b, deadlineDays: $d) {
    errors { field message } order { id reference status } } }"""
RESPOND = """mutation($id: Int!, $r: String!, $e: [String!]) {
  respondRectificationOrder(orderId: $id, response: $r, evidence: $e) {
    errors { field message } order { status events { kind } } } }"""
REVIEW = """mutation($id: Int!, $a: Boolean!) { reviewRectificationOrder(orderId: $id, accept: $a) {
  errors { field message } order { status } } }"""
WORKBENCH = "{ workbench { items { key count link hint years } notifications { message } } }"


def _client(username: str) -> GraphQLClient:
    c = GraphQLClient()
    c.login(username)
    return c


def test_dashboard_order_workbench_and_rates() -> None:
    county = Organisation.objects.get(code="533103")
    InspectionProgress.objects.create(
        organisation=county,
        reference="API-1",
        source="draw",
        plan_year=2030,
        target_code="T1",
        window_end=date(2030, 3, 1),
        status="published",
        published_late=True,
    )
    pref = _client("dehong.admin")
    data = pref.post(DASH, {"year": 2030}, org="533100")["data"]["oversightDashboard"]
    assert data["hasData"]
    assert {d["key"] for d in data["definitions"]} >= {"on_time_rate", "coverage", "joint_share"}
    mangshi = next(r for r in data["rows"] if r["organisationCode"] == "533103")
    assert mangshi["late"] == 1 and mangshi["onTimeRate"] == 0.0
    assert data["rows"][0]["label"] == "州本级"

    empty = pref.post(DASH, {"year": 2099}, org="533100")["data"]["oversightDashboard"]
    assert not empty["hasData"] and "2099年度尚无" in empty["message"]

    bad = pref.post(
        ISSUE, {"c": "533103", "y": 2030, "p": "逾期公示", "b": "", "d": 5}, org="533100"
    )
    errors = bad["data"]["issueRectificationOrder"]["errors"]
    assert errors[0]["field"] == "legalBasis"
    ok = pref.post(
        ISSUE,
        {"c": "533103", "y": 2030, "p": "逾期公示1件", "b": "条例第六条", "d": 5},
        org="533100",
    )["data"]["issueRectificationOrder"]
    assert ok["errors"] == [] and ok["order"]["status"] == "issued"
    order_id = ok["order"]["id"]

    county_admin = _client("mangshi.admin")
    items = county_admin.post(WORKBENCH, org="533103")["data"]["workbench"]
    answer = next(i for i in items["items"] if i["key"] == "orders_answer")
    assert answer["count"] == 1 and answer["link"] == "/o/533103/oversight/orders"
    assert any("督促整改" in n["message"] for n in items["notifications"])
    # The plan years a hint names come as numbers too (the English web app names them itself).
    for item in items["items"]:
        assert [f"{y}年度" for y in item["years"]] == [y for y in item["hint"].split("、") if y]

    ruili = _client("ruili.admin")
    other = ruili.post(RESPOND, {"id": order_id, "r": "x", "e": ["y"]}, org="533102")
    assert other["data"]["respondRectificationOrder"]["errors"][0]["field"] == "orderId"

    done = county_admin.post(
        RESPOND, {"id": order_id, "r": "已补充公示", "e": ["公示截图.png"]}, org="533103"
    )["data"]["respondRectificationOrder"]
    assert done["errors"] == [] and done["order"]["status"] == "responded"
    accepted = pref.post(REVIEW, {"id": order_id, "a": True}, org="533100")
    assert accepted["data"]["reviewRectificationOrder"]["order"]["status"] == "accepted"
    again = county_admin.post(RESPOND, {"id": order_id, "r": "再次", "e": ["z"]}, org="533103")
    assert "已验收" in again["data"]["respondRectificationOrder"]["errors"][0]["message"]

    # County users cannot open the dashboard; the public rates need no login.
    refused = county_admin.post(DASH, {"year": 2030}, org="533103")
    assert refused["errors"]
    public = GraphQLClient().post(
        '{ publicOversightRates(organisationCode: "533103", year: 2030) '
        "{ resultsPublished late onTimeRate } }"
    )["data"]["publicOversightRates"]
    assert public == {"resultsPublished": 1, "late": 1, "onTimeRate": 0.0}


def test_export_is_data_only() -> None:
    pref = _client("dehong.admin")
    response = pref.client.get("/o/533100/oversight/export.xlsx?year=2030")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and all(b"<f>" not in z.read(n) for n in sheets)  # no formulas
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][0] == "机构" and rows[1][0] == "州本级"
    assert book.get_sheet_by_index(1).to_python()[0][1] == "计算方法"
    assert pref.client.get("/o/533100/oversight/export.xlsx?year=x").status_code == 400
    county = _client("mangshi.admin")
    assert county.client.get("/o/533103/oversight/export.xlsx?year=2030").status_code == 403


MARK = """mutation($ids: [Int!]) { markNotificationsRead(ids: $ids) {
  errors { field message } unread } }"""
UNREAD = "{ unreadNotifications workbench { unreadNotifications notifications { id read } } }"


def test_notifications_marked_read_one_and_all() -> None:
    from suiji_platform.oversight.notify import notify

    mangshi = Organisation.objects.get(code="533103")
    ruili = Organisation.objects.get(code="533102")
    first = notify(mangshi, "order", "督促整改通知一")
    notify(mangshi, "order", "督促整改通知二")
    notify(mangshi, "card", "预警一")
    foreign = notify(ruili, "order", "瑞丽的通知")
    county = _client("mangshi.admin")
    data = county.post(UNREAD, org="533103")["data"]
    assert data["unreadNotifications"] == 3 == data["workbench"]["unreadNotifications"]

    one = county.post(MARK, {"ids": [first.pk]}, org="533103")["data"]["markNotificationsRead"]
    assert one == {"errors": [], "unread": 2}
    notes = county.post(UNREAD, org="533103")["data"]["workbench"]["notifications"]
    assert {n["id"]: n["read"] for n in notes}[first.pk] is True

    # Another organisation's notification is refused, and nothing changes.
    bad = county.post(MARK, {"ids": [first.pk, foreign.pk]}, org="533103")
    assert bad["data"]["markNotificationsRead"]["errors"][0]["field"] == "ids"
    assert county.post(UNREAD, org="533103")["data"]["unreadNotifications"] == 2
    foreign.refresh_from_db()
    assert not foreign.read

    every = county.post(MARK, org="533103")["data"]["markNotificationsRead"]
    assert every == {"errors": [], "unread": 0}
    assert _client("ruili.admin").post(UNREAD, org="533102")["data"]["unreadNotifications"] == 1
