"""Data for joint-draw tests: entities in county schemas (with their public index rows, as the
registries write them), the prefecture's items and officers of several departments, and a
published joint task made through the plan services."""

from datetime import date
from typing import Any

from django_tenants.utils import schema_context

from suiji_platform.accounts.access import access_to
from suiji_platform.accounts.models import User
from suiji_platform.index.inspectors import sync_inspectors
from suiji_platform.index.services import upsert_index_rows
from suiji_platform.organisations.models import Organisation
from suiji_tenants.plans import joint
from suiji_tenants.plans import services as plans
from suiji_tenants.plans.models import PlanTask
from suiji_tenants.registries.models import (
    InspectionItem,
    InspectionItemVersion,
    Inspector,
    MarketEntity,
)
from suiji_tenants.registries.services import index_row

PREFECTURE = "533100"
COUNTIES = ("533103", "533102")
WINDOW = (date(2026, 12, 1), date(2026, 12, 31))
CATEGORY = {"housing": "建筑市场", "market_supervision": "市场监管", "fire": "消防安全"}


def county_entities(
    code: str, n: int, *, prefix: str, credit: str = "B", nature: str = ""
) -> list[str]:
    """`n` active entities in the county's registry and the public index (the index rows as
    the registry's service writes them)."""
    county = Organisation.objects.get(code=code)
    usccs = [f"{prefix}{i:014d}" for i in range(n)]
    with schema_context(county.schema_name):
        created = MarketEntity.objects.bulk_create(
            MarketEntity(
                name=f"{county.name}企业{i}",
                uscc=u,
                entity_type="建筑业企业",
                nature=nature,
                region=county.name[:3],
                credit_class=credit,
            )
            for i, u in enumerate(usccs)
        )
        upsert_index_rows([index_row("entities", e) for e in created], organisation=county)
    return usccs


def department_item(code: str, department: str) -> InspectionItem:
    item = InspectionItem.objects.create(
        code=code,
        name=f"{CATEGORY[department]}事项{code}",
        legal_basis="《中华人民共和国行政处罚法》",
        responsible_body="德宏州",
        content="检查内容",
        method="现场检查",
        department=department,
        enforcement_category=CATEGORY[department],
        effective_from=date(2025, 1, 1),
    )
    InspectionItemVersion.objects.create(
        item=item,
        version=1,
        name=item.name,
        legal_basis=item.legal_basis,
        responsible_body=item.responsible_body,
        content=item.content,
        method=item.method,
        department=department,
        enforcement_category=item.enforcement_category,
        effective_from=item.effective_from,
    )
    return item


def department_officers(department: str, n: int, *, start: int = 0) -> None:
    Inspector.objects.bulk_create(
        Inspector(
            name=f"{CATEGORY[department]}执法员{start + i}",
            certificate_no=f"{department[:2].upper()}{start + i:06d}",
            certificate_valid_until=date(2027, 12, 31),
            department=department,
            categories=[CATEGORY[department]],
        )
        for i in range(n)
    )


def county_officers(code: str, department: str, n: int, *, prefix: str = "") -> list[Inspector]:
    """`n` officers of the department in a county's registry, indexed as the importer does
    (the public inspector index, same transaction)."""
    county = Organisation.objects.get(code=code)
    with schema_context(county.schema_name):
        people = Inspector.objects.bulk_create(
            Inspector(
                name=f"{county.name}{CATEGORY[department]}执法员{i}",
                certificate_no=f"{prefix or code[-2:]}{department[:2].upper()}{i:06d}",
                certificate_valid_until=date(2027, 12, 31),
                department=department,
                categories=[CATEGORY[department]],
            )
            for i in range(n)
        )
        sync_inspectors(county)
    return people


def admin_kw(prefecture: Organisation) -> dict[str, Any]:
    admin = User.objects.get(username="dehong.admin")
    access = access_to(admin, prefecture)
    assert access is not None
    return {"organisation": prefecture, "acting_user": admin, "access": access}


def joint_input(joint_plan_id: int, **changes: Any) -> plans.TaskInput:
    values: dict[str, Any] = {
        "title": "建筑施工企业跨部门联合抽查",
        "item_codes": ["LH-ZJ", "LH-SJ", "LH-XF"],
        "rounds": [plans.RoundInput(*WINDOW)],
        "departments": ["market_supervision", "fire"],
        "lead_department": "housing",
        "counties": list(COUNTIES),
        "joint_mode": "prefecture",
        "ratio_bp": 100,
        "officers_per_team": 3,
        "targets_per_team": 2,
        "joint_plan_id": joint_plan_id,
    }
    values.update(changes)
    return plans.TaskInput(**values)


def joint_setup(prefecture: Organisation, *, officers: int = 6, **changes: Any) -> PlanTask:
    """Items of housing, market supervision and fire; officers of each; a draft plan with a
    joint plan and one joint task (not published)."""
    department_item("LH-ZJ", "housing")
    department_item("LH-SJ", "market_supervision")
    department_item("LH-XF", "fire")
    for dept in ("housing", "market_supervision", "fire"):
        department_officers(dept, officers)
    kw = admin_kw(prefecture)
    plan = plans.create_plan(
        year=2026, title="", organisation=kw["organisation"], acting_user=kw["acting_user"]
    )
    jp = joint.create_joint_plan(plan, title="2026年度部门联合抽查计划", **kw)
    return plans.create_task(plan, joint_input(jp.pk, **changes), **kw)


def publish(task: PlanTask, prefecture: Organisation) -> None:
    kw = admin_kw(prefecture)
    plan = task.plan
    for action in ("submit", "consolidate", "report", "publish"):
        plan = plans.transition_plan(
            plan,
            action,
            recipient="州司法局" if action == "report" else "",
            on_date=date(2025, 12, 20) if action == "report" else None,
            **kw,
        )
