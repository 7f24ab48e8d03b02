from typing import Any

import graphene
from django.core.exceptions import ValidationError

from suiji_platform.jobs.models import Job as JobModel
from suiji_platform.jobs.services import refresh_if_lost

from ..core.context import get_organisation
from ..core.permissions import require_login
from .types import Job


class JobQueries(graphene.ObjectType):
    job = graphene.Field(Job, id=graphene.ID(required=True))

    @staticmethod
    def resolve_job(root: Any, info: graphene.ResolveInfo, id: str) -> JobModel | None:  # noqa: A002
        user = require_login(info)
        try:
            job = JobModel.objects.filter(public_id=id).first()
        except ValidationError:
            return None
        if job is None:
            return None
        organisation = get_organisation(info.context)
        # A job is visible to whoever started it, in the organisation where it runs.
        if job.created_by_id != user.pk:
            return None
        if organisation is not None and job.organisation_id not in (None, organisation.pk):
            return None
        return refresh_if_lost(job)
