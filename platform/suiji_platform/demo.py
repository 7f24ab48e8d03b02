"""The demo: 德宏州 and its five counties/cities, with an account for every role."""

from dataclasses import dataclass

from django.db import transaction

from suiji_platform.accounts.models import Membership, Role, User
from suiji_platform.organisations.models import Organisation, OrganisationKind
from suiji_platform.organisations.services import create_organisation

DEMO_PASSWORD = "suiji-demo-2026"


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    slug: str
    short_name: str

    @property
    def name(self) -> str:
        return f"{self.short_name}住房和城乡建设局"


PREFECTURE = DemoOrganisation("533100", "dehong", "德宏州")
COUNTIES = (
    DemoOrganisation("533103", "mangshi", "芒市"),
    DemoOrganisation("533102", "ruili", "瑞丽市"),
    DemoOrganisation("533122", "lianghe", "梁河县"),
    DemoOrganisation("533123", "yingjiang", "盈江县"),
    DemoOrganisation("533124", "longchuan", "陇川县"),
)

# (username suffix, role, display-name suffix)
_COUNTY_ACCOUNTS = (
    ("admin", Role.COUNTY_ADMIN, "政策法规科管理员"),
    ("staff", Role.SECTION_STAFF, "业务科室"),
    ("inspector", Role.INSPECTOR, "执法检查员"),
    ("partner", Role.PARTNER_STAFF, "市场监管协作员"),
)
_PREFECTURE_ACCOUNTS = (
    ("admin", Role.PREFECTURE_ADMIN, "住建局管理员"),
    ("staff", Role.SECTION_STAFF, "住建局业务科室"),
    ("inspector", Role.INSPECTOR, "住建局执法检查员"),
    ("partner", Role.PARTNER_STAFF, "市场监管局协作员"),
    ("auditor", Role.AUDITOR, "住建局审计（只读）"),
)
# The prefecture's partner departments (协作部门) of joint draws: (username suffix, department,
# display name). `dehong.partner` above is market supervision's.
PARTNER_DEPARTMENTS = (
    ("partner", "market_supervision", "德宏州市场监督管理局"),
    ("fire", "fire", "德宏州消防救援支队"),
    ("natres", "natural_resources", "德宏州自然资源局"),
    ("emergency", "emergency_management", "德宏州应急管理局"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    roles: tuple[tuple[str, str], ...]  # (organisation code, role)
    # The partner department of a partner-staff account (accounts.Membership.department).
    department: str = ""


def demo_accounts() -> list[DemoAccount]:
    partner_of = {suffix: (dept, name) for suffix, dept, name in PARTNER_DEPARTMENTS}
    accounts = [
        DemoAccount(
            f"{PREFECTURE.slug}.{suffix}",
            f"{PREFECTURE.short_name}{label}",
            ((PREFECTURE.code, role),),
            partner_of[suffix][0] if role == Role.PARTNER_STAFF else "",
        )
        for suffix, role, label in _PREFECTURE_ACCOUNTS
    ]
    accounts += [
        DemoAccount(
            f"{PREFECTURE.slug}.{suffix}",
            f"{name}协作员",
            ((PREFECTURE.code, Role.PARTNER_STAFF),),
            dept,
        )
        for suffix, dept, name in PARTNER_DEPARTMENTS
        if suffix != "partner"
    ]
    for county in COUNTIES:
        accounts += [
            DemoAccount(
                f"{county.slug}.{suffix}",
                f"{county.short_name}{label}",
                ((county.code, role),),
                "market_supervision" if role == Role.PARTNER_STAFF else "",
            )
            for suffix, role, label in _COUNTY_ACCOUNTS
        ]
    accounts.append(
        DemoAccount(
            "multi.admin",
            "两地兼任管理员",
            ((COUNTIES[0].code, Role.COUNTY_ADMIN), (COUNTIES[1].code, Role.COUNTY_ADMIN)),
        )
    )
    return accounts


def ensure_demo_organisations() -> list[Organisation]:
    """Create the six organisations if missing (idempotent)."""
    result = []
    for org, kind, parent in [(PREFECTURE, OrganisationKind.PREFECTURE, None)] + [
        (c, OrganisationKind.COUNTY, PREFECTURE.code) for c in COUNTIES
    ]:
        existing = Organisation.objects.filter(code=org.code).first()
        if existing is None:
            existing = create_organisation(
                code=org.code, name=org.name, kind=kind, parent_code=parent
            )
        result.append(existing)
    return result


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    organisations = {o.code: o for o in Organisation.objects.all()}
    accounts = demo_accounts()
    for account in accounts:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username, display_name=account.display_name)
            user.set_password(DEMO_PASSWORD)
        # The published demo password: exempt from expiry and the second factor where
        # DEMO_ACCOUNTS_EXEMPT is on (never in production), and no forced change.
        user.is_demo = True
        user.must_change_password = False
        user.save()
        for code, role in account.roles:
            Membership.objects.update_or_create(
                user=user,
                organisation=organisations[code],
                role=role,
                defaults={"department": account.department},
            )
    return accounts
