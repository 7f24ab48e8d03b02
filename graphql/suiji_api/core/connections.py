import graphene
from graphene import relay


class CountableConnection(relay.Connection):
    """A Relay connection that also reports how many rows match."""

    total_count = graphene.Int(required=True)

    class Meta:
        abstract = True

    def resolve_total_count(root, info: graphene.ResolveInfo) -> int:  # noqa: N805
        return root.length
