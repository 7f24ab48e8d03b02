import graphene
from graphene import relay

from suiji_platform.accounts.access import Permission
from suiji_tenants.audit.models import AuditRecord as AuditRecordModel

from ..core.connections import CountableConnection
from ..core.nodes import SuijiNode


class AuditRecord(SuijiNode):
    """One link of the organisation's hash-chained audit log."""

    node_permission = Permission.READ_AUDIT

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
