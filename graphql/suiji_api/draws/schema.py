"""Draw queries and mutations, and the public reading of published (and voided) draw
records (anonymous, no personal data)."""

from typing import Any

import graphene
from django_tenants.utils import schema_context
from graphene_django import DjangoConnectionField

from suiji_platform.accounts.access import Permission
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.draws import models, services
from suiji_tenants.plans.models import PlanTask

from ..core.errors import BadInput, NotFound
from ..core.nodes import decode_public_id
from ..core.permissions import permission_required
from ..registries.mutations.base import get_by_global_id
from . import types
from .mutations.draw_commit import CommitDraw
from .mutations.draw_create import CreateDraw
from .mutations.draw_execute import ExecuteDraw
from .mutations.draw_publish import PublishDraw
from .mutations.draw_void import VoidDraw
from .mutations.witness_add import AddWitnessInput

_PUBLIC_LIMIT = 200


def _public(organisation: Organisation, draws: Any) -> list[models.Draw]:
    rows = list(draws)
    for d in rows:
        d._organisation = organisation
    return rows


class DrawQueries(graphene.ObjectType):
    draws = DjangoConnectionField(
        types.Draw,
        status=graphene.Argument(types.DrawStatusEnum),
        task_id=graphene.ID(),
        description="本机构的随机抽取（最新在前）",
    )
    draw = graphene.Field(types.Draw, id=graphene.ID(required=True), description="一次抽取")
    draw_preview = graphene.Field(
        types.DrawPreview,
        task_id=graphene.ID(required=True),
        round=graphene.Int(required=True),
        min_per_stratum=graphene.Int(),
        visit_cap=graphene.Int(),
        description="抽取前预览候选池（不写入任何数据）",
    )
    public_draws = graphene.List(
        graphene.NonNull(types.PublicDraw),
        organisation_code=graphene.String(required=True),
        description="公开的抽取：提交后即公布（揭晓前），含已作废；无需登录",
    )
    public_draw = graphene.Field(
        types.PublicDraw,
        id=graphene.ID(description="公开抽取的 ID（与 organisationCode + reference 二选一）"),
        organisation_code=graphene.String(description="机构代码（与 reference 一起）"),
        reference=graphene.String(description="抽取编号，如 533103-D000001"),
        description="一次公开的抽取，按 ID 或按机构代码与抽取编号；无需登录",
    )

    @staticmethod
    def resolve_draws(
        root: Any, info: Any, status: Any = None, task_id: str | None = None, **kwargs: Any
    ) -> Any:
        qs = models.Draw.objects.select_related("created_by", "executed_by", "voided_by")
        if status is not None:
            qs = qs.filter(status=getattr(status, "value", status))
        if task_id:
            try:
                qs = qs.filter(task=get_by_global_id(PlanTask, "PlanTask", task_id, "taskId"))
            except FieldError as exc:
                raise BadInput(exc.message, "taskId") from None
        return qs

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_draw(root: Any, info: Any, id: str) -> models.Draw | None:  # noqa: A002
        try:
            draw: models.Draw = get_by_global_id(models.Draw, "Draw", id)
        except FieldError:
            return None
        return draw

    @staticmethod
    @permission_required(Permission.RUN_DRAWS)
    def resolve_draw_preview(
        root: Any,
        info: Any,
        task_id: str,
        round: int,  # noqa: A002
        min_per_stratum: int | None = None,
        visit_cap: int | None = None,
    ) -> services.Preview:
        try:
            task = get_by_global_id(PlanTask, "PlanTask", task_id, "taskId")
            return services.preview_draw(
                task, round, min_per_stratum=min_per_stratum or 0, visit_cap=visit_cap
            )
        except FieldError as exc:
            raise BadInput(exc.message, exc.field) from None

    @staticmethod
    def resolve_public_draws(root: Any, info: Any, organisation_code: str) -> list[models.Draw]:
        organisation = Organisation.objects.filter(code=organisation_code).first()
        if organisation is None:
            raise NotFound(f"未找到机构 {organisation_code}。")
        with schema_context(organisation.schema_name):
            # Public from the commit on (before the reveal); the result only once published.
            qs = models.Draw.objects.filter(
                status__in=services.COMMIT_PUBLIC_STATUSES, committed_at__isnull=False
            ).defer("record_body_gz")
            return _public(organisation, qs[:_PUBLIC_LIMIT])

    @staticmethod
    def resolve_public_draw(
        root: Any,
        info: Any,
        id: str | None = None,  # noqa: A002
        organisation_code: str | None = None,
        reference: str | None = None,
    ) -> models.Draw:
        which: dict[str, int | str]
        if id is not None:
            code, pk = decode_public_id(id, "PublicDraw") or ("", 0)
            which = {"pk": pk}
        elif organisation_code is not None and reference is not None:
            # A readable address (/public/533103/draws/533103-D000001); the reference names its
            # organisation, so one of another organisation is simply not found.
            own = reference.startswith(f"{organisation_code}-")
            code, which = (organisation_code if own else ""), {"reference": reference}
        else:
            raise BadInput("请提供公开抽取的 ID，或机构代码与抽取编号。", "id")
        organisation = Organisation.objects.filter(code=code).first() if code else None
        if organisation is None:
            raise NotFound("未找到该抽取记录。")
        with schema_context(organisation.schema_name):
            draw = models.Draw.objects.filter(
                **which, status__in=services.COMMIT_PUBLIC_STATUSES, committed_at__isnull=False
            ).first()
            if draw is None:
                raise NotFound("未找到该抽取记录。")
            return _public(organisation, [draw])[0]


class DrawMutations(graphene.ObjectType):
    create_draw = CreateDraw.Field()
    commit_draw = CommitDraw.Field()
    add_witness_input = AddWitnessInput.Field()
    execute_draw = ExecuteDraw.Field()
    publish_draw = PublishDraw.Field()
    void_draw = VoidDraw.Field()
