"""Joint cross-department draws (联合抽查): the joint plan's rules, the draw over the public
index through the one lifecycle (mixed teams, record verifies), what each county sees, the
市抽县查 hand-over, and partner staff maintaining their own department only."""

import json
import random
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from suiji_platform.index.models import JointVisit
from suiji_platform.ledger.models import LedgerEntry
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.draws import services
from suiji_tenants.draws.joint_visits import joint_visits_of, receive_joint_inspections
from suiji_tenants.draws.models import Draw, DrawStatus, DrawTeamMember
from suiji_tenants.draws.verify import load_record, verify_record
from suiji_tenants.inspections.models import Inspection
from suiji_tenants.plans import services as plans
from suiji_tenants.registries.models import Inspector

from .factories import (
    COUNTIES,
    admin_kw,
    county_entities,
    county_officers,
    joint_input,
    joint_setup,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def prefecture() -> Any:
    organisation = Organisation.objects.get(code="533100")
    county_entities(COUNTIES[0], 150, prefix="91MS")
    county_entities(COUNTIES[1], 150, prefix="91RL")
    with schema_context(organisation.schema_name):
        yield organisation


def _kw(prefecture: Any) -> dict[str, Any]:
    kw = admin_kw(prefecture)
    return {"organisation": kw["organisation"], "acting_user": kw["acting_user"]}


def _errors(exc: Exception) -> dict[str, str]:
    if isinstance(exc, FieldError):
        return {exc.field: exc.code}
    assert isinstance(exc, ValidationError)
    return {f: e[0].code for f, e in exc.error_dict.items()}  # type: ignore[misc]


def test_joint_task_rules_name_the_field(prefecture: Any) -> None:
    task = joint_setup(prefecture)
    assert task.lead_department == "housing"
    assert task.departments == ["fire", "housing", "market_supervision"]
    assert task.counties == sorted(COUNTIES)
    kw = admin_kw(prefecture)
    jp = task.joint_plan_id
    assert jp is not None
    cases = [
        (joint_input(jp, counties=["533103", "530102"]), "counties.1", "outside_prefecture"),
        (joint_input(jp, ratio_bp=150), "ratioBp", "prefecture_ratio_cap"),
        (
            joint_input(jp, rounds=[joint_input(jp).rounds[0]] * 3),
            "rounds",
            "prefecture_round_cap",
        ),
        (joint_input(jp, departments=["fire"]), "itemCodes.1", "department_not_participating"),
        (joint_input(jp, departments=[]), "departments", "partners_required"),
        (joint_input(jp, joint_mode="x"), "jointMode", "invalid_choice"),
    ]
    for data, field, code in cases:
        with pytest.raises((FieldError, ValidationError)) as info:
            plans.create_task(task.plan, data, **kw)
        assert _errors(info.value).get(field) == code, (field, _errors(info.value))
    # The yearly share of every joint task together stays within 1 % (R5).
    with pytest.raises((FieldError, ValidationError)) as info:
        plans.create_task(task.plan, joint_input(jp, title="第二个联合任务"), **kw)
    assert _errors(info.value).get("ratioBp") == "prefecture_plan_cap"
    assert task.plan.tasks.count() == 1


def test_joint_draw_through_the_one_lifecycle(prefecture: Any) -> None:
    # given a published joint plan over two counties with housing, market supervision, fire
    task = joint_setup(prefecture)
    publish(task, prefecture)
    # an entity already inspected this year for a joint item is excluded (ledger)
    LedgerEntry.objects.create(
        organisation=Organisation.objects.get(code=COUNTIES[0]),
        entity_code="91MS00000000000007",
        item_code="LH-SJ",
        department="market_supervision",
        inspected_on="2026-03-01",
        plan_year=2026,
        source="draw",
        draw_reference="533103:D1",
        visit_key="533103:D1",
    )
    # when
    preview = services.preview_draw(task, 1)
    kw = _kw(prefecture)
    draw = services.create_draw(task, 1, **kw)
    assert draw.parameters["source"] == {"kind": "index", "counties": sorted(COUNTIES)}
    services.commit_draw(draw, **kw)
    for name, value in (("德宏州市场监督管理局", "31"), ("德宏州消防救援支队", "119")):
        services.add_witness_input(draw, name=name, value=value, **kw)
    services.execute_draw(draw, **kw)
    draw = Draw.objects.get(pk=draw.pk)
    # then: the pool spans both counties, the ledger's exclusion listed with its reason
    assert preview.pool_size == 299
    assert [(e.code, e.reason) for e in preview.excluded] == [("91MS00000000000007", "inspected")]
    assert draw.status == DrawStatus.EXECUTED and draw.pool_size == 299
    targets = list(draw.targets.all())
    assert len(targets) == draw.target_count >= 2
    assert {t.organisation_code for t in targets} <= set(COUNTIES)
    assert all(t.name.endswith(f"企业{int(t.code[4:])}") for t in targets)
    # mixed teams: one officer of each department with items, at least 2 in all (R8, R10)
    people = {i.certificate_no: i.department for i in Inspector.objects.all()}
    for team in draw.teams.all():
        depts = [people[m.code] for m in DrawTeamMember.objects.filter(team=team, role="officer")]
        assert sorted(depts) == ["fire", "housing", "market_supervision"]
    # the record verifies like any draw's, its pool naming each entity's county
    record = load_record(services.read_record(draw) or b"")
    assert {g["org"] for g in record["pool"]} == set(COUNTIES)
    assert verify_record(record).ok
    assert record["params"]["team"]["officers_per_department"]
    # ledger: one visit per target covering every department's items
    rows = LedgerEntry.objects.filter(draw_reference=f"533100:{draw.reference}")
    assert rows.count() == 3 * len(targets)
    assert set(rows.values_list("department", flat=True)) == {
        "housing",
        "market_supervision",
        "fire",
    }
    # each county sees its entities' visits as soon as drawn: who, when, items, team
    for code in COUNTIES:
        county = Organisation.objects.get(code=code)
        visits = list(joint_visits_of(county))
        assert {v.entity_code for v in visits} == {
            t.code for t in targets if t.organisation_code == code
        }
        by_code = {t.code: t for t in targets}
        for v in visits:
            assert len(v.items) == 3 and len(v.team) == 3 and v.status == "drawn"
            assert {m["department"] for m in v.team} == {"housing", "market_supervision", "fire"}
            # every column holds its own value (the writer streams them by COPY)
            p = draw.parameters
            assert (v.prefecture_id, v.county_id, v.kind) == (prefecture.pk, county.pk, "entity")
            assert (v.name, v.team_number) == (
                by_code[v.entity_code].name,
                by_code[v.entity_code].team_number,
            )
            assert (v.draw_reference, v.plan_year, v.round) == (draw.reference, 2026, 1)
            assert (v.task, v.starts_on.isoformat(), v.ends_on.isoformat()) == (
                p["plan"]["task"],
                p["window"]["start"],
                p["window"]["end"],
            )
            assert (v.mode, v.lead_department) == ("prefecture", "housing")
            assert v.joint_plan == p["joint"]["plan"] != ""
            assert [i["code"] for i in v.items] == [i["code"] for i in p["items"]]
            assert v.departments == ["fire", "housing", "market_supervision"]
            assert v.received_at is None and v.created_at is not None
            members = DrawTeamMember.objects.filter(team__draw=draw, team__number=v.team_number)
            assert [m["certificate_no"] for m in v.team] == [m.code for m in members]
    # publish: the visits are published; the prefecture's own inspections are opened
    services.publish_draw(draw, **kw)
    assert set(JointVisit.objects.values_list("status", flat=True)) == {"published"}
    assert Inspection.objects.filter(draw_reference=draw.reference).count() == len(targets)
    # a second draw of the same round is refused; voiding marks the visits voided
    staff = __import__("suiji_platform.accounts.models", fromlist=["User"]).User.objects.get(
        username="dehong.staff"
    )
    services.void_draw(draw, reason="测试作废", organisation=prefecture, acting_user=staff)
    assert set(JointVisit.objects.values_list("status", flat=True)) == {"voided"}
    assert json.loads(json.dumps(draw.parameters["joint"]))["mode"] == "prefecture"


def test_joint_task_scoped_by_enterprise_nature(prefecture: Any) -> None:
    # given state-owned entities in both counties besides the 300 without a nature (R9)
    owned = county_entities(COUNTIES[0], 120, prefix="91GY", nature="国有企业")
    owned += county_entities(COUNTIES[1], 90, prefix="91GZ", nature="国有企业")
    county_entities(COUNTIES[1], 20, prefix="91MY", nature="私营企业")
    task = joint_setup(prefecture, scope_kind="directed", natures=["国有企业"])
    assert task.natures == ["国有企业"]
    publish(task, prefecture)
    # when
    preview = services.preview_draw(task, 1)
    kw = _kw(prefecture)
    draw = services.create_draw(task, 1, **kw)
    services.commit_draw(draw, **kw)
    for name, value in (("德宏州市场监督管理局", "31"), ("德宏州消防救援支队", "119")):
        services.add_witness_input(draw, name=name, value=value, **kw)
    services.execute_draw(draw, **kw)
    draw = Draw.objects.get(pk=draw.pk)
    # then only the state-owned entities of both counties are in the pool
    assert preview.pool_size == 210 and draw.pool_size == 210
    codes = {t.code for t in draw.targets.all()}
    assert codes and codes <= set(owned)
    assert verify_record(load_record(services.read_record(draw) or b"")).ok


def test_index_nature_backfilled_from_the_registries(prefecture: Any) -> None:
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from suiji_platform.index.models import EntityIndex

    owned = county_entities(COUNTIES[0], 5, prefix="91GY", nature="国有企业")
    EntityIndex.objects.filter(uscc__in=owned).update(nature="")
    migration = import_module("suiji_platform.index.migrations.0004_entityindex_nature")
    migration.backfill(apps, SimpleNamespace(connection=connection))
    rows = EntityIndex.objects.filter(uscc__in=owned)
    assert set(rows.values_list("nature", flat=True)) == {"国有企业"}
    assert EntityIndex.objects.filter(uscc__startswith="91MS", nature="").count() == 150


def test_department_without_officers_is_named(prefecture: Any) -> None:
    task = joint_setup(prefecture)
    Inspector.objects.filter(department="fire").update(active=False)
    publish(task, prefecture)
    kw = _kw(prefecture)
    draw = services.create_draw(task, 1, **kw)
    with pytest.raises(FieldError) as info:
        services.commit_draw(draw, **kw)
    assert info.value.code == "department_too_few_officers"
    assert "消防救援" in info.value.message
    assert Draw.objects.get(pk=draw.pk).status == DrawStatus.PREVIEWED


def test_mixed_team_that_cannot_be_filled(prefecture: Any) -> None:
    # 4 officers a team, 1 seat per department + 1 free: 2 teams need 8, only 2×3 = 6 exist
    task = joint_setup(prefecture, officers=2, officers_per_team=4)
    publish(task, prefecture)
    kw = _kw(prefecture)
    draw = services.create_draw(task, 1, **kw)
    with pytest.raises(FieldError) as info:
        services.commit_draw(draw, **kw)
    assert info.value.code == "mixed_team_unfilled"


def _county_teams() -> None:
    """Officers of every department in both counties' registries (市抽县查 teams)."""
    for code in COUNTIES:
        for dept in ("housing", "market_supervision", "fire"):
            county_officers(code, dept, 2)


def test_county_receives_the_inspections_under_shi_chou_xian_cha(prefecture: Any) -> None:
    task = joint_setup(prefecture, joint_mode="county_inspects")
    _county_teams()
    publish(task, prefecture)
    kw = _kw(prefecture)
    draw = services.create_draw(task, 1, **kw)
    services.commit_draw(draw, **kw)
    services.execute_draw(draw, **kw)
    # the teams are the counties' officers, each id namespaced by its county's code
    members = list(DrawTeamMember.objects.filter(team__draw=draw))
    assert members and all(m.code.split(":")[0] in COUNTIES for m in members)
    assert all(m.inspector_id is None for m in members)
    draw = Draw.objects.get(pk=draw.pk)
    assert verify_record(load_record(services.read_record(draw) or b"")).ok
    services.publish_draw(draw, **kw)
    # the prefecture does not open them itself
    assert not Inspection.objects.filter(draw_reference=draw.reference).exists()
    targets = {t.code: t.organisation_code for t in draw.targets.all()}
    county = Organisation.objects.get(code=COUNTIES[0])
    mine = {c for c, org in targets.items() if org == county.code}
    with schema_context(county.schema_name):
        opened = receive_joint_inspections(organisation=county, acting_user=None)
        assert opened == len(mine)
        inspections = list(Inspection.objects.filter(draw_reference=draw.reference))
        assert {i.target_code for i in inspections} == mine
        assert all(len(i.items) == 3 for i in inspections)
        # idempotent
        assert receive_joint_inspections(organisation=county, acting_user=None) == 0


def test_shi_chou_xian_cha_draws_the_counties_officers_and_their_conflicts(
    prefecture: Any,
) -> None:
    from suiji_platform.index.models import ConflictIndex, InspectorIndex
    from suiji_tenants.registries import services as registries
    from suiji_tenants.registries.demo import make_id_number
    from suiji_tenants.registries.models import Conflict, MarketEntity

    task = joint_setup(prefecture, joint_mode="county_inspects")
    publish(task, prefecture)
    kw = _kw(prefecture)
    # given no fire officer in any county: the error names the department and each county
    county_officers(COUNTIES[0], "housing", 3)
    county_officers(COUNTIES[0], "market_supervision", 3)
    county_officers(COUNTIES[1], "housing", 3)
    county_officers(COUNTIES[1], "market_supervision", 3)
    draw = services.create_draw(task, 1, **kw)
    with pytest.raises(FieldError) as info:
        services.commit_draw(draw, **kw)
    assert info.value.code == "department_too_few_officers"
    assert "消防救援" in info.value.message
    assert "芒市住房和城乡建设局0名" in info.value.message
    assert "瑞丽市住房和城乡建设局、芒市住房和城乡建设局没有该部门" in info.value.message
    # a county's officer added through its registry service is indexed in the same transaction
    county = Organisation.objects.get(code=COUNTIES[0])
    with schema_context(county.schema_name):
        officer = registries.save_record(
            "inspectors",
            {
                "kind": "officer",
                "name": "芒市消防执法员甲",
                "department": "fire",
                "categories": "消防安全",
                "certificate_no": "MSXF0001",
                "id_number": make_id_number(random.Random(1), "533103"),
                "certificate_valid_until": "2027-12-31",
                "active": "是",
            },
        )
        registries.save_record(
            "inspectors",
            {
                "kind": "officer",
                "name": "芒市消防执法员乙",
                "department": "fire",
                "categories": "消防安全",
                "certificate_no": "MSXF0002",
                "id_number": make_id_number(random.Random(2), "533103"),
                "certificate_valid_until": "2027-12-31",
                "active": "是",
            },
        )
        # its declared conflict is indexed as (inspector, candidate, reason code) only
        entity = MarketEntity.objects.get(uscc="91MS00000000000001")
        registries.declare_conflict(
            inspector=officer, entity=entity, kind="kinship", reason="配偶在该企业任职"
        )
        assert Conflict.objects.count() == 1
    row = InspectorIndex.objects.get(organisation=county, registry_id=officer.pk)
    assert (row.name, row.department, row.certificate_no) == (
        "芒市消防执法员甲",
        "fire",
        "MSXF0001",
    )
    assert list(
        ConflictIndex.objects.filter(organisation=county).values_list(
            "inspector_registry_id", "candidate", "reason"
        )
    ) == [(officer.pk, "91MS00000000000001", "kinship")]
    # the simulation counts the counties' officers
    sim = plans.simulate_task_round(task, 1)
    assert {d.department: d.eligible for d in sim.departments}["fire"] == 2
    # when the draw is committed and executed
    draw = services.create_draw(task, 1, **kw) if draw.status != "previewed" else draw
    services.commit_draw(draw, **kw)
    frozen = Draw.objects.get(pk=draw.pk).parameters["inspectors"]
    ids = {p["id"] for p in frozen["people"]}
    assert "533103:MSXF0001" in ids and all(i.split(":")[0] in COUNTIES for i in ids)
    assert frozen["conflicts"] == [
        {"inspector": "533103:MSXF0001", "candidate": "91MS00000000000001", "reason": "kinship"}
    ]
    assert not any("unit" in p or "id_number" in p for p in frozen["people"])
    services.execute_draw(draw, **kw)
    draw = Draw.objects.get(pk=draw.pk)
    # then every team has a fire officer of a county, the conflict is respected, it verifies
    fire = {"533103:MSXF0001", "533103:MSXF0002"}
    for team in draw.teams.all():
        codes = {m.code for m in team.members.all()}
        assert codes & fire
        if "533103:MSXF0001" in codes:
            assert "91MS00000000000001" not in {
                t.code for t in draw.targets.filter(team_number=team.number)
            }
    assert verify_record(load_record(services.read_record(draw) or b"")).ok
    # the county's visit names each member's county
    visit = JointVisit.objects.filter(draw_reference=draw.reference).first()
    assert visit is not None
    assert {m["organisation"] for m in visit.team} <= set(COUNTIES)
    # withdrawing the conflict removes it from the index
    with schema_context(county.schema_name):
        registries.withdraw_conflict(Conflict.objects.get())
    assert not ConflictIndex.objects.filter(organisation=county).exists()


def test_inspector_index_backfilled_from_the_registries(prefecture: Any) -> None:
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from suiji_platform.index.models import InspectorIndex

    people = county_officers(COUNTIES[1], "fire", 3)
    county = Organisation.objects.get(code=COUNTIES[1])
    InspectorIndex.objects.filter(organisation=county).delete()
    migration = import_module("suiji_platform.index.migrations.0005_inspector_index")
    migration.backfill(apps, SimpleNamespace(connection=connection))
    rows = InspectorIndex.objects.filter(organisation=county)
    assert sorted(rows.values_list("registry_id", flat=True)) == sorted(p.pk for p in people)
    assert set(rows.values_list("department", "active")) == {("fire", True)}


def test_simulation_shows_counties_and_departments(prefecture: Any) -> None:
    task = joint_setup(prefecture)
    Inspector.objects.filter(department="fire").update(active=False)
    result = plans.simulate_task_round(task, 1)
    assert result.pool == 300 and result.targets == 3 and result.teams == 2
    assert {(c.code, c.pool) for c in result.counties} == {(COUNTIES[0], 150), (COUNTIES[1], 150)}
    officers = {d.department: (d.eligible, d.needed) for d in result.departments}
    assert officers == {"fire": (0, 2), "housing": (6, 2), "market_supervision": (6, 2)}
    assert any("消防救援" in w for w in result.warnings)
