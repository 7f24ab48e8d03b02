"""Who may do what where: the single place that turns roles into permissions.

A user's access to an organisation is either *direct* (roles held there) or *oversight*:
holders of an oversight role in the parent organisation read the child read-only (R17).
"""

from dataclasses import dataclass
from enum import StrEnum

from suiji_platform.organisations.models import Organisation

from .models import Membership, Role, User


class Permission(StrEnum):
    READ_ORGANISATION = "read_organisation"
    READ_AUDIT = "read_audit"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_REGISTRIES = "manage_registries"
    MANAGE_PLANS = "manage_plans"
    RUN_DRAWS = "run_draws"
    INSPECT = "inspect"
    CREATE_ORGANISATIONS = "create_organisations"
    # --- inspections and results (R11–R14); granted in the block below ---
    READ_INSPECTIONS = "read_inspections"
    MANAGE_INSPECTIONS = "manage_inspections"
    REVIEW_RESULTS = "review_results"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.PREFECTURE_ADMIN: frozenset(Permission),
    Role.COUNTY_ADMIN: frozenset(
        {
            Permission.READ_ORGANISATION,
            Permission.READ_AUDIT,
            Permission.MANAGE_MEMBERS,
            Permission.MANAGE_REGISTRIES,
            Permission.MANAGE_PLANS,
            Permission.RUN_DRAWS,
        }
    ),
    Role.SECTION_STAFF: frozenset(
        {
            Permission.READ_ORGANISATION,
            Permission.MANAGE_REGISTRIES,
            Permission.MANAGE_PLANS,
            Permission.RUN_DRAWS,
        }
    ),
    Role.INSPECTOR: frozenset({Permission.READ_ORGANISATION, Permission.INSPECT}),
    Role.PARTNER_STAFF: frozenset({Permission.READ_ORGANISATION}),
    Role.AUDITOR: frozenset({Permission.READ_ORGANISATION, Permission.READ_AUDIT}),
}

# --- inspections and results (R11–R14) -------------------------------------------------------
# INSPECT: an inspector fills the records of the inspections of the teams they were drawn into.
# READ_INSPECTIONS: every inspection of the organisation (also read-only by oversight).
# MANAGE_INSPECTIONS: fill any record and report of the organisation (business sections).
# REVIEW_RESULTS: approve or return a report, publish a result (政策法规科 reviews).
INSPECTION_ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.COUNTY_ADMIN: frozenset(
        {Permission.READ_INSPECTIONS, Permission.MANAGE_INSPECTIONS, Permission.REVIEW_RESULTS}
    ),
    Role.SECTION_STAFF: frozenset({Permission.READ_INSPECTIONS, Permission.MANAGE_INSPECTIONS}),
    Role.AUDITOR: frozenset({Permission.READ_INSPECTIONS}),
}
for _role, _granted in INSPECTION_ROLE_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _granted


def inspection_scope(access: "Access | None") -> str | None:
    """Which inspections the access sees: "all" of the organisation, only the user's "own"
    (teams they were drawn into), or None."""
    if access is None:
        return None
    if access.allows(Permission.READ_INSPECTIONS):
        return "all"
    if access.allows(Permission.INSPECT):
        return "own"
    return None


def may_edit_inspection(access: "Access | None", *, own: bool) -> bool:
    """Records and reports are written by the team (INSPECT on an own inspection) or by the
    business sections (MANAGE_INSPECTIONS)."""
    if access is None:
        return False
    return access.allows(Permission.MANAGE_INSPECTIONS) or (
        own and access.allows(Permission.INSPECT)
    )


# --- end of inspections and results --------------------------------------------------------

# Permissions that only read; oversight of a subordinate organisation grants these at most.
READ_PERMISSIONS = frozenset(
    {Permission.READ_ORGANISATION, Permission.READ_AUDIT, Permission.READ_INSPECTIONS}
)
OVERSIGHT_ROLES = frozenset({Role.PREFECTURE_ADMIN, Role.SECTION_STAFF, Role.AUDITOR})

# Roles an organisation's administrators may grant, by the organisation's kind.
GRANTABLE_ROLES = {
    "prefecture": frozenset(Role),
    "county": frozenset(
        {Role.COUNTY_ADMIN, Role.SECTION_STAFF, Role.INSPECTOR, Role.PARTNER_STAFF}
    ),
}


@dataclass(frozen=True)
class Access:
    organisation: Organisation
    roles: frozenset[str]
    read_only: bool

    @property
    def permissions(self) -> frozenset[Permission]:
        granted: set[Permission] = set()
        for role in self.roles:
            granted |= ROLE_PERMISSIONS.get(role, frozenset())
        if self.read_only:
            granted &= READ_PERMISSIONS
        return frozenset(granted)

    def allows(self, permission: Permission) -> bool:
        return permission in self.permissions


def accessible_organisations(user: User | None) -> list[Access]:
    """Every organisation the user may open: direct roles first, then oversight (read-only)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    direct: dict[int, set[str]] = {}
    organisations: dict[int, Organisation] = {}
    for membership in Membership.objects.filter(user=user).select_related("organisation"):
        direct.setdefault(membership.organisation_id, set()).add(membership.role)
        organisations[membership.organisation_id] = membership.organisation
    oversight: dict[int, set[str]] = {}
    overseeing_parents = {
        org_id for org_id, roles in direct.items() if roles & set(OVERSIGHT_ROLES)
    }
    if overseeing_parents:
        for child in Organisation.objects.filter(parent_id__in=overseeing_parents):
            if child.id in direct:
                continue
            parent_roles = direct[child.parent_id] & set(OVERSIGHT_ROLES)
            oversight.setdefault(child.id, set()).update(parent_roles)
            organisations[child.id] = child
    result = [
        Access(organisations[org_id], frozenset(roles), read_only=False)
        for org_id, roles in direct.items()
    ]
    result += [
        Access(organisations[org_id], frozenset(roles), read_only=True)
        for org_id, roles in oversight.items()
    ]
    result.sort(
        key=lambda a: (a.read_only, a.organisation.kind != "prefecture", a.organisation.code)
    )
    return result


def access_to(user: User | None, organisation: Organisation) -> Access | None:
    """The user's access to one organisation, or None when they have none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    roles = set(
        Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )
    if roles:
        return Access(organisation, frozenset(roles), read_only=False)
    if organisation.parent_id is not None:
        parent_roles = set(
            Membership.objects.filter(
                user=user, organisation_id=organisation.parent_id, role__in=OVERSIGHT_ROLES
            ).values_list("role", flat=True)
        )
        if parent_roles:
            return Access(organisation, frozenset(parent_roles), read_only=True)
    return None
