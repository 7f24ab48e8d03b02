"""Verbs on the list and registries. Each runs in one transaction that also writes the audit
trail and, for entities and projects, the prefecture-wide index in the public schema."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from suiji_platform.index.inspectors import sync_inspectors
from suiji_platform.index.models import IndexKind
from suiji_platform.index.services import (
    current_organisation,
    remove_index_row,
    upsert_index_rows,
)
from suiji_platform.ledger.models import LedgerEntry
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.audit.services import record_audit

from . import crypto
from .codes import normalise_code
from .models import (
    Conflict,
    CreditClass,
    Department,
    EntityStatus,
    InspectionItem,
    InspectionItemVersion,
    Inspector,
    MarketEntity,
    Project,
)
from .validation import DEFAULTS, SPECS, RegistrySpec, clean_record

RegistryModel = InspectionItem | MarketEntity | Project | Inspector

MODELS: dict[str, type[RegistryModel]] = {
    "items": InspectionItem,
    "entities": MarketEntity,
    "projects": Project,
    "inspectors": Inspector,
}
OBJECT_TYPES = {
    "items": "InspectionItem",
    "entities": "MarketEntity",
    "projects": "Project",
    "inspectors": "Inspector",
    "conflicts": "Conflict",
}


# The field that identifies an entity or a project, and keys everything derived from it: the
# prefecture-wide index, the conflicts' index, the inspection ledger, draws and inspections.
CODE_FIELDS = {"entities": "uscc", "projects": "code"}
INDEX_KINDS = {"entities": IndexKind.ENTITY, "projects": IndexKind.PROJECT}


def _check_code_change(kind: str, obj: Any, values: dict[str, Any]) -> FieldError | None:
    """A code may be corrected (a typing error) as long as nothing is recorded under it: once
    the entity or project has been drawn or inspected, its history is keyed by the code."""
    field = CODE_FIELDS.get(kind)
    if field is None or obj.pk is None or field not in values:
        return None
    old = getattr(obj, field)
    if values[field] == old or not LedgerEntry.objects.filter(entity_code=old).exists():
        return None
    label = "统一社会信用代码" if kind == "entities" else "项目代码"
    return FieldError(
        field,
        "code_has_history",
        f"该{'市场主体' if kind == 'entities' else '项目'}已有抽查或检查记录，{label}不能修改；"
        f"如登记有误，请将其注销后按正确的{label}重新登记。",
    )


def _move_code(kind: str, obj: Any, old: str) -> None:
    """After a corrected code: the index row of the old code goes, and the conflicts declared
    on the entity are indexed under its new code (same transaction)."""
    remove_index_row(INDEX_KINDS[kind], old)
    if kind == "entities":
        inspectors = list(
            Conflict.objects.filter(entity=obj).values_list("inspector_id", flat=True).distinct()
        )
        if inspectors:
            sync_inspectors(current_organisation(), inspectors)


def raise_errors(errors: list[FieldError]) -> None:
    if not errors:
        return
    if len(errors) == 1:
        raise errors[0]
    by_field: dict[str, list[ValidationError]] = {}
    for e in errors:
        by_field.setdefault(e.field, []).append(ValidationError(e.message, code=e.code))
    raise ValidationError(by_field)


def snapshot(kind: str, obj: Any) -> dict[str, Any]:
    """What the audit trail keeps of a record: every field except personal data in clear."""
    spec = SPECS[kind]
    data: dict[str, Any] = {}
    for f in spec.fields:
        if f.name == "responsible_entity_uscc":
            entity = obj.responsible_entity
            data[f.name] = entity.uscc if entity else ""
        elif f.name == "id_number":
            data["id_number_masked"] = obj.id_number_masked
        elif f.name == "contact_phone":
            data["contact_phone_masked"] = crypto.mask_phone(obj.contact_phone)
        else:
            value = getattr(obj, f.name)
            data[f.name] = value.isoformat() if isinstance(value, dt.date) else value
    if kind == "items":
        data["version"] = obj.version
    return data


def index_row(kind: str, obj: Any) -> dict[str, Any]:
    if kind == "entities":
        return {
            "kind": IndexKind.ENTITY,
            "uscc": obj.uscc,
            "name": obj.name,
            "type": obj.entity_type,
            "nature": obj.nature,
            "region": obj.region,
            "credit_class": obj.credit_class,
            "status": obj.status,
        }
    entity = obj.responsible_entity
    return {
        "kind": IndexKind.PROJECT,
        "uscc": obj.code,
        "name": obj.name,
        "type": "工程项目",
        "nature": "",
        "region": obj.region,
        "credit_class": entity.credit_class if entity else "",
        "status": obj.construction_status,
    }


def _audit(operation: str, kind: str, obj: Any, before: Any, after: Any, actor: Any) -> None:
    record_audit(
        operation,
        object_type=OBJECT_TYPES[kind],
        object_id=obj.pk,
        before=before,
        after=after,
        actor=actor,
        organisation_code=current_organisation().code,
    )


def apply_values(kind: str, obj: Any, values: dict[str, Any]) -> None:
    """Copy cleaned values onto a model instance (resolving derived columns)."""
    for name, value in values.items():
        if name == "responsible_entity_uscc":
            continue
        setattr(obj, name, value)
        if name == "id_number":
            obj.id_number_hash = crypto.blind_index(value)
            obj.id_number_masked = crypto.mask_id_number(value)


def _check_unique(kind: str, obj: Any, values: dict[str, Any]) -> list[FieldError]:
    spec = SPECS[kind]
    model = MODELS[kind]
    errors = []
    key_value = values.get(spec.key)
    if key_value:
        clash = model.objects.filter(**{spec.key: key_value}).exclude(pk=obj.pk).exists()
        if clash:
            label = spec.by_name[spec.key].label
            errors.append(
                FieldError(spec.key, "duplicate", f"{label} {key_value} 已在{spec.label}中登记。")
            )
    if kind == "inspectors" and values.get("id_number"):
        digest = crypto.blind_index(values["id_number"])
        if Inspector.objects.filter(id_number_hash=digest).exclude(pk=obj.pk).exists():
            errors.append(
                FieldError("id_number", "duplicate", "该身份证号已在执法检查人员名录库中登记。")
            )
    return errors


def _resolve_entity(values: dict[str, Any]) -> tuple[Any, list[FieldError]]:
    code = values.get("responsible_entity_uscc")
    if not code:
        return None, []
    entity = MarketEntity.objects.filter(uscc=code).first()
    if entity is None:
        return None, [
            FieldError(
                "responsible_entity_uscc",
                "not_found",
                f"市场主体名录库中没有统一社会信用代码为 {code} 的主体，请先登记该主体。",
            )
        ]
    return entity, []


@transaction.atomic
def save_record(
    kind: str,
    raw: dict[str, Any],
    *,
    instance: Any = None,
    acting_user: Any = None,
    effective_from: dt.date | None = None,
    department: str | None = None,
) -> Any:
    """Create (instance None) or update a record of a registry from raw input; raises
    FieldError/ValidationError naming every bad field. Items get a new version on change.

    ``department``: the caller maintains only that department's items and inspectors (partner
    staff, ``accounts.access.registry_department``); None: every department."""
    spec: RegistrySpec = SPECS[kind]
    creating = instance is None
    if department is not None:
        check_department(kind, instance, department)
    if creating:
        raw = {**{f.name: "" for f in spec.fields}, **raw}
        if department and not raw.get("department"):
            raw["department"] = department
    values, errors = clean_record(spec, raw)
    obj = instance or MODELS[kind]()
    if creating:
        for name, default in DEFAULTS.get(kind, {}).items():
            values.setdefault(name, default)
    errors += _check_unique(kind, obj, values)
    code_error = _check_code_change(kind, obj, values)
    if code_error is not None:
        errors.append(code_error)
    if department is not None and values.get("department", getattr(obj, "department", "")) != (
        department
    ):
        errors.append(
            FieldError(
                "department",
                "other_department",
                f"您只能维护{Department(department).label if department else '本部门'}的记录，"
                "部门一栏须为本部门。",
            )
        )
    entity = None
    if kind == "projects" and "responsible_entity_uscc" in values:
        entity, more = _resolve_entity(values)
        errors += more
    if kind == "inspectors" and not creating:
        from .validation import cross_checks

        merged = {f.name: getattr(obj, f.name) for f in spec.fields if f.name != "id_number"}
        merged.update(values)
        errors += [
            e for e in cross_checks(spec, merged) if e.field not in {x.field for x in errors}
        ]
    raise_errors(errors)

    before = None if creating else snapshot(kind, obj)
    old_code = getattr(obj, CODE_FIELDS[kind]) if kind in CODE_FIELDS and not creating else None
    if kind == "items":
        assert isinstance(obj, InspectionItem)
        return _save_item(obj, values, before, acting_user, effective_from)
    apply_values(kind, obj, values)
    if kind == "projects" and "responsible_entity_uscc" in values:
        assert isinstance(obj, Project)
        obj.responsible_entity = entity
    if kind == "entities" and not creating and before:
        assert isinstance(obj, MarketEntity)
        if before["status"] != obj.status:
            obj.status_changed_on = obj.status_changed_on or timezone.localdate()
    obj.save()
    after = snapshot(kind, obj)
    if not creating and after == before:
        return obj
    if kind in ("entities", "projects"):
        if old_code is not None and old_code != getattr(obj, CODE_FIELDS[kind]):
            _move_code(kind, obj, old_code)
        upsert_index_rows([index_row(kind, obj)])
    if kind == "inspectors":
        sync_inspectors(current_organisation(), [obj.pk])
    _audit(
        f"registries.{kind}.{'create' if creating else 'update'}",
        kind,
        obj,
        before,
        after,
        acting_user,
    )
    return obj


def check_department(kind: str, instance: Any, department: str) -> None:
    """A partner user maintains their own department's items and inspectors, nothing else."""
    own = Department(department).label if department in Department.values else "本部门"
    if kind not in ("items", "inspectors"):
        raise FieldError(
            "department",
            "other_department",
            f"协作部门人员只能维护本部门（{own}）的抽查事项和执法检查人员。",
        )
    if instance is not None and instance.department != department:
        theirs = Department(instance.department).label
        raise FieldError(
            "department",
            "other_department",
            f"该记录属于{theirs}部门，您只能维护本部门（{own}）的记录。",
        )


def _item_version(item: InspectionItem, acting_user: Any) -> InspectionItemVersion:
    return InspectionItemVersion(
        item=item,
        version=item.version,
        name=item.name,
        legal_basis=item.legal_basis,
        responsible_body=item.responsible_body,
        content=item.content,
        method=item.method,
        department=item.department,
        enforcement_category=item.enforcement_category,
        needs_expert=item.needs_expert,
        active=item.active,
        effective_from=item.effective_from,
        changed_by_id=getattr(acting_user, "pk", None),
    )


def _save_item(
    item: InspectionItem,
    values: dict[str, Any],
    before: Any,
    acting_user: Any,
    effective_from: dt.date | None,
) -> InspectionItem:
    """R1/D8: the list changes with the law; every change is a new version with its dates."""
    creating = before is None
    start = effective_from or values.pop("effective_from", None) or timezone.localdate()
    values.pop("effective_from", None)
    if not creating:
        changed = {k: v for k, v in values.items() if getattr(item, k) != v}
        if not changed:
            return item
        if start <= item.effective_from:
            raise FieldError(
                "effective_from",
                "too_early",
                f"新版本的生效日期应晚于当前版本的生效日期 {item.effective_from.isoformat()}。",
            )
        InspectionItemVersion.objects.filter(item=item, effective_to__isnull=True).update(
            effective_to=start - dt.timedelta(days=1)
        )
        item.version += 1
    apply_values("items", item, values)
    item.effective_from = start
    item.save()
    _item_version(item, acting_user).save()
    _audit(
        f"registries.items.{'create' if creating else 'revise'}",
        "items",
        item,
        before,
        snapshot("items", item),
        acting_user,
    )
    return item


def item_version_on(item: InspectionItem, on: dt.date) -> InspectionItemVersion | None:
    """The version of an item that applied on a date (for plans and draws)."""
    return (
        item.versions.filter(effective_from__lte=on)
        .filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=on))
        .order_by("-version")
        .first()
    )


@transaction.atomic
def change_entity_status(
    entity: MarketEntity, status: str, *, on: dt.date | None = None, acting_user: Any = None
) -> MarketEntity:
    """R2: entries follow the entity's life (active / deregistered / revoked)."""
    if status not in EntityStatus.values:
        raise FieldError("status", "invalid_choice", "状态应为存续、注销或吊销。")
    before = snapshot("entities", entity)
    entity.status = status
    entity.status_changed_on = on or timezone.localdate()
    entity.save()
    upsert_index_rows([index_row("entities", entity)])
    _audit(
        "registries.entities.change_status",
        "entities",
        entity,
        before,
        snapshot("entities", entity),
        acting_user,
    )
    return entity


@transaction.atomic
def set_inspector_active(
    inspector: Inspector, active: bool, *, acting_user: Any = None
) -> Inspector:
    before = snapshot("inspectors", inspector)
    inspector.active = active
    inspector.save(update_fields=["active", "updated_at"])
    sync_inspectors(current_organisation(), [inspector.pk])
    _audit(
        "registries.inspectors.set_active",
        "inspectors",
        inspector,
        before,
        snapshot("inspectors", inspector),
        acting_user,
    )
    return inspector


@transaction.atomic
def set_item_active(
    item: InspectionItem, active: bool, *, on: dt.date | None = None, acting_user: Any = None
) -> InspectionItem:
    return _save_item(item, {"active": active}, snapshot("items", item), acting_user, on)


@transaction.atomic
def declare_conflict(
    *,
    inspector: Inspector,
    entity: MarketEntity,
    kind: str,
    reason: str = "",
    acting_user: Any = None,
) -> Conflict:
    from .models import ConflictKind

    if not kind:
        raise FieldError(
            "kind",
            "required",
            "请选择回避原因代码：近亲属关系、任职关系、持股或利益关系或其他（说明文字不公开）。",
        )
    if kind not in ConflictKind.values:
        raise FieldError(
            "kind",
            "invalid_choice",
            "回避原因代码应为 kinship（近亲属关系）、employment（任职关系）、"
            "shareholding（持股或利益关系）或 other（其他）。",
        )
    if len(reason) > 500:
        raise FieldError("reason", "too_long", "说明不能超过500个字符。")
    if Conflict.objects.filter(inspector=inspector, entity=entity).exists():
        raise FieldError(
            "entityId", "duplicate", f"{inspector.name}与{entity.name}的利害关系已登记。"
        )
    conflict = Conflict.objects.create(inspector=inspector, entity=entity, kind=kind, reason=reason)
    sync_inspectors(current_organisation(), [inspector.pk])
    after = {
        "inspector_id": inspector.pk,
        "entity_uscc": entity.uscc,
        "kind": kind,
        "reason": reason,
    }
    _audit("registries.conflicts.declare", "conflicts", conflict, None, after, acting_user)
    return conflict


@transaction.atomic
def withdraw_conflict(conflict: Conflict, *, acting_user: Any = None) -> None:
    before = {
        "inspector_id": conflict.inspector_id,
        "entity_id": conflict.entity_id,
        "kind": conflict.kind,
        "reason": conflict.reason,
    }
    pk = conflict.pk
    conflict.delete()
    conflict.pk = pk
    sync_inspectors(current_organisation(), [conflict.inspector_id])
    _audit("registries.conflicts.withdraw", "conflicts", conflict, before, None, acting_user)


def find_inspector_by_id_number(id_number: str) -> Inspector | None:
    """Exact lookup through the blind index: the clear value is never compared in SQL."""
    digest = crypto.blind_index(normalise_code(id_number).upper())
    return Inspector.objects.filter(id_number_hash=digest).first() if digest else None


def history(kind: str, pk: Any) -> Any:
    """A record's history: its audit records, newest first."""
    return AuditRecord.objects.filter(object_type=OBJECT_TYPES[kind], object_id=str(pk)).order_by(
        "-seq"
    )


def entity_for_target(kind: str, code: str) -> MarketEntity | None:
    """The market entity a credit decision applies to: the entity itself, or the responsible
    entity of an inspected project."""
    if kind == "project":
        project = Project.objects.select_related("responsible_entity").filter(code=code).first()
        return project.responsible_entity if project is not None else None
    return MarketEntity.objects.filter(uscc=code).first()


@transaction.atomic
def change_credit_class(
    entity: MarketEntity,
    credit_class: str,
    *,
    violation: bool,
    source: str,
    acting_user: Any = None,
) -> MarketEntity:
    """R15/R7: the credit class follows the entity's credit records. The registry row, the
    prefecture-wide index (the entity's and its projects' rows, which carry its class) and the
    audit trail change in one transaction; `source` names the inspection that caused it."""
    if credit_class not in CreditClass.values:
        raise FieldError("creditClass", "invalid_choice", "信用等级应为 A、B、C 或 D。")
    entity = MarketEntity.objects.select_for_update().get(pk=entity.pk)
    before = snapshot("entities", entity)
    entity.credit_class = credit_class
    if violation:
        entity.violation_count += 1
    entity.save(update_fields=["credit_class", "violation_count", "updated_at"])
    projects = list(
        Project.objects.filter(responsible_entity=entity).select_related("responsible_entity")
    )
    upsert_index_rows(
        [index_row("entities", entity)] + [index_row("projects", p) for p in projects]
    )
    after = snapshot("entities", entity)
    after["credit_source"] = source
    _audit("registries.entities.change_credit", "entities", entity, before, after, acting_user)
    return entity
