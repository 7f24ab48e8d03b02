"""Every oversight figure on hand-built index rows with answers worked out by hand."""

from datetime import UTC, date, datetime, timedelta

import pytest

from suiji_platform.index.models import EntityIndex
from suiji_platform.ledger.models import LedgerEntry
from suiji_platform.organisations.models import Organisation
from suiji_platform.oversight import metrics
from suiji_platform.oversight.models import InspectionProgress, ReferralIndex
from suiji_platform.oversight.progress import result_flags
from suiji_platform.plan_index.models import PlanStatusIndex

pytestmark = pytest.mark.django_db
YEAR = 2031
TODAY = date(2031, 6, 30)


def _entities(org: Organisation, n: int, *, status: str = "active", prefix: str = "E") -> None:
    for i in range(n):
        EntityIndex.objects.create(
            organisation=org,
            kind="entity",
            uscc=f"{prefix}{org.code}{i:05d}",
            name=f"主体{i}",
            status=status,
            updated_at=datetime(2031, 1, 1, tzinfo=UTC),
        )


def _visit(
    org: Organisation,
    entity: str,
    visit: str,
    depts: list[str],
    *,
    source: str = "draw",
    voided: bool = False,
) -> None:
    for d in depts:
        LedgerEntry.objects.create(
            organisation=org,
            entity_code=entity,
            item_code=f"I-{d}",
            department=d,
            inspected_on=date(2031, 5, 1),
            plan_year=YEAR,
            source=source,
            draw_reference=visit,
            visit_key=visit,
            voided=voided,
        )


def _progress(
    org: Organisation,
    ref: str,
    status: str,
    *,
    window_end: date = date(2031, 5, 31),
    late: bool = False,
    due: date | None = None,
    problem: bool = False,
    followed: bool = False,
) -> None:
    InspectionProgress.objects.create(
        organisation=org,
        reference=ref,
        source="draw",
        plan_year=YEAR,
        target_code=ref,
        departments=["housing"],
        window_end=window_end,
        status=status,
        publication_due_on=due,
        published_at=datetime(2031, 6, 1, tzinfo=UTC) if status == "published" else None,
        published_late=late,
        problem_found=problem,
        followed_up=followed,
    )


def test_result_flags() -> None:
    assert result_flags(["no_problem"]) == (False, False)
    assert result_flags(["corrected"]) == (True, True)
    assert result_flags(["pending"]) == (True, False)
    assert result_flags(["corrected", "pending"]) == (True, False)


def test_figures_of_a_county_on_hand_built_rows() -> None:
    county = Organisation.objects.get(code="533103")
    _entities(county, 40)
    _entities(county, 5, status="deregistered", prefix="X")  # not registered as active
    PlanStatusIndex.objects.create(
        organisation=county,
        year=YEAR,
        status="published",
        version=1,
        draft_due=date(2030, 12, 31),
        rounds_planned=4,
    )
    # Three live draws (one joint with two departments), one voided, one targeted visit.
    _visit(county, "A", "533103:1", ["housing", "fire"])
    _visit(county, "B", "533103:1", ["housing", "fire"])
    _visit(county, "C", "533103:2", ["housing"])
    _visit(county, "A", "533103:3", ["housing"])
    _visit(county, "D", "533103:9", ["housing"], voided=True)
    _visit(county, "E", "533103:targeted:1", ["housing"], source="targeted")
    # Inspections: 6 due by today, 1 still in its window.
    _progress(county, "R1", "published", problem=True, followed=True)
    _progress(county, "R2", "published", late=True, problem=True)
    _progress(county, "R3", "published")
    _progress(county, "R4", "approved", due=date(2031, 6, 20))  # past its due date: late
    _progress(county, "R5", "recorded")
    _progress(county, "R6", "open")
    _progress(county, "R7", "open", window_end=date(2031, 7, 31))
    ReferralIndex.objects.create(
        organisation=county, reference="Y1", plan_year=YEAR, opened_on=date(2031, 6, 10)
    )
    ReferralIndex.objects.create(
        organisation=county, reference="Y2", plan_year=YEAR, opened_on=date(2031, 6, 20)
    )
    ReferralIndex.objects.create(
        organisation=county,
        reference="Y3",
        plan_year=YEAR,
        opened_on=date(2031, 6, 1),
        answered_at=datetime(2031, 6, 2, tzinfo=UTC),
    )

    (f,) = metrics.figures([county], YEAR, today=TODAY)
    assert f.plan_status == "published" and not f.plan_overdue
    assert (f.rounds_planned, f.draws_done) == (4, 3)
    assert f.draw_completion == 75.0
    assert f.registered == 40
    assert f.drawn_entities == 3  # A, B, C (D voided, E targeted)
    assert f.drawn_share == 7.5
    assert f.share_cap is None and not f.over_cap  # a county sets its own ratio
    assert f.inspected_entities == 4  # A, B, C, E
    assert f.coverage == 10.0
    assert (f.inspections, f.due, f.done, f.published) == (7, 6, 5, 3)
    assert f.completion == 50.0  # 3 published / 6 due
    assert (f.on_time, f.late) == (2, 2)
    assert f.on_time_rate == 50.0
    assert (f.results, f.problems, f.followed_up) == (4, 2, 1)
    assert f.problem_rate == 50.0 and f.follow_up_rate == 50.0
    assert (f.referrals_open, f.referral_wait_days) == (2, 20)
    # Visits: (1,A) joint, (1,B) joint, (2,C), (3,A), (targeted,E) → 2 of 5 joint.
    assert (f.visits, f.joint_visits, f.joint_share) == (5, 2, 40.0)
    # A was visited twice: at the cap of 2; B, C, E once: not near it.
    assert f.near_cap == [("A", 2)]
    # The same visits by department: housing in all five, fire in the two joint ones.
    assert f.departments == {"housing": 5, "fire": 2}


def test_prefecture_level_share_against_the_cap_and_totals() -> None:
    prefecture = Organisation.objects.get(code="533100")
    county = Organisation.objects.get(code="533122")
    _entities(prefecture, 200)
    _visit(prefecture, "P1", "533100:1", ["housing"])
    _visit(prefecture, "P2", "533100:1", ["housing"])
    _visit(prefecture, "P3", "533100:2", ["housing"])
    rows = metrics.figures([prefecture, county], YEAR, today=TODAY)
    pref = rows[0]
    assert pref.label == "州本级"
    assert pref.drawn_share == 1.5 and pref.share_cap == 1.0 and pref.over_cap
    assert rows[1].drawn_share is None  # nothing registered: no rate, not 0
    total = metrics.totals(rows, YEAR)
    assert total.draws_done == 2 and total.visits == 3
    _visit(county, "Q1", "533122:1", ["housing", "fire"])
    rows = metrics.figures([prefecture, county], YEAR, today=TODAY)
    # The per-department visits add up across organisations in the totals row.
    assert rows[1].departments == {"housing": 1, "fire": 1}
    assert metrics.totals(rows, YEAR).departments == {"housing": 4, "fire": 1}


def test_a_year_with_no_data() -> None:
    county = Organisation.objects.get(code="533124")
    rows = metrics.figures([county], 2040, today=TODAY)
    assert not metrics.has_data(rows)
    f = rows[0]
    assert f.plan_status == "missing" and f.completion is None and f.on_time_rate is None


def test_missing_plan_is_overdue_after_31_december() -> None:
    county = Organisation.objects.get(code="533124")
    (f,) = metrics.figures([county], YEAR, today=TODAY)
    assert f.plan_overdue and "12月31日" in f.plan_overdue_reason
    (g,) = metrics.figures([county], YEAR + 1, today=TODAY)
    assert not g.plan_overdue


def test_public_rates_are_the_same_figures() -> None:
    county = Organisation.objects.get(code="533123")
    PlanStatusIndex.objects.create(
        organisation=county, year=YEAR, status="published", version=2, draft_due=date(2030, 12, 31)
    )
    _progress(county, "Q1", "published")
    _progress(county, "Q2", "published", late=True)
    _progress(county, "Q3", "published")
    _progress(county, "Q4", "recorded")
    r = metrics.public_rates(county, YEAR, today=TODAY)
    (f,) = metrics.figures([county], YEAR, today=TODAY)
    assert r.plan_published and r.plan_version == 2
    assert r.inspections_done == f.done == 4
    assert r.results_published == 3
    assert r.on_time_rate == f.on_time_rate == pytest.approx(66.7)


def test_every_metric_has_a_definition() -> None:
    keys = [m.key for m in metrics.METRICS]
    assert len(keys) == len(set(keys))
    county = Organisation.objects.get(code="533103")
    (f,) = metrics.figures([county], YEAR, today=TODAY - timedelta(days=1))
    for m in metrics.METRICS:
        assert m.formula and m.label
        f.value(m.key)  # every key reads


def test_referrals_written_through_the_service_count_until_answered() -> None:
    from suiji_platform.oversight.referrals import answer_referral, record_referral

    county = Organisation.objects.get(code="533122")
    record_referral(
        organisation_id=county.pk, reference="YS-1", plan_year=YEAR, opened_on=date(2031, 6, 25)
    )
    (f,) = metrics.figures([county], YEAR, today=TODAY)
    assert (f.referrals_open, f.referral_wait_days) == (1, 5)
    assert answer_referral("YS-1") == 1
    (g,) = metrics.figures([county], YEAR, today=TODAY)
    assert g.referrals_open == 0


class RecordingChannel:
    sent: list[tuple[str, str]] = []

    def send(self, organisation: Organisation, message: str, link: str) -> None:
        RecordingChannel.sent.append((organisation.code, message))


def test_notifications_reach_every_configured_channel(settings) -> None:
    from suiji_platform.oversight.models import Notification
    from suiji_platform.oversight.notify import notify

    settings.SUIJI_NOTIFY_CHANNELS = [
        "suiji_platform.oversight.notify.LogChannel",
        f"{__name__}.RecordingChannel",
    ]
    county = Organisation.objects.get(code="533122")
    RecordingChannel.sent.clear()
    notify(county, "test", "请反馈整改情况", "/o/533122/oversight/orders")
    assert RecordingChannel.sent == [("533122", "请反馈整改情况")]
    assert Notification.objects.filter(organisation=county, message="请反馈整改情况").exists()


def test_export_has_visits_per_department_where_joint_work_exists() -> None:
    import io

    from python_calamine import CalamineWorkbook

    from suiji_platform.oversight.export import dashboard_workbook

    prefecture = Organisation.objects.get(code="533100")
    county = Organisation.objects.get(code="533103")
    book = CalamineWorkbook.from_filelike(io.BytesIO(dashboard_workbook(prefecture, YEAR)))
    assert not any("检查户次" in str(h) for h in book.get_sheet_by_index(0).to_python()[0])

    _visit(county, "A", "533103:1", ["housing", "fire"])
    _visit(county, "B", "533103:2", ["housing"])
    book = CalamineWorkbook.from_filelike(io.BytesIO(dashboard_workbook(prefecture, YEAR)))
    rows = book.get_sheet_by_index(0).to_python()
    head = rows[0]
    fire, housing = head.index("检查户次·fire"), head.index("检查户次·housing")
    mangshi = next(r for r in rows if r[0] == county.name)
    assert (mangshi[fire], mangshi[housing]) == (1, 2)
    assert (rows[-1][fire], rows[-1][housing]) == (1, 2)  # the totals row


def test_completion_counts_early_publications_only_once_their_window_ends() -> None:
    county = Organisation.objects.get(code="533124")
    _progress(county, "C1", "published")  # due and published
    _progress(county, "C2", "open")  # due, not done
    # Published early, window still open: done, but not yet due.
    for ref in ("C3", "C4", "C5"):
        _progress(county, ref, "published", window_end=date(2031, 8, 31))
    f = metrics.figures([county], YEAR, today=TODAY)[0]
    assert (f.due, f.published, f.due_published) == (2, 4, 1)
    assert f.completion == 50.0
    assert metrics.totals([f], YEAR).completion == 50.0
