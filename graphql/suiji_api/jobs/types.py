import graphene

from suiji_platform.jobs.models import Job as JobModel
from suiji_platform.jobs.models import JobStatus as JobStatusChoice

JobStatus = graphene.Enum(
    "JobStatus",
    [
        ("PENDING", "pending"),
        ("RUNNING", "running"),
        ("SUCCEEDED", "succeeded"),
        ("FAILED", "failed"),
    ],
)


class Job(graphene.ObjectType):
    """A long operation running in the background, with its progress (0-100)."""

    id = graphene.ID(required=True)
    kind = graphene.String(required=True)
    status = graphene.Field(JobStatus, required=True)
    progress = graphene.Int(required=True)
    message = graphene.String(required=True)
    result = graphene.JSONString()

    @staticmethod
    def resolve_id(root: JobModel, info: graphene.ResolveInfo) -> str:
        return str(root.public_id)

    @staticmethod
    def resolve_status(root: JobModel, info: graphene.ResolveInfo) -> str:
        return str(JobStatusChoice(root.status).value)
