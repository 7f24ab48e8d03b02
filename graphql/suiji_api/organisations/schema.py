from typing import Any

import graphene

from suiji_platform.accounts.access import Permission
from suiji_platform.organisations.models import Organisation as OrganisationModel

from ..core.context import get_organisation
from ..core.permissions import permission_required
from .mutations import CreateOrganisation
from .types import Organisation


class OrganisationQueries(graphene.ObjectType):
    current_organisation = graphene.Field(
        Organisation,
        description="The organisation of the request path /o/<code>/graphql/ (null on /graphql/).",
    )
    public_organisations = graphene.List(
        graphene.NonNull(Organisation),
        required=True,
        description="Organisations listed on the public portal.",
    )

    @staticmethod
    def resolve_current_organisation(root: Any, info: graphene.ResolveInfo) -> Any:
        if get_organisation(info.context) is None:
            return None
        return _current(root, info)

    @staticmethod
    def resolve_public_organisations(root: Any, info: graphene.ResolveInfo) -> list[Any]:
        return list(OrganisationModel.objects.order_by("kind", "code"))


@permission_required(Permission.READ_ORGANISATION)
def _current(root: Any, info: graphene.ResolveInfo) -> Any:
    return get_organisation(info.context)


class OrganisationMutations(graphene.ObjectType):
    create_organisation = CreateOrganisation.Field()
