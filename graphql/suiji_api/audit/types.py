import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from suiji_tenants.audit.models import AuditRecord as AuditRecordModel


class CountableConnection(relay.Connection):
    """A Relay connection that also reports how many rows match."""

    total_count = graphene.Int(required=True)

    class Meta:
        abstract = True

    def resolve_total_count(root, info: graphene.ResolveInfo) -> int:
        return root.length


class AuditRecord(DjangoObjectType):
    """One link of the organisation's hash-chained audit log."""

    class Meta:
        model = AuditRecordModel
        fields = (
            "id",
            "seq",
            "at",
            "actor",
            "organisation_code",
            "operation",
            "object_type",
            "object_id",
            "before",
            "after",
            "prev_hash",
            "hash",
        )
        interfaces = (relay.Node,)
        connection_class = CountableConnection


class AuditChainStatus(graphene.ObjectType):
    ok = graphene.Boolean(required=True)
    records = graphene.Int(required=True)
    message = graphene.String(required=True)
    broken_seq = graphene.Int()
