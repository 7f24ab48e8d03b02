"""Draw types: explicit fields. The server secret is never a field: it is revealed only in
the record after execution. Public types carry no personal data (inspectors' names and
certificate numbers may be shown, ID numbers and phones never)."""

from typing import Any

import graphene
from django_tenants.utils import schema_context
from graphene import relay

from suiji_platform.accounts.access import Permission
from suiji_tenants.draws import models, services
from suiji_tenants.draws.pool import REASON_LABELS, REASONS
from suiji_tenants.registries import crypto

from ..core.connections import CountableConnection
from ..core.context import get_organisation
from ..core.nodes import SuijiNode
from ..core.notices import Notice, notices_field, notices_of
from .fraction import Fraction


def _enum(name: str, choices: Any) -> type[graphene.Enum]:
    return graphene.Enum(name, [(c.name, c.value) for c in choices])


DrawStatusEnum = _enum("DrawStatus", models.DrawStatus)
ExclusionReasonEnum = graphene.Enum("ExclusionReason", [(r.upper(), r) for r in REASONS])

MAX_PAGE = 500


def _page(offset: int | None, limit: int | None) -> tuple[int, int]:
    start = max(offset or 0, 0)
    return start, start + max(1, min(limit or 100, MAX_PAGE))


class WitnessInput(graphene.ObjectType):
    name = graphene.String(required=True)
    value = graphene.String(required=True)


class StratumPreview(graphene.ObjectType):
    region = graphene.String(required=True)
    entity_type = graphene.String(required=True)
    credit_class = graphene.String(required=True)
    available = graphene.Int(required=True, description="可抽数量")
    quota = graphene.Int(
        required=True, description="最多抽取数（随机舍入以揭示后的种子为准，可能少1）"
    )
    quota_min = graphene.Int(required=True, description="最少抽取数")
    ratio = graphene.Field(Fraction, description="该分层声明的抽查比例（比例模式）")
    probability = graphene.Field(Fraction, description="该分层每个对象被抽中的概率")


class DrawStratum(graphene.ObjectType):
    """A stratum as published at commit: size, declared ratio, each entity's chance (§6)."""

    region = graphene.String(required=True)
    entity_type = graphene.String(required=True)
    credit_class = graphene.String(required=True)
    available = graphene.Int(required=True)
    ratio = graphene.Field(Fraction)
    probability = graphene.Field(Fraction)


class InspectorChance(graphene.ObjectType):
    """An eligible officer's or expert's chance of a seat in the teams (§9), from the record."""

    role = graphene.String(required=True, description="officer 或 expert")
    code = graphene.String(required=True, description="执法证号（专家为专家库编号）")
    department = graphene.String(required=True)
    probability = graphene.Field(graphene.NonNull(Fraction))


class DrawCreditRatio(graphene.ObjectType):
    """A credit class and its ratio as frozen in a draw's parameters."""

    credit_class = graphene.String(required=True)
    ratio_bp = graphene.Int(required=True, description="万分比")


class DrawParametersSummary(graphene.ObjectType):
    """The parameters published at commit (the commit record holds them all)."""

    sampling_mode = graphene.String(required=True)
    ratio_bp = graphene.Int(required=True)
    credit_ratios = graphene.List(graphene.NonNull(DrawCreditRatio), required=True)
    target_count = graphene.Int(required=True)
    min_per_stratum = graphene.Int(required=True)
    cap_bp = graphene.Int(description="抽取上限（万分比，R5 州级 1%）")
    team_size = graphene.Int(required=True)
    targets_per_team = graphene.Int(required=True)
    experts_per_team = graphene.Int(required=True)


class ReasonCount(graphene.ObjectType):
    reason = graphene.Field(ExclusionReasonEnum, required=True)
    label = graphene.String(required=True)
    count = graphene.Int(required=True)


class ExcludedEntity(graphene.ObjectType):
    code = graphene.String(required=True, description="统一社会信用代码")
    reason = graphene.Field(ExclusionReasonEnum, required=True)
    label = graphene.String(required=True)
    region = graphene.String(required=True)
    entity_type = graphene.String(required=True)
    credit_class = graphene.String(required=True)


class ExcludedPage(graphene.ObjectType):
    total_count = graphene.Int(required=True)
    items = graphene.List(graphene.NonNull(ExcludedEntity), required=True)


class DrawPreview(graphene.ObjectType):
    """候选池预览：各分层数量与每个被排除对象及原因。"""

    pool_size = graphene.Int(required=True)
    targets = graphene.Int(required=True)
    teams = graphene.Int(required=True)
    strata = graphene.List(graphene.NonNull(StratumPreview), required=True)
    targets_min = graphene.Int(required=True, description="最少抽取总数（随机舍入）")
    excluded_by_reason = graphene.List(graphene.NonNull(ReasonCount), required=True)
    excluded = graphene.Field(
        graphene.NonNull(ExcludedPage),
        offset=graphene.Int(),
        limit=graphene.Int(),
        reason=graphene.Argument(ExclusionReasonEnum),
    )
    warnings = graphene.List(graphene.NonNull(graphene.String), required=True)
    notices = notices_field()

    @staticmethod
    def resolve_notices(root: services.Preview, info: Any) -> list[Notice]:
        return notices_of(root.warnings)

    @staticmethod
    def resolve_strata(root: services.Preview, info: Any) -> list[StratumPreview]:
        return [
            StratumPreview(
                region=s.stratum[0],
                entity_type=s.stratum[1],
                credit_class=s.stratum[2],
                available=s.available,
                quota=s.quota,
                quota_min=s.quota_min,
                ratio=Fraction.of(s.ratio),
                probability=Fraction.of(s.probability),
            )
            for s in root.strata
        ]

    @staticmethod
    def resolve_excluded_by_reason(root: services.Preview, info: Any) -> list[ReasonCount]:
        return [
            ReasonCount(reason=r, label=REASON_LABELS[r], count=n)
            for r, n in root.excluded_by_reason.items()
        ]

    @staticmethod
    def resolve_excluded(
        root: services.Preview,
        info: Any,
        offset: int | None = None,
        limit: int | None = None,
        reason: Any = None,
    ) -> ExcludedPage:
        reason = getattr(reason, "value", reason)
        rows = [e for e in root.excluded if reason is None or e.reason == reason]
        start, end = _page(offset, limit)
        return ExcludedPage(
            total_count=len(rows),
            items=[
                ExcludedEntity(
                    code=e.code,
                    reason=e.reason,
                    label=REASON_LABELS[e.reason],
                    region=e.stratum[0],
                    entity_type=e.stratum[1],
                    credit_class=e.stratum[2],
                )
                for e in rows[start:end]
            ],
        )


class TeamMember(graphene.ObjectType):
    role = graphene.String(required=True, description="officer（执法检查人员）或 expert（专家）")
    code = graphene.String(required=True, description="执法证号（专家为专家库编号）")
    name = graphene.String(required=True)


class DrawTeam(graphene.ObjectType):
    number = graphene.Int(required=True)
    members = graphene.List(graphene.NonNull(TeamMember), required=True)
    target_codes = graphene.List(graphene.NonNull(graphene.String), required=True)


class DrawTarget(graphene.ObjectType):
    position = graphene.Int(required=True)
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    region = graphene.String(required=True)
    entity_type = graphene.String(required=True)
    credit_class = graphene.String(required=True)
    key = graphene.String(required=True, description="排序键 SHA-256(seed‖id)")
    team_number = graphene.Int(required=True)


class DrawTargetPage(graphene.ObjectType):
    total_count = graphene.Int(required=True)
    items = graphene.List(graphene.NonNull(DrawTarget), required=True)


class Recusal(graphene.ObjectType):
    seq = graphene.Int(required=True)
    kind = graphene.String(required=True, description="swap（调换对象）或 replace（替补人员）")
    role = graphene.String(required=True)
    team_number = graphene.Int(required=True)
    target = graphene.String(required=True)
    inspector = graphene.String(required=True)
    reason = graphene.String(required=True)
    swap_team = graphene.Int()
    swap_target = graphene.String()
    replacement = graphene.String()


def _targets(draw: models.Draw, offset: int | None, limit: int | None) -> DrawTargetPage:
    start, end = _page(offset, limit)
    qs = models.DrawTarget.objects.filter(draw=draw)
    return DrawTargetPage(
        total_count=draw.target_count,
        items=[
            DrawTarget(
                position=t.position,
                code=t.code,
                name=t.name,
                region=t.stratum[0],
                entity_type=t.stratum[1],
                credit_class=t.stratum[2],
                key=t.key,
                team_number=t.team_number,
            )
            for t in qs[start:end]
        ],
    )


def _teams(draw: models.Draw) -> list[DrawTeam]:
    targets: dict[int, list[str]] = {}
    for code, team in models.DrawTarget.objects.filter(draw=draw).values_list(
        "code", "team_number"
    ):
        targets.setdefault(team, []).append(code)
    teams = models.DrawTeam.objects.filter(draw=draw).prefetch_related("members")
    return [
        DrawTeam(
            number=t.number,
            members=[TeamMember(role=m.role, code=m.code, name=m.name) for m in t.members.all()],
            target_codes=targets.get(t.number, []),
        )
        for t in teams
    ]


def _recusals(draw: models.Draw) -> list[Recusal]:
    return [
        Recusal(
            seq=r.seq,
            kind=r.kind,
            role=r.role,
            team_number=r.team_number,
            target=r.target,
            inspector=r.inspector,
            reason=r.reason,
            swap_team=r.swap_team,
            swap_target=r.swap_target or None,
            replacement=r.replacement or None,
        )
        for r in models.Recusal.objects.filter(draw=draw)
    ]


def commit_url(draw: models.Draw, organisation_code: str) -> str | None:
    """Path of the commit record (public from the commit on; suiji-draw/2 draws)."""
    if draw.status not in services.COMMIT_PUBLIC_STATUSES or "commit_strata" not in draw.parameters:
        return None
    return f"/o/{organisation_code}/draws/{draw.reference}/commit.json"


def _strata(draw: models.Draw) -> list[DrawStratum]:
    return [
        DrawStratum(
            region=s["stratum"][0],
            entity_type=s["stratum"][1],
            credit_class=s["stratum"][2],
            available=s["available"],
            ratio=Fraction.of(s["ratio"]),
            probability=Fraction.of(s["probability"]),
        )
        for s in draw.parameters.get("commit_strata", [])
    ]


def _summary(draw: models.Draw) -> DrawParametersSummary:
    p = draw.parameters
    return DrawParametersSummary(
        sampling_mode=p["sampling_mode"],
        ratio_bp=p["ratio_bp"],
        credit_ratios=[
            DrawCreditRatio(credit_class=c, ratio_bp=bp) for c, bp in p["credit_ratios_bp"].items()
        ],
        target_count=p["target_count"],
        min_per_stratum=p["min_per_stratum"],
        cap_bp=p.get("cap_bp"),
        team_size=p["team_size"],
        targets_per_team=p["targets_per_team"],
        experts_per_team=p["experts_per_team"],
    )


def _chances(draw: models.Draw) -> list[InspectorChance]:
    body = services.record_summary(draw)
    if body is None:
        return []
    return [
        InspectorChance(
            role=role,
            code=r["id"],
            department=r["department"],
            probability=Fraction.of(r["probability"]),
        )
        for role, key in (("officer", "officer_ranking"), ("expert", "expert_ranking"))
        for r in body.get(key, [])
        if "probability" in r
    ]


def record_url(draw: models.Draw, organisation_code: str) -> str | None:
    """Absolute path of the record download (works from any endpoint, public or not)."""
    if draw.status not in services.PUBLIC_STATUSES or not draw.result_digest:
        return None
    return f"/o/{organisation_code}/draws/{draw.reference}/record.json"


class DrawFields:
    """Fields shared by the organisation's view and the public view of a draw."""

    reference = graphene.String(required=True, description="抽取编号")
    status = graphene.Field(DrawStatusEnum, required=True)
    plan_year = graphene.Int(required=True)
    task_title = graphene.String(required=True)
    round_number = graphene.Int(required=True)
    window_start = graphene.String(required=True)
    window_end = graphene.String(required=True)
    pool_size = graphene.Int()
    pool_digest = graphene.String()
    excluded_count = graphene.Int()
    exclusions_digest = graphene.String()
    commitment = graphene.String(description="承诺值 SHA-256(secret)，提交时公布")
    witnesses = graphene.List(graphene.NonNull(WitnessInput), required=True)
    seed = graphene.String()
    revealed_secret = graphene.String(
        description="揭晓后的服务器密钥（hex）：SHA-256(密钥) 应等于提交时公布的承诺值"
    )
    result_digest = graphene.String()
    target_count = graphene.Int(required=True)
    team_count = graphene.Int(required=True)
    recusal_count = graphene.Int(required=True)
    committed_at = graphene.DateTime()
    executed_at = graphene.DateTime()
    published_at = graphene.DateTime()
    void_reason = graphene.String()
    voided_at = graphene.DateTime()
    record_url = graphene.String(
        description="抽取记录 JSON 下载地址（公开或作废后），可用 verify-draw 校验"
    )
    record_format = graphene.String(
        required=True, description="记录格式：suiji-draw/2（随机舍入），早期抽取为 suiji-draw/1"
    )
    commit_url = graphene.String(
        description="提交记录 JSON 下载地址：提交后即公开，揭晓前即可下载留存"
    )
    strata = graphene.List(
        graphene.NonNull(DrawStratum),
        required=True,
        description="提交时公布的各分层：可抽数量、声明比例、每个对象被抽中的概率",
    )
    parameters_summary = graphene.Field(graphene.NonNull(DrawParametersSummary))
    inspector_chances = graphene.List(
        graphene.NonNull(InspectorChance),
        required=True,
        description="每名符合条件的执法检查人员和专家被抽中的概率（揭晓后，来自抽取记录）",
    )
    targets = graphene.Field(
        graphene.NonNull(DrawTargetPage), offset=graphene.Int(), limit=graphene.Int()
    )
    teams = graphene.List(graphene.NonNull(DrawTeam), required=True)
    recusals = graphene.List(graphene.NonNull(Recusal), required=True)

    @staticmethod
    def resolve_status(root: models.Draw, info: Any) -> str:
        return str(models.DrawStatus(root.status).value)

    @staticmethod
    def resolve_task_title(root: models.Draw, info: Any) -> str:
        return str(root.parameters["plan"]["task"])

    @staticmethod
    def resolve_round_number(root: models.Draw, info: Any) -> int:
        return int(root.parameters["round"])

    @staticmethod
    def resolve_window_start(root: models.Draw, info: Any) -> str:
        return str(root.parameters["window"]["start"])

    @staticmethod
    def resolve_window_end(root: models.Draw, info: Any) -> str:
        return str(root.parameters["window"]["end"])

    @staticmethod
    def resolve_witnesses(root: models.Draw, info: Any) -> list[WitnessInput]:
        return [WitnessInput(name=w["name"], value=w["value"]) for w in root.witnesses]

    @staticmethod
    def resolve_targets(
        root: models.Draw, info: Any, offset: int | None = None, limit: int | None = None
    ) -> DrawTargetPage:
        return _targets(root, offset, limit)

    @staticmethod
    def resolve_teams(root: models.Draw, info: Any) -> list[DrawTeam]:
        return _teams(root)

    @staticmethod
    def resolve_recusals(root: models.Draw, info: Any) -> list[Recusal]:
        return _recusals(root)

    @staticmethod
    def resolve_record_url(root: models.Draw, info: Any) -> str | None:
        return record_url(root, get_organisation(info.context).code)

    @staticmethod
    def resolve_commit_url(root: models.Draw, info: Any) -> str | None:
        return commit_url(root, get_organisation(info.context).code)

    @staticmethod
    def resolve_record_format(root: models.Draw, info: Any) -> str:
        return str(root.parameters.get("format", "suiji-draw/1"))

    @staticmethod
    def resolve_strata(root: models.Draw, info: Any) -> list[DrawStratum]:
        return _strata(root)

    @staticmethod
    def resolve_parameters_summary(root: models.Draw, info: Any) -> DrawParametersSummary:
        return _summary(root)

    @staticmethod
    def resolve_inspector_chances(root: models.Draw, info: Any) -> list[InspectorChance]:
        return _chances(root)

    @staticmethod
    def resolve_seed(root: models.Draw, info: Any) -> str | None:
        return root.seed or None

    @staticmethod
    def resolve_revealed_secret(root: models.Draw, info: Any) -> str | None:
        # The secret stays hidden until the draw is executed (the seed exists only then).
        if not root.seed or not root.secret_encrypted:
            return None
        return crypto.decrypt(root.secret_encrypted)


_MODEL_FIELDS = (
    "id",
    "reference",
    "status",
    "plan_year",
    "pool_size",
    "pool_digest",
    "excluded_count",
    "exclusions_digest",
    "commitment",
    "result_digest",
    "target_count",
    "team_count",
    "recusal_count",
    "created_at",
    "committed_at",
    "executed_at",
    "published_at",
    "void_reason",
    "voided_at",
)


class Draw(DrawFields, SuijiNode):
    """本机构的一次随机抽取（含预览、承诺、见证输入、结果、公开与作废）。"""

    node_permission = Permission.READ_ORGANISATION

    created_by = graphene.String()
    executed_by = graphene.String()
    voided_by = graphene.String()
    preview = graphene.Field(graphene.NonNull(DrawPreview))

    class Meta:
        model = models.Draw
        fields = _MODEL_FIELDS
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @staticmethod
    def resolve_created_by(root: models.Draw, info: Any) -> str | None:
        return root.created_by.display_name if root.created_by else None

    @staticmethod
    def resolve_executed_by(root: models.Draw, info: Any) -> str | None:
        return root.executed_by.display_name if root.executed_by else None

    @staticmethod
    def resolve_voided_by(root: models.Draw, info: Any) -> str | None:
        return root.voided_by.display_name if root.voided_by else None

    @staticmethod
    def resolve_preview(root: models.Draw, info: Any) -> services.Preview:
        return services.draw_preview(root)


class PublicDraw(DrawFields, graphene.ObjectType):
    """公开的抽取：提交后即公布承诺值、摘要、参数与各分层（揭晓前）；公开（或作废）后公布结果与
    抽取记录，任何人可下载并校验。"""

    id = graphene.ID(required=True)
    organisation_code = graphene.String(required=True)
    organisation_name = graphene.String(required=True)

    @staticmethod
    def resolve_id(root: models.Draw, info: Any) -> str:
        from graphql_relay import to_global_id

        return to_global_id("PublicDraw", f"{root._organisation.code}-{root.pk}")  # type: ignore[attr-defined]

    @staticmethod
    def resolve_organisation_code(root: models.Draw, info: Any) -> str:
        return str(root._organisation.code)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_organisation_name(root: models.Draw, info: Any) -> str:
        return str(root._organisation.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_record_url(root: models.Draw, info: Any) -> str | None:
        return record_url(root, root._organisation.code)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_commit_url(root: models.Draw, info: Any) -> str | None:
        return commit_url(root, root._organisation.code)  # type: ignore[attr-defined]

    # A committed draw is public before the reveal: its result only once published.
    @staticmethod
    def resolve_seed(root: models.Draw, info: Any) -> str | None:
        return root.seed or None if _revealed(root) else None

    @staticmethod
    def resolve_revealed_secret(root: models.Draw, info: Any) -> str | None:
        if not _revealed(root) or not root.secret_encrypted:
            return None
        return crypto.decrypt(root.secret_encrypted)

    @staticmethod
    def resolve_result_digest(root: models.Draw, info: Any) -> str | None:
        return root.result_digest or None if _revealed(root) else None

    @staticmethod
    def resolve_target_count(root: models.Draw, info: Any) -> int:
        return root.target_count if _revealed(root) else 0

    @staticmethod
    def resolve_team_count(root: models.Draw, info: Any) -> int:
        return root.team_count if _revealed(root) else 0

    @staticmethod
    def resolve_recusal_count(root: models.Draw, info: Any) -> int:
        return root.recusal_count if _revealed(root) else 0

    @staticmethod
    def resolve_inspector_chances(root: models.Draw, info: Any) -> list[InspectorChance]:
        if not _revealed(root):
            return []
        with schema_context(root._organisation.schema_name):  # type: ignore[attr-defined]
            return _chances(root)

    # Anonymous reads happen on the public endpoint: read the draw's own schema.
    @staticmethod
    def resolve_targets(
        root: models.Draw, info: Any, offset: int | None = None, limit: int | None = None
    ) -> DrawTargetPage:
        if not _revealed(root):
            return DrawTargetPage(total_count=0, items=[])
        with schema_context(root._organisation.schema_name):  # type: ignore[attr-defined]
            return _targets(root, offset, limit)

    @staticmethod
    def resolve_teams(root: models.Draw, info: Any) -> list[DrawTeam]:
        if not _revealed(root):
            return []
        with schema_context(root._organisation.schema_name):  # type: ignore[attr-defined]
            return _teams(root)

    @staticmethod
    def resolve_recusals(root: models.Draw, info: Any) -> list[Recusal]:
        if not _revealed(root):
            return []
        with schema_context(root._organisation.schema_name):  # type: ignore[attr-defined]
            return _recusals(root)


def _revealed(draw: models.Draw) -> bool:
    """The result of a draw is public once published (or voided after execution)."""
    return draw.status in services.PUBLIC_STATUSES and draw.executed_at is not None
