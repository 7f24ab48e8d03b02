from typing import Any

import graphene
from django.middleware.csrf import rotate_token

from suiji_platform.accounts import services
from suiji_platform.accounts.access import Permission
from suiji_platform.accounts.models import Membership

from ..core.context import get_organisation
from ..core.mutations import SuijiMutation, enum_value
from .types import Captcha, LoginStep, Me, Member, RoleName, SecondFactorSetup


class LoginPayloadMixin:
    """What a sign-in step answers: the user once signed in, else the next step to do."""

    me = graphene.Field(Me, description="the signed-in user; null while a step is pending")
    next_step = graphene.Field(LoginStep)
    password_change_reason = graphene.String(description="initial | expired")
    second_factor_setup = graphene.Field(SecondFactorSetup)
    recovery_codes = graphene.List(
        graphene.NonNull(graphene.String),
        description="new recovery codes, shown once (after enrolling a second factor)",
    )


def login_payload(result: services.LoginResult) -> dict[str, Any]:
    return {
        "me": result.user if result.step is None else None,
        "next_step": result.step,
        "password_change_reason": result.password_reason or None,
        "second_factor_setup": result.setup,
        "recovery_codes": result.recovery_codes,
    }


class Login(LoginPayloadMixin, SuijiMutation):
    """Sign in with a username and password (and the captcha when asked for); further steps
    (second factor, password change) may follow through `continueLogin`. The session cookie
    then works on every organisation."""

    public = True
    rollback_on_errors = False

    class Arguments:
        username = graphene.String(required=True)
        password = graphene.String(required=True)
        captcha_key = graphene.String()
        captcha_answer = graphene.String()

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        username: str,
        password: str,
        captcha_key: str = "",
        captcha_answer: str = "",
    ) -> dict[str, Any]:
        result = services.sign_in(
            info.context,
            username=username,
            password=password,
            captcha_key=captcha_key or "",
            captcha_answer=captcha_answer or "",
        )
        rotate_token(info.context)
        return login_payload(result)


class ContinueLogin(LoginPayloadMixin, SuijiMutation):
    """The pending sign-in's next step: `code` (second factor, or the code confirming a new
    authenticator) or `newPassword` (a forced change)."""

    public = True
    rollback_on_errors = False

    class Arguments:
        code = graphene.String()
        new_password = graphene.String()

    @classmethod
    def perform(
        cls, root: Any, info: Any, code: str = "", new_password: str = ""
    ) -> dict[str, Any]:
        result = services.continue_login(
            info.context, code=code or "", new_password=new_password or ""
        )
        if result.step is None:
            rotate_token(info.context)
        return login_payload(result)


class NewLoginCaptcha(SuijiMutation):
    """A captcha for the login form (asked for after repeated failures)."""

    public = True

    captcha = graphene.Field(Captcha)

    @classmethod
    def perform(cls, root: Any, info: Any) -> dict[str, Any]:
        key = services.new_captcha()
        return {"captcha": Captcha(key=key, image_url=f"/captcha/image/{key}/")}


class Logout(SuijiMutation):
    public = True

    ok = graphene.Boolean(required=True)

    @classmethod
    def perform(cls, root: Any, info: Any) -> dict[str, Any]:
        services.sign_out(info.context)
        return {"ok": True}


class ChangePassword(SuijiMutation):
    """修改密码: the current password, then a new one that meets the policy."""

    class Arguments:
        current_password = graphene.String(required=True)
        new_password = graphene.String(required=True)

    me = graphene.Field(Me)

    @classmethod
    def perform(
        cls, root: Any, info: Any, current_password: str, new_password: str
    ) -> dict[str, Any]:
        user = services.change_password(
            info.context, current_password=current_password, new_password=new_password
        )
        rotate_token(info.context)
        return {"me": user}


class StartSecondFactorEnrolment(SuijiMutation):
    """A new authenticator for the signed-in user (it replaces the old one once confirmed)."""

    setup = graphene.Field(SecondFactorSetup)

    @classmethod
    def perform(cls, root: Any, info: Any) -> dict[str, Any]:
        return {"setup": services.start_second_factor_enrolment(info.context.user)}


class ConfirmSecondFactorEnrolment(SuijiMutation):
    class Arguments:
        code = graphene.String(required=True)

    recovery_codes = graphene.List(graphene.NonNull(graphene.String))
    me = graphene.Field(Me)

    @classmethod
    def perform(cls, root: Any, info: Any, code: str) -> dict[str, Any]:
        user = info.context.user
        codes = services.confirm_second_factor_enrolment(user, code)
        return {"recovery_codes": codes, "me": user}


class RegenerateRecoveryCodes(SuijiMutation):
    """New recovery codes (the old ones stop working), after a code from the authenticator."""

    class Arguments:
        code = graphene.String(required=True)

    recovery_codes = graphene.List(graphene.NonNull(graphene.String))
    me = graphene.Field(Me)

    @classmethod
    def perform(cls, root: Any, info: Any, code: str) -> dict[str, Any]:
        user = info.context.user
        return {"recovery_codes": services.regenerate_recovery_codes(user, code), "me": user}


def member_of(user: Any, organisation: Any) -> Member:
    roles = sorted(
        Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )
    return Member(
        username=user.username,
        display_name=user.display_name or user.username,
        is_active=user.is_active,
        roles=roles,
    )


class AddMember(SuijiMutation):
    """Create an account holding a role in the current organisation."""

    permission = Permission.MANAGE_MEMBERS

    class Arguments:
        username = graphene.String(required=True)
        display_name = graphene.String(required=True)
        password = graphene.String(required=True)
        role = RoleName(required=True)
        department = graphene.String(
            description="协作部门人员的所属部门：market_supervision / fire / natural_resources / "
            "emergency_management"
        )

    member = graphene.Field(Member)

    @classmethod
    def perform(cls, root: Any, info: Any, **kwargs: Any) -> dict[str, Any]:
        organisation = get_organisation(info.context)
        kwargs["role"] = enum_value(kwargs["role"])
        user = services.add_member(organisation, acting_user=info.context.user, **kwargs)
        return {"member": member_of(user, organisation)}


class GrantRole(SuijiMutation):
    permission = Permission.MANAGE_MEMBERS

    class Arguments:
        username = graphene.String(required=True)
        role = RoleName(required=True)
        department = graphene.String(description="协作部门人员的所属部门")

    member = graphene.Field(Member)

    @classmethod
    def perform(
        cls, root: Any, info: Any, username: str, role: str, department: str = ""
    ) -> dict[str, Any]:
        organisation = get_organisation(info.context)
        user = services.grant_role(
            organisation,
            username=username,
            role=enum_value(role),
            acting_user=info.context.user,
            department=department or "",
        )
        return {"member": member_of(user, organisation)}


class RevokeRole(SuijiMutation):
    permission = Permission.MANAGE_MEMBERS

    class Arguments:
        username = graphene.String(required=True)
        role = RoleName(required=True)

    member = graphene.Field(Member)

    @classmethod
    def perform(cls, root: Any, info: Any, username: str, role: str) -> dict[str, Any]:
        organisation = get_organisation(info.context)
        user = services.revoke_role(
            organisation, username=username, role=enum_value(role), acting_user=info.context.user
        )
        return {"member": member_of(user, organisation)}


class UnlockAccount(SuijiMutation):
    """Clear a member's failed sign-ins (delays and captcha), recorded in the audit trail."""

    permission = Permission.MANAGE_MEMBERS

    class Arguments:
        username = graphene.String(required=True)

    member = graphene.Field(Member)

    @classmethod
    def perform(cls, root: Any, info: Any, username: str) -> dict[str, Any]:
        organisation = get_organisation(info.context)
        user = services.unlock_account(
            organisation, username=username, acting_user=info.context.user
        )
        return {"member": member_of(user, organisation)}
