import graphene
from graphene import relay

from suiji_platform.organisations.models import Organisation as OrganisationModel

from ..core.nodes import PUBLIC, SuijiNode

OrganisationKind = graphene.Enum(
    "OrganisationKind", [("PREFECTURE", "prefecture"), ("COUNTY", "county")]
)


class Organisation(SuijiNode):
    """A bureau (tenant). Public information only."""

    node_permission = PUBLIC

    kind = graphene.Field(OrganisationKind, required=True)
    parent = graphene.Field(lambda: Organisation)
    children = graphene.List(graphene.NonNull(lambda: Organisation), required=True)

    class Meta:
        model = OrganisationModel
        fields = ("id", "code", "name", "kind", "parent", "children")
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_kind(root: OrganisationModel, info: graphene.ResolveInfo) -> str:
        return root.kind

    @staticmethod
    def resolve_children(root: OrganisationModel, info: graphene.ResolveInfo) -> list:
        return list(root.children.order_by("code"))
