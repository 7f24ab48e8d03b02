"""Two tasks of one published plan (different items or the same), for visit-cap and merge
tests; written through the plan services like the draw factories."""

from typing import Any

from suiji_platform.accounts.access import Access, access_to
from suiji_platform.accounts.models import User
from suiji_tenants.plans import services as plans
from suiji_tenants.plans.models import PlanTask

from ..draws.factories import WINDOW, make_entities, make_item, make_officers


def county_with_tasks(
    organisation: Any,
    *,
    entities: int = 40,
    tasks: tuple[tuple[tuple[str, ...], int], ...] = ((("ZJ-001",), 2500), (("ZJ-002",), 10000)),
    access: Access | None = None,
    year: int = 2026,
) -> list[PlanTask]:
    """`entities` entities in one stratum, officers, and one task per (items, ratio in bp)."""
    for code in sorted({c for items, _ in tasks for c in items}):
        make_item(code)
    make_entities(entities)
    make_officers(8)
    admin = User.objects.get(username="mangshi.admin")
    access = access or access_to(admin, organisation)
    assert access is not None
    kw = {"organisation": organisation, "acting_user": admin}
    plan = plans.create_plan(year=year, title="", **kw)
    out = []
    for n, (items, ratio) in enumerate(tasks):
        out.append(
            plans.create_task(
                plan,
                plans.TaskInput(
                    title=f"任务{n + 1}",
                    item_codes=list(items),
                    rounds=[plans.RoundInput(*WINDOW)],
                    sampling_mode="ratio",
                    ratio_bp=ratio,
                    officers_per_team=2,
                    targets_per_team=100,
                ),
                access=access,
                **kw,
            )
        )
    for action in ("submit", "consolidate", "report", "publish"):
        plan = plans.transition_plan(
            plan, action, access=access, recipient="州住建局" if action == "report" else "", **kw
        )
    return out
