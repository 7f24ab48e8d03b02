"""A county under attack (瑞丽市 533102) holding one row of every kind the API can read, with
personal data and marker texts that must never reach anyone without the rights to it; and the
users who attack it."""

from datetime import date
from typing import Any

from django.utils import timezone
from django_tenants.utils import schema_context
from graphql_relay import to_global_id

from suiji_platform.accounts.access import Access, access_to
from suiji_platform.accounts.models import Role, User
from suiji_platform.organisations.models import Organisation

VICTIM = "533102"  # 瑞丽市
ATTACKER = "533103"  # 芒市
PREFECTURE = "533100"

ID_NUMBER = "533102198001011231"
PHONE = "13987654321"
MARKER = "瑞丽机密"

# Every role of the README's demo accounts.
USERS = [
    None,  # anonymous
    "dehong.admin",
    "dehong.staff",
    "dehong.auditor",
    "dehong.inspector",
    "dehong.partner",
    "mangshi.admin",
    "mangshi.staff",
    "mangshi.inspector",
    "mangshi.partner",
    "ruili.admin",
    "ruili.staff",
    "ruili.inspector",
    "ruili.partner",
]


def access_of(username: str | None, code: str) -> Access | None:
    if username is None:
        return None
    return access_to(User.objects.get(username=username), Organisation.objects.get(code=code))


def build_victim() -> dict[str, Any]:
    """瑞丽市 with registries, a published plan, a draw, a targeted inspection and a conflict,
    all through the services; returns the global IDs of one row of each node type."""
    from suiji_tenants.audit.models import AuditRecord
    from suiji_tenants.draws import services as draws
    from suiji_tenants.inspections import targeted as targeted_inspections
    from suiji_tenants.registries import services as registries
    from suiji_tenants.registries.models import Inspector, MarketEntity, Project

    from ..tenants.draws.factories import setup_county

    org = Organisation.objects.get(code=VICTIM)
    admin = User.objects.get(username="ruili.admin")
    with schema_context(org.schema_name):
        task = setup_county(
            org,
            per_stratum=3,
            officers=6,
            access=Access(org, frozenset({Role.COUNTY_ADMIN}), read_only=False),
        )
        Inspector.objects.update(id_number=ID_NUMBER, contact_phone=PHONE, unit=MARKER)
        MarketEntity.objects.update(contact_phone=PHONE)
        entity = MarketEntity.objects.order_by("pk").first()
        assert entity is not None
        entity.name = f"{MARKER}公司"
        entity.save(update_fields=["name"])
        project = Project.objects.create(
            code="XM-RL-1", name=f"{MARKER}项目", contact_phone=PHONE, responsible_entity=entity
        )
        inspector = Inspector.objects.order_by("pk").first()
        assert inspector is not None
        conflict = registries.declare_conflict(
            inspector=inspector, entity=entity, kind="kinship", reason=MARKER, acting_user=admin
        )
        draw = draws.create_draw(task, 1, organisation=org, acting_user=admin)
        targeted = targeted_inspections.register_targeted_inspection(
            uscc=entity.uscc,
            reason="complaint",
            started_on=date(2026, 11, 1),
            item_codes=["ZJ-001"],
            description=MARKER,
            organisation=org,
            acting_user=admin,
        )
        # One inspection with its record and report (rows written directly: the attack
        # suite needs one of each node type, not the inspection workflow).
        from suiji_tenants.inspections import models as inspections

        inspection = inspections.Inspection.objects.create(
            reference=f"JC-{VICTIM}-ATTACK-1",
            plan_year=2026,
            target_code=entity.uscc,
            target_name=f"{MARKER}公司",
            window_start=date(2026, 11, 1),
            window_end=date(2026, 11, 30),
        )
        record = inspections.OnSiteRecord.objects.create(inspection=inspection, place=MARKER)
        report = inspections.InspectionReport.objects.create(
            inspection=inspection,
            record=record,
            inspected_on=date(2026, 11, 2),
            content=MARKER,
            methods=MARKER,
            situation=MARKER,
        )
        evidence = inspections.Evidence.objects.create(
            inspection=inspection,
            record=record,
            sha256="0" * 64,
            size=1,
            content_type="image/jpeg",
            kind="photo",
            source=MARKER,
        )
        referral = inspections.Referral.objects.create(
            inspection=inspection,
            record=record,
            finding_index=0,
            finding=MARKER,
            kind="referred",
            status="to_send",
            status_since=timezone.now(),
        )
        # A joint plan row (joint plans are the prefecture's; the suite needs one row).
        from suiji_tenants.plans.models import JointPlan

        joint_plan = JointPlan.objects.create(plan_id=task.plan_id, title=f"{MARKER}联合抽查")
        audit = AuditRecord.objects.order_by("-seq").first()
        assert audit is not None
        rows = {
            "JointPlan": joint_plan.pk,
            "Draw": draw.pk,
            "TargetedInspection": targeted.pk,
            "AnnualPlan": task.plan_id,
            "PlanTask": task.pk,
            "InspectionItem": task.task_items.first().item_id,  # type: ignore[union-attr]
            "AuditRecord": audit.pk,
            "MarketEntity": entity.pk,
            "Project": project.pk,
            "Inspector": inspector.pk,
            "Conflict": conflict.pk,
            "Organisation": org.pk,
            "Inspection": inspection.pk,
            "OnSiteRecord": record.pk,
            "InspectionReport": report.pk,
            "Evidence": evidence.pk,
            "Referral": referral.pk,
        }
    return {
        "org": org,
        "pks": rows,
        "ids": {name: to_global_id(name, pk) for name, pk in rows.items()},
    }


def audit_state(code: str) -> tuple[int, str]:
    """The audit chain's length and head: a refused mutation changes neither."""
    from suiji_tenants.audit.models import AuditRecord

    org = Organisation.objects.get(code=code)
    with schema_context(org.schema_name):
        head = AuditRecord.objects.order_by("-seq").values_list("hash", flat=True).first()
        return AuditRecord.objects.count(), head or ""
