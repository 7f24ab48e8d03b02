from typing import Any

import graphene
from django.db import transaction
from graphene_django import DjangoConnectionField

from suiji_platform.accounts.access import Permission
from suiji_platform.jobs.services import create_job
from suiji_tenants.audit.models import AuditRecord as AuditRecordModel
from suiji_tenants.audit.services import verify_chain
from suiji_tenants.audit.tasks import verify_audit_task

from ..core.context import get_organisation
from ..core.mutations import SuijiMutation
from ..core.permissions import permission_required
from ..jobs.types import Job
from .types import AuditChainStatus, AuditRecord


class AuditQueries(graphene.ObjectType):
    audit_records = DjangoConnectionField(
        AuditRecord,
        operation=graphene.String(),
        description="The current organisation's audit log, newest first.",
    )
    audit_chain_status = graphene.Field(AuditChainStatus, required=True)

    @staticmethod
    @permission_required(Permission.READ_AUDIT)
    def resolve_audit_records(root: Any, info: graphene.ResolveInfo, **kwargs: Any) -> Any:
        queryset = AuditRecordModel.objects.order_by("-seq")
        if kwargs.get("operation"):
            queryset = queryset.filter(operation=kwargs["operation"])
        return queryset

    @staticmethod
    @permission_required(Permission.READ_AUDIT)
    def resolve_audit_chain_status(root: Any, info: graphene.ResolveInfo) -> Any:
        return verify_chain()


class StartAuditVerification(SuijiMutation):
    """Verify the organisation's audit chain in the background; the job reports the result."""

    permission = Permission.READ_AUDIT

    job = graphene.Field(Job)

    @classmethod
    def perform(cls, root: Any, info: Any) -> dict[str, Any]:
        organisation = get_organisation(info.context)
        job = create_job(
            kind="audit.verify", organisation=organisation, created_by=info.context.user
        )
        transaction.on_commit(lambda: verify_audit_task.delay(job.pk))
        return {"job": job}


class AuditMutations(graphene.ObjectType):
    start_audit_verification = StartAuditVerification.Field()
