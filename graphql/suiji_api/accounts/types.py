import graphene

from suiji_platform.accounts.access import Access, accessible_organisations
from suiji_platform.accounts.models import Role as RoleModel

from ..organisations.types import Organisation

RoleName = graphene.Enum("RoleName", [(r.name, r.value) for r in RoleModel])


class OrganisationAccess(graphene.ObjectType):
    """One organisation the signed-in user may open, with their roles there."""

    organisation = graphene.Field(Organisation, required=True)
    roles = graphene.List(graphene.NonNull(RoleName), required=True)
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
    def resolve_read_only(root: Access, info: graphene.ResolveInfo) -> bool:
        return root.read_only


class Me(graphene.ObjectType):
    id = graphene.ID(required=True)
    username = graphene.String(required=True)
    display_name = graphene.String(required=True)
    organisations = graphene.List(graphene.NonNull(OrganisationAccess), required=True)

    @staticmethod
    def resolve_id(root, info: graphene.ResolveInfo) -> str:
        return str(root.pk)

    @staticmethod
    def resolve_display_name(root, info: graphene.ResolveInfo) -> str:
        return root.display_name or root.username

    @staticmethod
    def resolve_organisations(root, info: graphene.ResolveInfo) -> list[Access]:
        return accessible_organisations(root)


class Member(graphene.ObjectType):
    """A person holding roles in the current organisation."""

    username = graphene.String(required=True)
    display_name = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    roles = graphene.List(graphene.NonNull(RoleName), required=True)
