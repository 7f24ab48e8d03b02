from typing import Any

import graphene
from django.conf import settings

from suiji_platform.accounts import services
from suiji_platform.accounts.access import Access, Permission, accessible_organisations
from suiji_platform.accounts.models import Role as RoleModel
from suiji_platform.accounts.passwords import password_expires_at

from ..organisations.types import Organisation

RoleName = graphene.Enum("RoleName", [(r.name, r.value) for r in RoleModel])
PermissionName = graphene.Enum(
    "PermissionName",
    [(p.name, p.value) for p in Permission],
    description="权限（accounts/access.py 中唯一定义）",
)
LoginStep = graphene.Enum(
    "LoginStep",
    [
        ("VERIFY_SECOND_FACTOR", services.STEP_VERIFY),
        ("CHANGE_PASSWORD", services.STEP_CHANGE_PASSWORD),
        ("ENROL_SECOND_FACTOR", services.STEP_ENROL),
    ],
    description="登录尚需完成的一步",
)


class OrganisationAccess(graphene.ObjectType):
    """One organisation the signed-in user may open, with their roles and permissions there."""

    organisation = graphene.Field(Organisation, required=True)
    roles = graphene.List(graphene.NonNull(RoleName), required=True)
    permissions = graphene.List(
        graphene.NonNull(PermissionName),
        required=True,
        description="what the roles allow here (the web app shows actions by these only)",
    )
    read_only = graphene.Boolean(
        required=True,
        description="true when the access comes from oversight of a subordinate organisation",
    )

    @staticmethod
    def resolve_organisation(root: Access, info: graphene.ResolveInfo) -> object:
        return root.organisation

    @staticmethod
    def resolve_roles(root: Access, info: graphene.ResolveInfo) -> list[str]:
        return sorted(root.roles)

    @staticmethod
    def resolve_permissions(root: Access, info: graphene.ResolveInfo) -> list[str]:
        return sorted(p.value for p in root.permissions)

    @staticmethod
    def resolve_read_only(root: Access, info: graphene.ResolveInfo) -> bool:
        return root.read_only


class SecondFactorStatus(graphene.ObjectType):
    enrolled = graphene.Boolean(required=True, description="已绑定身份验证器")
    required = graphene.Boolean(required=True, description="角色要求双因素认证")
    recovery_codes_left = graphene.Int(required=True)


class SignInEvent(graphene.ObjectType):
    at = graphene.DateTime(required=True)
    outcome = graphene.String(required=True, description="success | failed | throttled")
    address = graphene.String(required=True)


OUTCOMES = {
    "account.login": "success",
    "account.login_failed": "failed",
    "account.second_factor_failed": "failed",
    "account.login_throttled": "throttled",
}


class Me(graphene.ObjectType):
    id = graphene.ID(required=True)
    username = graphene.String(required=True)
    display_name = graphene.String(required=True)
    organisations = graphene.List(graphene.NonNull(OrganisationAccess), required=True)
    password_changed_at = graphene.DateTime()
    password_expires_at = graphene.DateTime(description="null: the password does not expire")
    second_factor = graphene.Field(SecondFactorStatus, required=True)
    recent_sign_ins = graphene.List(graphene.NonNull(SignInEvent), required=True)
    session_idle_seconds = graphene.Int(
        required=True, description="a session idle this long ends (the app warns before)"
    )

    @staticmethod
    def resolve_id(root: Any, info: graphene.ResolveInfo) -> str:
        return str(root.pk)

    @staticmethod
    def resolve_display_name(root: Any, info: graphene.ResolveInfo) -> str:
        return root.display_name or root.username

    @staticmethod
    def resolve_organisations(root: Any, info: graphene.ResolveInfo) -> list[Access]:
        return accessible_organisations(root)

    @staticmethod
    def resolve_password_changed_at(root: Any, info: graphene.ResolveInfo) -> Any:
        return root.password_changed_at or root.date_joined

    @staticmethod
    def resolve_password_expires_at(root: Any, info: graphene.ResolveInfo) -> Any:
        return password_expires_at(root)

    @staticmethod
    def resolve_second_factor(root: Any, info: graphene.ResolveInfo) -> SecondFactorStatus:
        return SecondFactorStatus(
            enrolled=services.has_second_factor(root),
            required=services.second_factor_enforced(root),
            recovery_codes_left=services.recovery_codes_left(root),
        )

    @staticmethod
    def resolve_recent_sign_ins(root: Any, info: graphene.ResolveInfo) -> list[SignInEvent]:
        return [
            SignInEvent(
                at=r.at,
                outcome=OUTCOMES.get(r.operation, "failed"),
                address=(r.after or {}).get("address", ""),
            )
            for r in services.recent_sign_ins(root)
        ]

    @staticmethod
    def resolve_session_idle_seconds(root: Any, info: graphene.ResolveInfo) -> int:
        return int(settings.SESSION_IDLE_TIMEOUT_SECONDS)


class SecondFactorSetup(graphene.ObjectType):
    """Scan the QR (or type the secret) into an authenticator app, then confirm with a code."""

    secret = graphene.String(required=True, description="base32 密钥（无法扫码时手工输入）")
    uri = graphene.String(required=True, description="otpauth:// URI")
    qr_code = graphene.String(required=True, description="二维码（SVG data URI）")

    @staticmethod
    def resolve_qr_code(root: Any, info: graphene.ResolveInfo) -> str:
        return str(root.qr_svg_data_uri)


class Captcha(graphene.ObjectType):
    key = graphene.String(required=True)
    image_url = graphene.String(required=True)


class Member(graphene.ObjectType):
    """A person holding roles in the current organisation."""

    username = graphene.String(required=True)
    display_name = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    roles = graphene.List(graphene.NonNull(RoleName), required=True)
    failed_sign_ins = graphene.Int(
        description="recent failed sign-ins (an administrator may clear them); only for those who"
        " manage members, null otherwise"
    )
    sign_in_restricted = graphene.Boolean(
        description="locked: so many recent failures that signing in asks for a captcha; only for"
        " those who manage members, null otherwise",
    )

    @staticmethod
    def resolve_failed_sign_ins(root: Any, info: graphene.ResolveInfo) -> int | None:
        from suiji_platform.accounts import throttle

        if not _manages_members(info):
            return None
        return throttle.account_failures(root.username)

    @staticmethod
    def resolve_sign_in_restricted(root: Any, info: graphene.ResolveInfo) -> bool | None:
        from suiji_platform.accounts import throttle

        if not _manages_members(info):
            return None
        return throttle.account_restricted(root.username)


def _manages_members(info: graphene.ResolveInfo) -> bool:
    """A member's sign-in failures are security data: shown to who manages the members only."""
    from suiji_platform.accounts.access import Permission

    from ..core.context import get_access

    access = get_access(info.context)
    return access is not None and access.allows(Permission.MANAGE_MEMBERS)
