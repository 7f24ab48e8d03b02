"""A combined visit inside one organisation is ONE inspection (R19 "never two visits"): the
earlier inspection keeps its reference and gains the other's items and team; the other is
marked merged into it, kept, and leaves "my inspections" and the to-record lists. Refused when
one already has a confirmed on-site record; across organisations each side keeps its own.
Real PostgreSQL, the county's schema."""

from datetime import date
from typing import Any

import pytest
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import access_to
from suiji_platform.accounts.models import User
from suiji_platform.ledger import merges
from suiji_platform.ledger.models import VisitMerge
from suiji_platform.ledger.services import LedgerItem, record_draw_visits
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.oversight.models import InspectionProgress
from suiji_platform.oversight.workbench import workbench
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.inspections.models import (
    Inspection,
    InspectionStatus,
    InspectorAccount,
    OnSiteRecord,
    RecordStatus,
)
from suiji_tenants.inspections.services import own_inspections, require_edit

pytestmark = pytest.mark.django_db

CODE = "533103"
ENTITY = "T00000000000000021"


@pytest.fixture
def org() -> Any:
    organisation = Organisation.objects.get(code=CODE)
    with schema_context(organisation.schema_name):
        yield organisation


@pytest.fixture
def staff() -> User:
    return User.objects.get(username="mangshi.staff")


def _drawn(org: Any, n: int, item: str, start: date, end: date, team: list[str]) -> Inspection:
    """A drawn visit as the execution leaves it: ledger rows and the opened inspection."""
    reference = f"{CODE}-D00095{n}"
    record_draw_visits(
        organisation_id=org.pk,
        entity_codes=[ENTITY],
        items=[LedgerItem(item, 1, "housing")],
        inspected_on=start,
        period_end=end,
        plan_year=2026,
        draw_reference=f"{CODE}:{reference}",
    )
    return Inspection.objects.create(
        reference=f"{reference}-001",
        draw_reference=reference,
        plan_year=2026,
        target_code=ENTITY,
        target_name="测试企业21",
        items=[{"code": item, "version": 1, "name": item, "department": "housing"}],
        team_number=1,
        members=[{"role": "officer", "certificate_no": c, "name": c} for c in team],
        member_codes=team,
        window_start=start,
        window_end=end,
    )


def _keys() -> list[str]:
    return [f"{CODE}:{CODE}-D000951", f"{CODE}:{CODE}-D000952"]


def test_merge_in_one_organisation_folds_the_inspections(org: Any, staff: User) -> None:
    first = _drawn(org, 1, "ZJ-001", date(2026, 5, 1), date(2026, 5, 31), ["C-1", "C-2"])
    second = _drawn(org, 2, "ZJ-002", date(2026, 5, 10), date(2026, 6, 20), ["C-2", "C-3"])
    inspector = User.objects.get(username="mangshi.inspector")
    InspectorAccount.objects.update_or_create(user=inspector, defaults={"certificate_no": "C-3"})
    assert list(own_inspections(inspector)) == [second]

    merge = merges.accept_merge(
        org, entity_code=ENTITY, plan_year=2026, visit_keys=_keys(), acting_user=staff
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.reference == f"{CODE}-D000951-001" and first.status == InspectionStatus.OPEN
    assert [it["code"] for it in first.items] == ["ZJ-001", "ZJ-002"]
    assert first.member_codes == ["C-1", "C-2", "C-3"]
    assert [m["certificate_no"] for m in first.members] == ["C-1", "C-2", "C-3"]
    assert (first.window_start, first.window_end) == (date(2026, 5, 10), date(2026, 5, 31))
    # The other is kept, linked, and out of "my inspections" and the to-record lists.
    assert second.status == InspectionStatus.MERGED and second.merged_into_id == first.pk
    assert list(own_inspections(inspector)) == [first]
    assert Inspection.objects.filter(status__in=["open", "returned"]).count() == 1
    work = {w.key: w.count for w in workbench(access_to(staff, org), staff)}
    assert work["inspections_record"] == 1
    assert InspectionProgress.objects.get(reference=second.reference).status == "merged"
    fold = AuditRecord.objects.get(operation="inspections.fold")
    assert fold.object_id == str(first.pk)
    assert fold.after["merged"] == [second.reference]
    audit = AuditRecord.objects.get(operation="ledger.merge", object_id=str(merge.pk))
    assert audit.after["folded"][0]["inspection"] == first.reference


def test_fold_refused_when_a_record_is_confirmed(org: Any, staff: User) -> None:
    _drawn(org, 1, "ZJ-001", date(2026, 5, 1), date(2026, 5, 31), ["C-1", "C-2"])
    second = _drawn(org, 2, "ZJ-002", date(2026, 5, 10), date(2026, 6, 20), ["C-2", "C-3"])
    OnSiteRecord.objects.create(inspection=second, status=RecordStatus.CONFIRMED)
    with pytest.raises(FieldError) as exc:
        merges.accept_merge(
            org, entity_code=ENTITY, plan_year=2026, visit_keys=_keys(), acting_user=staff
        )
    assert exc.value.code == "recorded"
    assert second.reference in exc.value.message and "现场检查笔录" in exc.value.message
    assert not VisitMerge.objects.filter(entity_code=ENTITY).exists()
    assert not Inspection.objects.filter(status=InspectionStatus.MERGED).exists()


def test_across_organisations_each_keeps_its_inspection(org: Any, staff: User) -> None:
    mine = _drawn(org, 1, "ZJ-001", date(2026, 5, 1), date(2026, 5, 31), ["C-1", "C-2"])
    record_draw_visits(
        organisation_id=Organisation.objects.get(code="533100").pk,
        entity_codes=[ENTITY],
        items=[LedgerItem("SJ-101", 1, "market_supervision")],
        inspected_on=date(2026, 5, 20),
        period_end=date(2026, 6, 20),
        plan_year=2026,
        draw_reference="533100:533100-D000952",
    )
    merges.accept_merge(
        org,
        entity_code=ENTITY,
        plan_year=2026,
        visit_keys=[f"{CODE}:{CODE}-D000951", "533100:533100-D000952"],
        acting_user=staff,
    )
    mine.refresh_from_db()
    assert mine.status == InspectionStatus.OPEN and [it["code"] for it in mine.items] == ["ZJ-001"]
    assert not AuditRecord.objects.filter(operation="inspections.fold").exists()


def test_inspection_opened_after_the_merge_joins_the_open_one(org: Any, staff: User) -> None:
    from suiji_tenants.inspections.services import open_inspections_for_draw

    first = _drawn(org, 1, "ZJ-001", date(2026, 5, 1), date(2026, 5, 31), ["C-1", "C-2"])
    record_draw_visits(
        organisation_id=org.pk,
        entity_codes=[ENTITY],
        items=[LedgerItem("ZJ-002", 1, "housing")],
        inspected_on=date(2026, 5, 10),
        period_end=date(2026, 6, 20),
        plan_year=2026,
        draw_reference=f"{CODE}:{CODE}-D000952",
    )
    # The second draw is executed and merged but not yet published: one inspection so far.
    merges.accept_merge(
        org, entity_code=ENTITY, plan_year=2026, visit_keys=_keys(), acting_user=staff
    )
    assert Inspection.objects.count() == 1
    handover = {
        "draw_reference": f"{CODE}-D000952",
        "plan_year": 2026,
        "items": [{"code": "ZJ-002", "version": 1, "name": "ZJ-002", "department": "housing"}],
        "window": {"start": "2026-05-10", "end": "2026-06-20"},
        "targets": [
            {
                "code": ENTITY,
                "name": "测试企业21",
                "team_number": 1,
                "members": [{"role": "officer", "certificate_no": "C-3", "name": "C-3"}],
            }
        ],
    }
    assert open_inspections_for_draw(handover, organisation=org, acting_user=staff) == 1
    first.refresh_from_db()
    second = Inspection.objects.get(draw_reference=f"{CODE}-D000952")
    assert second.status == InspectionStatus.MERGED and second.merged_into_id == first.pk
    assert [it["code"] for it in first.items] == ["ZJ-001", "ZJ-002"]
    assert first.member_codes == ["C-1", "C-2", "C-3"]
    assert Inspection.objects.exclude(status=InspectionStatus.MERGED).count() == 1


def test_the_merged_inspection_points_to_its_keeper_and_takes_no_record(
    org: Any, staff: User, as_user: Any
) -> None:
    from graphql_relay import to_global_id

    first = _drawn(org, 1, "ZJ-001", date(2026, 5, 1), date(2026, 5, 31), ["C-1", "C-2"])
    second = _drawn(org, 2, "ZJ-002", date(2026, 5, 10), date(2026, 6, 20), ["C-2", "C-3"])
    merges.accept_merge(
        org, entity_code=ENTITY, plan_year=2026, visit_keys=_keys(), acting_user=staff
    )
    second.refresh_from_db()
    with pytest.raises(FieldError) as exc:
        require_edit(second, access_to(staff, org), staff)
    assert exc.value.code == "merged" and first.reference in exc.value.message
    query = "query($id:ID!){ inspection(id:$id){ status canEdit mergedIntoReference } }"
    result = as_user("mangshi.admin").post(
        query, {"id": to_global_id("Inspection", second.pk)}, org=CODE
    )
    assert result["data"]["inspection"] == {
        "status": "MERGED",
        "canEdit": False,
        "mergedIntoReference": first.reference,
    }
