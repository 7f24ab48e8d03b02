"""Who may do what where: the single place that turns roles into permissions.

A user's access to an organisation is either *direct* (roles held there) or *oversight*:
holders of an oversight role in the parent organisation read the child read-only (R17).
"""

from dataclasses import dataclass
from enum import StrEnum

from suiji_platform.organisations.models import Organisation

from .models import Membership, Role, User

# The partner departments (协作部门) a partner-staff membership is bound to (the registries'
# `Department` values other than housing).
PARTNER_DEPARTMENT_LABELS = {
    "market_supervision": "市场监管",
    "fire": "消防救援",
    "natural_resources": "自然资源",
    "emergency_management": "应急管理",
}


class Permission(StrEnum):
    READ_ORGANISATION = "read_organisation"
    READ_AUDIT = "read_audit"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_REGISTRIES = "manage_registries"
    # Maintain inspection items and inspectors of one's own department (partner staff); holders
    # of MANAGE_REGISTRIES hold it for every department (see `registry_department`).
    MANAGE_DEPARTMENT_REGISTRIES = "manage_department_registries"
    # Draft plan tasks and submit the plan (sections and the policy section).
    MANAGE_PLANS = "manage_plans"
    # Consolidate, report, publish, adjust and return plans (the policy section, Q5).
    APPROVE_PLANS = "approve_plans"
    RUN_DRAWS = "run_draws"
    INSPECT = "inspect"
    # See ID numbers and phones in clear, one record at a time, audited.
    REVEAL_PERSONAL_DATA = "reveal_personal_data"
    # Prefecture only: the counties' plan statuses, overdue plans, report acknowledgements (R17).
    OVERSEE_SUBORDINATES = "oversee_subordinates"
    # Prefecture only: acknowledge a county's reported plan.
    ACKNOWLEDGE_REPORTS = "acknowledge_reports"
    # Prefecture only: load a year's official holiday schedule.
    MANAGE_CALENDAR = "manage_calendar"
    CREATE_ORGANISATIONS = "create_organisations"
    # --- inspections and results (R11–R14); granted in the block below ---
    READ_INSPECTIONS = "read_inspections"
    MANAGE_INSPECTIONS = "manage_inspections"
    REVIEW_RESULTS = "review_results"
    # --- ledger (issue 11): visit caps, combined visits, burden; granted in the block below ---
    # Read an entity's inspections of the year across departments and levels (受检负担).
    READ_BURDEN = "read_burden"
    # Prefecture only: set the per-entity annual visit cap of the prefecture's draws.
    SET_VISIT_CAP = "set_visit_cap"
    # --- oversight (R17) ---
    # Prefecture only: issue, return and accept rectification orders; set the oversight targets.
    ISSUE_RECTIFICATION = "issue_rectification"
    # A county answers the orders it received and responds to its warning cards.
    ANSWER_RECTIFICATION = "answer_rectification"


# What each permission lets one do, as the user reads it ("您的角色不能<label>").
PERMISSION_LABELS: dict[Permission, str] = {
    Permission.READ_ORGANISATION: "查看本机构数据",
    Permission.READ_AUDIT: "查看审计日志",
    Permission.MANAGE_MEMBERS: "管理人员与角色",
    Permission.MANAGE_REGISTRIES: "维护事项清单与名录库",
    Permission.MANAGE_DEPARTMENT_REGISTRIES: "维护本部门的抽查事项和执法检查人员",
    Permission.MANAGE_PLANS: "编制检查计划",
    Permission.APPROVE_PLANS: "汇总、报送、公开或调整检查计划",
    Permission.RUN_DRAWS: "组织随机抽取",
    Permission.INSPECT: "实施检查",
    Permission.REVEAL_PERSONAL_DATA: "查看完整的身份证号和电话",
    Permission.OVERSEE_SUBORDINATES: "查看下级机构的计划进度",
    Permission.ACKNOWLEDGE_REPORTS: "签收县（市）报送的计划",
    Permission.MANAGE_CALENDAR: "维护工作日历",
    Permission.CREATE_ORGANISATIONS: "新建组织机构",
    Permission.READ_INSPECTIONS: "查看本机构的检查",
    Permission.MANAGE_INSPECTIONS: "填写检查笔录和检查报告",
    Permission.REVIEW_RESULTS: "审核和公示检查结果",
    Permission.READ_BURDEN: "查看市场主体的受检负担",
    Permission.SET_VISIT_CAP: "设定每户每年受检次数上限",
    Permission.ISSUE_RECTIFICATION: "签发和验收督促整改通知",
    Permission.ANSWER_RECTIFICATION: "反馈督促整改和预警",
}

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.PREFECTURE_ADMIN: frozenset(Permission),
    Role.COUNTY_ADMIN: frozenset(
        {
            Permission.READ_ORGANISATION,
            Permission.READ_AUDIT,
            Permission.MANAGE_MEMBERS,
            Permission.MANAGE_REGISTRIES,
            Permission.MANAGE_PLANS,
            Permission.APPROVE_PLANS,
            Permission.RUN_DRAWS,
            Permission.REVEAL_PERSONAL_DATA,
        }
    ),
    Role.SECTION_STAFF: frozenset(
        {
            Permission.READ_ORGANISATION,
            Permission.MANAGE_REGISTRIES,
            Permission.MANAGE_PLANS,
            Permission.RUN_DRAWS,
            Permission.OVERSEE_SUBORDINATES,
        }
    ),
    Role.INSPECTOR: frozenset({Permission.READ_ORGANISATION, Permission.INSPECT}),
    Role.PARTNER_STAFF: frozenset(
        {Permission.READ_ORGANISATION, Permission.MANAGE_DEPARTMENT_REGISTRIES}
    ),
    Role.AUDITOR: frozenset(
        {Permission.READ_ORGANISATION, Permission.READ_AUDIT, Permission.OVERSEE_SUBORDINATES}
    ),
}

# Whoever maintains the registries maintains every department's items and inspectors.
for _role, _granted in list(ROLE_PERMISSIONS.items()):
    if Permission.MANAGE_REGISTRIES in _granted:
        ROLE_PERMISSIONS[_role] = _granted | {Permission.MANAGE_DEPARTMENT_REGISTRIES}

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


# --- oversight (R17): the prefecture's admin and section staff issue orders; the county's admin
# answers them (and its warning cards).
for _role, _granted in {
    Role.SECTION_STAFF: frozenset({Permission.ISSUE_RECTIFICATION}),
    Role.COUNTY_ADMIN: frozenset({Permission.ANSWER_RECTIFICATION}),
}.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _granted

# --- end of inspections and results --------------------------------------------------------

# --- ledger (issue 11) -----------------------------------------------------------------------
# READ_BURDEN: county and prefecture staff (and auditors) open an entity's burden view; the
# prefecture also lists the entities closest to their cap. Accepting a combined visit is part
# of organising draws (RUN_DRAWS). SET_VISIT_CAP: the prefecture administrator only (all).
LEDGER_ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.COUNTY_ADMIN: frozenset({Permission.READ_BURDEN}),
    Role.SECTION_STAFF: frozenset({Permission.READ_BURDEN}),
    Role.AUDITOR: frozenset({Permission.READ_BURDEN}),
}
for _role, _granted in LEDGER_ROLE_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _granted
# --- end of ledger ---------------------------------------------------------------------------

# Permissions that only read; oversight of a subordinate organisation grants these at most.
READ_PERMISSIONS = frozenset(
    {
        Permission.READ_ORGANISATION,
        Permission.READ_AUDIT,
        Permission.READ_INSPECTIONS,
        Permission.READ_BURDEN,
    }
)
# Permissions that exist only in a prefecture (they concern its counties or the whole platform).
PREFECTURE_PERMISSIONS = frozenset(
    {
        Permission.OVERSEE_SUBORDINATES,
        Permission.ACKNOWLEDGE_REPORTS,
        Permission.MANAGE_CALENDAR,
        Permission.CREATE_ORGANISATIONS,
        Permission.SET_VISIT_CAP,
        Permission.ISSUE_RECTIFICATION,
    }
)
OVERSIGHT_ROLES = frozenset({Role.PREFECTURE_ADMIN, Role.SECTION_STAFF, Role.AUDITOR})

# Roles whose holders must sign in with a second factor (TOTP) where enforcement is on.
SECOND_FACTOR_ROLES = frozenset({Role.PREFECTURE_ADMIN, Role.COUNTY_ADMIN, Role.AUDITOR})

# Roles an organisation's administrators may grant, by the organisation's kind.
GRANTABLE_ROLES = {
    "prefecture": frozenset(Role),
    "county": frozenset(
        {Role.COUNTY_ADMIN, Role.SECTION_STAFF, Role.INSPECTOR, Role.PARTNER_STAFF}
    ),
}


def permissions_for(roles: frozenset[str], *, kind: str, read_only: bool) -> frozenset[Permission]:
    """The permissions `roles` grant in an organisation of `kind`, directly or by oversight."""
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    if kind != "prefecture":
        granted -= PREFECTURE_PERMISSIONS
    if read_only:
        granted &= READ_PERMISSIONS
    return frozenset(granted)


@dataclass(frozen=True)
class Access:
    organisation: Organisation
    roles: frozenset[str]
    read_only: bool
    # The departments of the user's partner-staff memberships here (协作部门).
    departments: frozenset[str] = frozenset()

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.roles, kind=self.organisation.kind, read_only=self.read_only)

    def allows(self, permission: Permission) -> bool:
        return permission in self.permissions


def registry_department(access: "Access | None") -> str | None:
    """Whose items and inspectors the access may maintain: None for every department (holders
    of MANAGE_REGISTRIES), else the partner department of the membership ("" = none)."""
    if access is None or not access.allows(Permission.MANAGE_DEPARTMENT_REGISTRIES):
        return ""
    if access.allows(Permission.MANAGE_REGISTRIES):
        return None
    return min(access.departments) if access.departments else ""


def accessible_organisations(user: User | None) -> list[Access]:
    """Every organisation the user may open: direct roles first, then oversight (read-only)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    direct: dict[int, set[str]] = {}
    departments: dict[int, set[str]] = {}
    organisations: dict[int, Organisation] = {}
    for membership in Membership.objects.filter(user=user).select_related("organisation"):
        direct.setdefault(membership.organisation_id, set()).add(membership.role)
        if membership.role == Role.PARTNER_STAFF and membership.department:
            departments.setdefault(membership.organisation_id, set()).add(membership.department)
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
        Access(
            organisations[org_id],
            frozenset(roles),
            read_only=False,
            departments=frozenset(departments.get(org_id, ())),
        )
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
    held = list(
        Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", "department"
        )
    )
    roles = {role for role, _ in held}
    if roles:
        departments = frozenset(d for role, d in held if role == Role.PARTNER_STAFF and d)
        return Access(organisation, frozenset(roles), read_only=False, departments=departments)
    if organisation.parent_id is not None:
        parent_roles = set(
            Membership.objects.filter(
                user=user, organisation_id=organisation.parent_id, role__in=OVERSIGHT_ROLES
            ).values_list("role", flat=True)
        )
        if parent_roles:
            return Access(organisation, frozenset(parent_roles), read_only=True)
    return None


def needs_second_factor(user: User) -> bool:
    """Whether `user` holds, anywhere, a role that must sign in with a second factor."""
    return Membership.objects.filter(user=user, role__in=SECOND_FACTOR_ROLES).exists()
