from typing import Any

import graphene

from suiji_platform.accounts.access import Permission
from suiji_platform.accounts.models import Membership, User

from ..core.context import get_organisation
from ..core.permissions import permission_required
from .mutations import (
    AddMember,
    ChangePassword,
    ConfirmSecondFactorEnrolment,
    ContinueLogin,
    GrantRole,
    Login,
    Logout,
    NewLoginCaptcha,
    RegenerateRecoveryCodes,
    RevokeRole,
    StartSecondFactorEnrolment,
    UnlockAccount,
)
from .types import Me, Member


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(Me, description="The signed-in user, or null for anonymous visitors.")
    members = graphene.List(
        graphene.NonNull(Member),
        description="People holding roles in the current organisation.",
    )

    @staticmethod
    def resolve_me(root: Any, info: graphene.ResolveInfo) -> Any:
        user = info.context.user
        return user if user.is_authenticated else None

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_members(root: Any, info: graphene.ResolveInfo) -> list[Member]:
        organisation = get_organisation(info.context)
        roles: dict[int, list[str]] = {}
        for user_id, role in Membership.objects.filter(organisation=organisation).values_list(
            "user_id", "role"
        ):
            roles.setdefault(user_id, []).append(role)
        users = User.objects.filter(pk__in=roles).order_by("username")
        return [
            Member(
                username=u.username,
                display_name=u.display_name or u.username,
                is_active=u.is_active,
                roles=sorted(roles[u.pk]),
            )
            for u in users
        ]


class AccountMutations(graphene.ObjectType):
    login = Login.Field()
    continue_login = ContinueLogin.Field()
    new_login_captcha = NewLoginCaptcha.Field()
    logout = Logout.Field()
    change_password = ChangePassword.Field()
    start_second_factor_enrolment = StartSecondFactorEnrolment.Field()
    confirm_second_factor_enrolment = ConfirmSecondFactorEnrolment.Field()
    regenerate_recovery_codes = RegenerateRecoveryCodes.Field()
    unlock_account = UnlockAccount.Field()
    add_member = AddMember.Field()
    grant_role = GrantRole.Field()
    revoke_role = RevokeRole.Field()
