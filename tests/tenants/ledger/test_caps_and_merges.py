"""The prefecture's visit cap (R19) in every draw, the re-check at execution across draws
(R6), targeted inspections recorded but not capped (R16), combined visits (合并检查) and the
burden view (受检负担). Real PostgreSQL; the concurrent-process test is in
test_concurrent_caps.py."""

from datetime import date
from typing import Any

import pytest
from django_tenants.utils import schema_context

from suiji_platform.accounts.models import User
from suiji_platform.ledger import burden, caps, merges
from suiji_platform.ledger.models import LedgerEntry, VisitCapSetting, VisitMerge
from suiji_platform.ledger.services import LedgerItem, record_draw_visits
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.draws import services
from suiji_tenants.draws.models import Draw, DrawStatus, DrawTarget
from suiji_tenants.draws.verify import load_record, verify_record
from suiji_tenants.inspections import targeted

from .factories import county_with_tasks

pytestmark = pytest.mark.django_db

CODE = "533103"


@pytest.fixture
def org() -> Any:
    organisation = Organisation.objects.get(code=CODE)
    with schema_context(organisation.schema_name):
        yield organisation


@pytest.fixture
def staff() -> User:
    return User.objects.get(username="mangshi.staff")


@pytest.fixture
def admin() -> User:
    return User.objects.get(username="mangshi.admin")


def kw(org: Any, user: Any) -> dict[str, Any]:
    return {"organisation": org, "acting_user": user}


def set_cap(value: int) -> None:
    VisitCapSetting.objects.update_or_create(
        prefecture=Organisation.objects.get(code="533100"), defaults={"visit_cap": value}
    )


def committed(org: Any, user: Any, task: Any, **create: Any) -> Draw:
    draw = services.create_draw(task, 1, **kw(org, user), **create)
    return services.commit_draw(draw, **kw(org, user))


def drawn(draw: Draw) -> set[str]:
    return set(DrawTarget.objects.filter(draw=draw).values_list("code", flat=True))


def test_prefecture_cap_is_used_and_a_draw_may_only_lower_it(org: Any, staff: User) -> None:
    task_a, _ = county_with_tasks(org)
    assert caps.visit_cap_of(org) == caps.DEFAULT_VISIT_CAP == 2
    assert services.create_draw(task_a, 1, **kw(org, staff)).parameters["visit_cap"] == 2
    set_cap(3)
    assert caps.visit_cap_of(org) == 3
    draw = services.create_draw(task_a, 1, **kw(org, staff))
    assert draw.parameters["visit_cap"] == 3
    assert (
        services.create_draw(task_a, 1, visit_cap=1, **kw(org, staff)).parameters["visit_cap"] == 1
    )
    with pytest.raises(FieldError) as exc:
        services.create_draw(task_a, 1, visit_cap=4, **kw(org, staff))
    assert (exc.value.field, exc.value.code) == ("visitCap", "above_prefecture_cap")
    assert "3次" in exc.value.message


def test_set_visit_cap_is_audited_and_checked(org: Any, admin: User) -> None:
    prefecture = Organisation.objects.get(code="533100")
    with pytest.raises(FieldError) as exc:
        caps.set_visit_cap(org, 3, acting_user=admin)
    assert exc.value.code == "not_prefecture"
    with schema_context(prefecture.schema_name):
        for bad in (0, 13):
            with pytest.raises(FieldError) as exc:
                caps.set_visit_cap(prefecture, bad, acting_user=admin)
            assert (exc.value.field, exc.value.code) == ("visitCap", "out_of_range")
        caps.set_visit_cap(prefecture, 4, acting_user=admin)
        rec = AuditRecord.objects.filter(operation="ledger.visit_cap").latest("seq")
        assert (rec.before, rec.after) == ({"visit_cap": 2}, {"visit_cap": 4})
    assert caps.visit_cap_of(org) == 4


def test_execution_rechecks_the_cap_against_draws_executed_since_commit(
    org: Any, staff: User, admin: User
) -> None:
    set_cap(1)
    task_a, task_b = county_with_tasks(org)
    a = committed(org, staff, task_a)
    b = committed(org, staff, task_b)  # 100 %: every entity, so it overlaps A surely
    assert b.pool_size == 40
    services.execute_draw(a, **kw(org, staff))
    first = drawn(a)
    assert len(first) == 10
    with pytest.raises(FieldError) as exc:
        services.execute_draw(b, **kw(org, staff))
    assert (exc.value.field, exc.value.code) == ("drawId", "ledger_conflict")
    assert "上限1次" in exc.value.message
    assert sorted(first)[0] in exc.value.message
    # Nothing of B was written; its secret was not revealed.
    b = Draw.objects.get(pk=b.pk)
    assert b.status == DrawStatus.COMMITTED and not b.seed and not drawn(b)
    assert not LedgerEntry.objects.filter(draw_reference=f"{CODE}:{b.reference}").exists()
    # Voided by a second person, drawn again from a fresh commit that excludes A's targets.
    services.void_draw(b, reason="执行时超过受检次数上限", **kw(org, admin))
    again = committed(org, staff, task_b)
    assert again.pool_size == 30
    preview = services.draw_preview(again)
    assert {e.code for e in preview.excluded if e.reason == "visit_cap"} == first
    again = services.execute_draw(again, **kw(org, staff))
    assert not drawn(again) & first
    assert verify_record(load_record(services.read_record(again) or b"")).ok


def test_execution_refuses_a_second_inspection_for_one_item(org: Any, staff: User) -> None:
    task_a, task_b = county_with_tasks(
        org, tasks=((("ZJ-001",), 2500), (("ZJ-001", "ZJ-002"), 10000))
    )
    a = committed(org, staff, task_a)
    b = committed(org, staff, task_b)
    services.execute_draw(a, **kw(org, staff))
    with pytest.raises(FieldError) as exc:
        services.execute_draw(b, **kw(org, staff))
    assert exc.value.code == "ledger_conflict"
    assert "已就事项ZJ-001检查" in exc.value.message


def test_targeted_inspections_are_recorded_but_not_capped(org: Any, staff: User) -> None:
    set_cap(1)
    task_a, _ = county_with_tasks(org)
    uscc = "T00000000000000003"
    ti = targeted.register_targeted_inspection(
        uscc=uscc,
        reason="complaint",
        started_on=date(2026, 3, 1),
        item_codes=["ZJ-002"],
        **kw(org, staff),
    )
    targeted.close_targeted_inspection(ti, closed_on=date(2026, 3, 5), **kw(org, staff))
    # One targeted visit and a cap of one: still drawable for another item.
    preview = services.preview_draw(task_a, 1)
    assert uscc not in {e.code for e in preview.excluded}
    b = burden.entity_burden(org, uscc, 2026)
    assert (b.random_visits, b.targeted_visits, b.visit_cap) == (0, 1, 1)
    # A random visit for another item, once executed, reaches the cap.
    record_draw_visits(
        organisation_id=org.pk,
        entity_codes=[uscc],
        items=[LedgerItem("ZJ-009", 1, "fire")],
        inspected_on=date(2026, 6, 1),
        period_end=date(2026, 6, 30),
        plan_year=2026,
        draw_reference="533100:533100-D000001",
    )
    preview = services.preview_draw(task_a, 1)
    assert [(e.code, e.reason) for e in preview.excluded] == [(uscc, "visit_cap")]


def _visit(org: Any, code: str, item: str, ref: str, start: date, end: date, dep: str) -> None:
    record_draw_visits(
        organisation_id=org.pk,
        entity_codes=[code],
        items=[LedgerItem(item, 1, dep)],
        inspected_on=start,
        period_end=end,
        plan_year=2026,
        draw_reference=ref,
    )


def test_combined_visit_is_proposed_accepted_and_counted_once(org: Any, staff: User) -> None:
    prefecture = Organisation.objects.get(code="533100")
    code = "T00000000000000011"
    county_with_tasks(org, entities=20)
    _visit(
        org,
        code,
        "ZJ-001",
        f"{CODE}:{CODE}-D000901",
        date(2026, 5, 1),
        date(2026, 5, 31),
        "housing",
    )
    _visit(
        prefecture,
        code,
        "SJ-101",
        "533100:533100-D000902",
        date(2026, 5, 20),
        date(2026, 6, 20),
        "market_supervision",
    )
    _visit(
        org,
        code,
        "ZJ-002",
        f"{CODE}:{CODE}-D000903",
        date(2026, 9, 1),
        date(2026, 9, 30),
        "housing",
    )
    before = burden.entity_burden(org, code, 2026)
    assert before.random_visits == 3
    assert before.entity_name == "测试企业11" or before.entity_name == ""
    found = merges.proposals(org, 2026)
    assert [(p.entity_code, p.visit_keys) for p in found] == [
        (code, (f"{CODE}:{CODE}-D000901", "533100:533100-D000902"))
    ]
    p = found[0]
    assert (p.starts_on, p.ends_on) == (date(2026, 5, 20), date(2026, 5, 31))
    # September does not overlap May: refused, naming the periods.
    with pytest.raises(FieldError) as exc:
        merges.accept_merge(
            org,
            entity_code=code,
            plan_year=2026,
            visit_keys=[f"{CODE}:{CODE}-D000901", f"{CODE}:{CODE}-D000903"],
            acting_user=staff,
        )
    assert exc.value.code == "period" and "2026-09-01" in exc.value.message
    merge = merges.accept_merge(
        org, entity_code=code, plan_year=2026, visit_keys=list(p.visit_keys), acting_user=staff
    )
    keys = set(
        LedgerEntry.objects.filter(
            entity_code=code, item_code__in=["ZJ-001", "SJ-101"]
        ).values_list("visit_key", flat=True)
    )
    assert keys == {merge.visit_key}
    after = burden.entity_burden(org, code, 2026)
    assert after.random_visits == 2
    combined = [v for v in after.visits if v.merged]
    assert len(combined) == 1 and combined[0].items == ("SJ-101", "ZJ-001")
    assert set(combined[0].departments) == {"housing", "market_supervision"}
    assert AuditRecord.objects.filter(operation="ledger.merge", object_id=str(merge.pk)).exists()
    assert merges.proposals(org, 2026) == []
    # The merged keys are gone: accepting again is refused.
    with pytest.raises(FieldError) as exc:
        merges.accept_merge(
            org, entity_code=code, plan_year=2026, visit_keys=list(p.visit_keys), acting_user=staff
        )
    assert exc.value.code == "not_found"
    assert VisitMerge.objects.filter(entity_code=code).count() == 1


def test_merge_refusals(org: Any, staff: User) -> None:
    code = "T00000000000000012"
    county_with_tasks(org, entities=20)
    w = (date(2026, 5, 1), date(2026, 5, 31))
    _visit(org, code, "ZJ-001", f"{CODE}:{CODE}-D000911", *w, "housing")
    _visit(org, code, "ZJ-001", f"{CODE}:{CODE}-D000912", *w, "housing")
    _visit(org, code, "ZJ-002", f"{CODE}:{CODE}-D000913", *w, "housing")
    with pytest.raises(FieldError) as exc:
        merges.accept_merge(
            org,
            entity_code=code,
            plan_year=2026,
            visit_keys=[f"{CODE}:{CODE}-D000911", f"{CODE}:{CODE}-D000912"],
            acting_user=staff,
        )
    assert exc.value.code == "same_item" and "ZJ-001" in exc.value.message
    with pytest.raises(FieldError) as exc:
        merges.accept_merge(
            org, entity_code=code, plan_year=2026, visit_keys=["x"], acting_user=staff
        )
    assert exc.value.code == "too_few"
    # The prefecture lowered the cap to one after the draws: merging two of three visits still
    # leaves two, over the cap.
    set_cap(1)
    with pytest.raises(FieldError) as exc:
        merges.accept_merge(
            org,
            entity_code=code,
            plan_year=2026,
            visit_keys=[f"{CODE}:{CODE}-D000911", f"{CODE}:{CODE}-D000913"],
            acting_user=staff,
        )
    assert exc.value.code == "visit_cap" and "上限1次" in exc.value.message
    assert not VisitMerge.objects.filter(entity_code=code).exists()


def test_burden_scope_and_closest_to_cap(org: Any) -> None:
    prefecture = Organisation.objects.get(code="533100")
    other = Organisation.objects.get(code="533102")
    code = "T00000000000000013"
    county_with_tasks(org, entities=20)
    w = (date(2026, 5, 1), date(2026, 5, 31))
    _visit(org, code, "ZJ-001", f"{CODE}:{CODE}-D000921", *w, "housing")
    _visit(prefecture, code, "SJ-101", "533100:533100-D000922", *w, "market_supervision")
    # Another county has no visit of it and (without an index row) no such entity.
    with pytest.raises(FieldError) as exc:
        burden.entity_burden(other, code, 2026)
    assert (exc.value.field, exc.value.code) == ("code", "not_found")
    seen = burden.entity_burden(prefecture, code, 2026)
    assert seen.random_visits == 2 and seen.remaining == 0
    top = burden.closest_to_cap(prefecture, 2026, 5)
    assert top[0].entity_code == code and top[0].random_visits == 2
    with pytest.raises(FieldError):
        burden.closest_to_cap(org, 2026)
