"""Data for draw tests, written in an organisation's schema: registries rows and a published
plan made through the plan services."""

from datetime import date
from typing import Any

from suiji_platform.accounts.access import Access, access_to
from suiji_platform.accounts.models import User
from suiji_tenants.plans import services as plans
from suiji_tenants.plans.models import PlanTask
from suiji_tenants.registries.models import MarketEntity

from ..plans.factories import make_entities, make_item, make_officers

__all__ = ["make_entities", "make_item", "make_officers", "published_task", "setup_county"]

WINDOW = (date(2026, 12, 1), date(2026, 12, 31))


def published_task(
    organisation: Any,
    *,
    item_codes: tuple[str, ...] = ("ZJ-001",),
    year: int = 2026,
    ratio_bp: int = 1000,
    officers_per_team: int = 2,
    targets_per_team: int = 3,
    sampling_mode: str = "ratio",
    target_count: int | None = None,
    access: Access | None = None,
    rounds: int = 1,
    target_kind: str = "entity",
) -> PlanTask:
    admin = User.objects.get(username="mangshi.admin")
    access = access or access_to(admin, organisation)
    assert access is not None
    kw = {"organisation": organisation, "acting_user": admin}
    plan = plans.create_plan(year=year, title="", **kw)
    task = plans.create_task(
        plan,
        plans.TaskInput(
            title="资质检查",
            target_kind=target_kind,
            item_codes=list(item_codes),
            rounds=[plans.RoundInput(*WINDOW) for _ in range(rounds)],
            sampling_mode=sampling_mode,
            ratio_bp=ratio_bp if sampling_mode == "ratio" else None,
            target_count=target_count,
            officers_per_team=officers_per_team,
            targets_per_team=targets_per_team,
        ),
        access=access,
        **kw,
    )
    for action in ("submit", "consolidate", "report", "publish"):
        plan = plans.transition_plan(
            plan, action, access=access, recipient="州住建局" if action == "report" else "", **kw
        )
    return task


def setup_county(
    organisation: Any,
    *,
    per_stratum: int = 30,
    officers: int = 12,
    access: Access | None = None,
    rounds: int = 1,
) -> PlanTask:
    """Two regions × two credit classes of `per_stratum` entities, officers, one item."""
    make_item("ZJ-001")
    start = 0
    for region in ("勐焕街道", "芒市镇"):
        for credit in ("B", "D"):
            make_entities(per_stratum, region=region, credit_class=credit, start=start)
            start += per_stratum
    make_officers(officers)
    assert MarketEntity.objects.count() == start
    return published_task(organisation, access=access, rounds=rounds)
