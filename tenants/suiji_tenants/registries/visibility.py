"""Personal data (ID numbers, phones): masked everywhere in the API; one value of one record
revealed on request to those holding REVEAL_PERSONAL_DATA (accounts/access.py: the county's
policy section and the prefecture's administrators, in their own organisation, never through
read-only oversight), and every reveal recorded in the audit trail: who saw which."""

from typing import Any

from suiji_platform.accounts.access import Permission
from suiji_tenants.audit.services import record_audit

from . import crypto
from .models import Inspector, MarketEntity, Project

# The personal fields of each registry model.
PERSONAL_FIELDS: dict[type, tuple[str, ...]] = {
    MarketEntity: ("contact_phone",),
    Project: ("contact_phone",),
    Inspector: ("id_number", "contact_phone"),
}
FIELD_LABELS = {"id_number": "身份证号", "contact_phone": "联系电话"}


def personal_data_visible(access: Any) -> bool:
    """Whether the access may see personal data in clear (reveals, the Excel export)."""
    return bool(access and access.allows(Permission.REVEAL_PERSONAL_DATA))


def masked(obj: Any, field: str) -> str:
    if field == "id_number":
        return str(getattr(obj, "id_number_masked", "") or "")
    return crypto.mask_phone(getattr(obj, field, "") or "")


def reveal(obj: Any, field: str, *, acting_user: Any, organisation_code: str) -> str:
    """Return one personal value in clear and record who saw it (never the value itself)."""
    from suiji_platform.organisations.services import FieldError

    if field not in PERSONAL_FIELDS.get(type(obj), ()):
        raise FieldError("field", "invalid_choice", "该记录没有这一项个人信息。")
    record_audit(
        "personal_data.reveal",
        object_type=type(obj).__name__,
        object_id=obj.pk,
        after={"field": field, "label": FIELD_LABELS[field], "name": getattr(obj, "name", "")},
        actor=acting_user,
        organisation_code=organisation_code,
    )
    return str(getattr(obj, field, "") or "")
