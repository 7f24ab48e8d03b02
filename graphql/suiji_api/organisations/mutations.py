from typing import Any

import graphene
from django.db import transaction

from suiji_platform.accounts.access import Permission
from suiji_platform.jobs.services import create_job
from suiji_platform.organisations.services import validate_new_organisation
from suiji_platform.organisations.tasks import create_organisation_task

from ..core.context import get_organisation
from ..core.mutations import SuijiMutation, enum_value
from ..jobs.types import Job
from .types import OrganisationKind


class CreateOrganisationInput(graphene.InputObjectType):
    code = graphene.String(required=True, description="6位行政区划代码")
    name = graphene.String(required=True)
    kind = OrganisationKind(required=True)
    parent_code = graphene.String()


class CreateOrganisation(SuijiMutation):
    """Prefecture admins create a bureau; its schema is cloned in the background (Celery)."""

    permission = Permission.CREATE_ORGANISATIONS

    class Arguments:
        input = CreateOrganisationInput(required=True)

    job = graphene.Field(Job)

    @classmethod
    def perform(cls, root: Any, info: Any, input: Any) -> dict[str, Any]:  # noqa: A002
        prefecture = get_organisation(info.context)
        kind = enum_value(input["kind"])
        parent_code = input.get("parent_code") or None
        if kind == "county" and parent_code is None:
            parent_code = prefecture.code
        validate_new_organisation(
            code=input["code"], name=input["name"], kind=kind, parent_code=parent_code
        )
        user = info.context.user
        job = create_job(kind="organisation.create", organisation=prefecture, created_by=user)
        args = (job.pk, input["code"].strip(), input["name"].strip(), kind, parent_code, user.pk)
        transaction.on_commit(lambda: create_organisation_task.delay(*args))
        return {"job": job}
