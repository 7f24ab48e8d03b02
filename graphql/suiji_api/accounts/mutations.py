from typing import Any

import graphene
from django.middleware.csrf import rotate_token

from suiji_platform.accounts import services
from suiji_platform.accounts.access import Permission
from suiji_platform.accounts.models import Membership

from ..core.context import get_organisation
from ..core.mutations import SuijiMutation, enum_value
from .types import Me, Member, RoleName


class Login(SuijiMutation):
    """Sign in with a username and password; the session cookie works on every organisation."""

    public = True
    rollback_on_errors = False

    class Arguments:
        username = graphene.String(required=True)
        password = graphene.String(required=True)

    me = graphene.Field(Me)

    @classmethod
    def perform(cls, root: Any, info: Any, username: str, password: str) -> dict[str, Any]:
        user = services.sign_in(info.context, username=username, password=password)
        rotate_token(info.context)
        return {"me": user}


class Logout(SuijiMutation):
    public = True

    ok = graphene.Boolean(required=True)

    @classmethod
    def perform(cls, root: Any, info: Any) -> dict[str, Any]:
        services.sign_out(info.context)
        return {"ok": True}


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

    member = graphene.Field(Member)

    @classmethod
    def perform(cls, root: Any, info: Any, username: str, role: str) -> dict[str, Any]:
        organisation = get_organisation(info.context)
        user = services.grant_role(
            organisation, username=username, role=enum_value(role), acting_user=info.context.user
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
