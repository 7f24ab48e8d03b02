"""Targeted inspections (R16): complaints and reports, big-data monitoring, handed-over or
assigned cases and safety-critical matters are inspected without a draw, and recorded apart.

They live here, with the inspections, not in the draws: a targeted inspection writes its row
of the inspection ledger (`suiji_platform.ledger`), and the draws exclude its target while it
is open by reading that ledger only (the draws never import this module or its model).
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from suiji_platform.ledger import services as ledger
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.services import record_audit
from suiji_tenants.registries.codes import normalise_code, unstorable_character
from suiji_tenants.registries.models import Department, InspectionItem, MarketEntity, Project

from .models import Inspection, InspectionSource, TargetedInspection, TargetedReason


def inspection_reference(ti: TargetedInspection, organisation: Organisation) -> str:
    return f"{organisation.code}-DX{ti.pk:06d}"


def open_targeted_inspection(
    ti: TargetedInspection, items: Sequence[InspectionItem], organisation: Organisation
) -> Inspection:
    """The targeted inspection's `Inspection` (marked `source=targeted`), with its items and
    their checklist points, so it gets an on-site record and a report like a drawn one. No
    team is drawn: the business sections (`manage_inspections`) fill it. Its result is never
    written to the public results index (R16)."""
    from .services import checklist_points

    target = ti.entity if ti.entity is not None else ti.project
    address = getattr(target, "address", "") or getattr(target, "location", "") or ""
    return Inspection.objects.create(
        reference=inspection_reference(ti, organisation),
        source=InspectionSource.TARGETED,
        plan_year=ti.started_on.year,
        task_title=f"定向检查（{TargetedReason(ti.reason).label}）",
        target_kind="project" if ti.project_id else "entity",
        target_code=ti.code,
        target_name=ti.target_name,
        target_address=address,
        items=[
            {
                "code": it.code,
                "version": it.version,
                "name": it.name,
                "department": it.department,
                "content": it.content,
                "legal_basis": it.legal_basis,
                "points": checklist_points(it.content),
            }
            for it in items
        ],
        window_start=ti.started_on,
        window_end=ti.started_on,
    )


@transaction.atomic
def register_targeted_inspection(
    *,
    uscc: str = "",
    project_code: str = "",
    reason: str,
    started_on: date,
    item_codes: Sequence[str] = (),
    description: str = "",
    organisation: Organisation,
    acting_user: Any,
) -> TargetedInspection:
    """R16: complaints and reports, big-data monitoring, handed-over cases and safety-critical
    matters (building without approval, lifetime quality responsibility: often a construction
    project) are inspected without a draw. Of a market entity (``uscc``) or a project
    (``project_code``). They count in the ledger and exclude the target from every draw of
    its kind while open."""
    uscc, project_code = normalise_code(uscc).upper(), normalise_code(project_code)
    for name, value in (("uscc", uscc), ("projectCode", project_code)):
        if unstorable_character(value):
            raise FieldError(name, "invalid_character", "代码中含有无效字符，请重新输入。")
    entity, project = None, None
    if uscc and project_code:
        raise FieldError("projectCode", "one_target", "请只填写统一社会信用代码或项目代码之一。")
    if project_code:
        project = Project.objects.filter(code=project_code).first()
        if project is None:
            raise FieldError(
                "projectCode", "not_found", f"名录库中没有项目代码为“{project_code}”的工程项目。"
            )
    else:
        if not uscc:
            raise FieldError("uscc", "required", "请填写统一社会信用代码或项目代码。")
        entity = MarketEntity.objects.filter(uscc=uscc).first()
        if entity is None:
            raise FieldError(
                "uscc", "not_found", f"名录库中没有统一社会信用代码为“{uscc}”的市场主体。"
            )
    if reason not in TargetedReason.values:
        raise FieldError(
            "reason",
            "invalid",
            "检查原因应为：投诉举报、大数据监测、转办交办案件或安全生产等重点领域。",
        )
    codes = sorted(set(item_codes))
    items = {i.code: i for i in InspectionItem.objects.filter(code__in=codes)}
    for n, code in enumerate(codes):
        if code not in items:
            raise FieldError(f"itemCodes.{n}", "not_found", f"事项清单中没有编码为“{code}”的事项。")
    ti = TargetedInspection.objects.create(
        entity=entity,
        project=project,
        reason=reason,
        description=description.strip(),
        item_codes=codes,
        started_on=started_on,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    open_targeted_inspection(ti, [items[c] for c in codes], organisation)
    ledger_items = [ledger.LedgerItem(c, items[c].version, items[c].department) for c in codes] or [
        ledger.LedgerItem("*", None, Department.HOUSING.value)
    ]
    ledger.record_targeted(
        organisation_id=organisation.pk,
        entity_code=ti.code,
        items=ledger_items,
        inspected_on=started_on,
        reference=f"{organisation.code}:{ti.reference}",
    )
    record_audit(
        "targeted.register",
        object_type="TargetedInspection",
        object_id=ti.pk,
        after={
            "target": "project" if project is not None else "entity",
            "code": ti.code,
            "reason": reason,
            "items": codes,
            "started_on": started_on.isoformat(),
        },
        actor=acting_user,
        organisation_code=organisation.code,
    )
    return ti


@transaction.atomic
def close_targeted_inspection(
    ti: TargetedInspection, *, closed_on: date, organisation: Organisation, acting_user: Any
) -> TargetedInspection:
    ti = TargetedInspection.objects.select_for_update().get(pk=ti.pk)
    if ti.closed_on is not None:
        raise FieldError("id", "already_closed", "该定向检查已结案。")
    if closed_on < ti.started_on:
        raise FieldError("closedOn", "invalid", "结案日期不能早于开始日期。")
    ti.closed_on = closed_on
    ti.save(update_fields=["closed_on"])
    ledger.close_targeted(f"{organisation.code}:{ti.reference}", closed_on)
    record_audit(
        "targeted.close",
        object_type="TargetedInspection",
        object_id=ti.pk,
        after={"closed_on": closed_on.isoformat()},
        actor=acting_user,
        organisation_code=organisation.code,
    )
    return ti
