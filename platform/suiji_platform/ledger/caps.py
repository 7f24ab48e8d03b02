"""The per-entity annual visit cap (R19): one value per prefecture, set by its administrator,
for every draw of the prefecture and its counties, county or joint, across departments and
levels (the per-enterprise caps departments publish under the 2024 State Council rule).

Random visits count toward it, counted as distinct visit keys (a combined visit counts once);
targeted inspections (R16) are recorded and shown but never count and are never refused."""

from typing import Any

from django.db import transaction

from suiji_platform.organisations.models import Organisation, OrganisationKind
from suiji_platform.organisations.services import FieldError

from .models import VisitCapSetting

DEFAULT_VISIT_CAP = 2
MAX_VISIT_CAP = 12


def prefecture_of(organisation: Organisation) -> Organisation | None:
    """The prefecture whose cap applies: the organisation itself or its parent."""
    if organisation.kind == OrganisationKind.PREFECTURE:
        return organisation
    parent = organisation.parent
    if parent is not None and parent.kind == OrganisationKind.PREFECTURE:
        return parent
    return None


def visit_cap_of(organisation: Organisation) -> int:
    """The cap in force for `organisation`'s draws (the default while the prefecture has set
    none)."""
    prefecture = prefecture_of(organisation)
    if prefecture is None:
        return DEFAULT_VISIT_CAP
    value = (
        VisitCapSetting.objects.filter(prefecture=prefecture)
        .values_list("visit_cap", flat=True)
        .first()
    )
    return DEFAULT_VISIT_CAP if value is None else int(value)


def draw_visit_cap(organisation: Organisation | None, requested: int | None) -> int:
    """The cap a draw uses: the prefecture's; a draw may only lower it (`visitCap`)."""
    cap = visit_cap_of(organisation) if organisation is not None else DEFAULT_VISIT_CAP
    if requested is None:
        return cap
    if requested < 1:
        raise FieldError("visitCap", "too_small", "受检次数上限至少为1次。")
    if requested > cap:
        raise FieldError(
            "visitCap",
            "above_prefecture_cap",
            f"受检次数上限不能高于州局设定的每户每年{cap}次，只能调低。",
        )
    return requested


@transaction.atomic
def set_visit_cap(prefecture: Organisation, value: int, *, acting_user: Any) -> VisitCapSetting:
    """The prefecture administrator sets the cap; written in the prefecture's audit trail."""
    from suiji_tenants.audit.services import record_audit  # the prefecture's own chain

    if prefecture.kind != OrganisationKind.PREFECTURE:
        raise FieldError("visitCap", "not_prefecture", "受检次数上限只能由州（市）局设定。")
    if not isinstance(value, int) or isinstance(value, bool):
        raise FieldError("visitCap", "invalid", "受检次数上限应为整数。")
    if not 1 <= value <= MAX_VISIT_CAP:
        raise FieldError("visitCap", "out_of_range", f"受检次数上限应在1到{MAX_VISIT_CAP}次之间。")
    setting, _ = VisitCapSetting.objects.select_for_update().get_or_create(
        prefecture=prefecture, defaults={"visit_cap": DEFAULT_VISIT_CAP}
    )
    before = setting.visit_cap
    setting.visit_cap = value
    setting.updated_by = getattr(acting_user, "username", "") or ""
    setting.save()
    record_audit(
        "ledger.visit_cap",
        object_type="VisitCapSetting",
        object_id=setting.pk,
        before={"visit_cap": before},
        after={"visit_cap": value},
        actor=acting_user,
        organisation_code=prefecture.code,
    )
    return setting


def current_organisation() -> Organisation | None:
    """The organisation whose schema the connection is in (None in the public schema)."""
    from django.db import connection

    schema = getattr(connection, "schema_name", "")
    return Organisation.objects.select_related("parent").filter(schema_name=schema).first()
