import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from suiji_tenants.audit.models import AuditRecord as AuditRecordModel

from ..core.connections import CountableConnection


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
