"""Who may read personal data (ID numbers, phones) in clear: the county's policy section and
the prefecture's administrators, in their own organisation only — never through read-only
oversight. Everyone else sees masked values."""

from typing import Any

from suiji_platform.accounts.models import Role

CLEAR_PERSONAL_DATA_ROLES = frozenset({Role.COUNTY_ADMIN, Role.PREFECTURE_ADMIN})


def personal_data_visible(access: Any) -> bool:
    return bool(access and not access.read_only and access.roles & CLEAR_PERSONAL_DATA_ROLES)
