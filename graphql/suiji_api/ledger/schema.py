"""Visit caps, combined visits (合并检查) and the burden view (受检负担), issue 11. Every read
goes to the public ledger and index (suiji_platform.ledger); no schema switching."""

from datetime import date
from typing import Any, ClassVar

import graphene

from suiji_platform.accounts.access import Permission
from suiji_platform.ledger import burden, caps, merges
from suiji_platform.ledger.models import VisitMerge
from suiji_platform.ledger.visits import Visit, area_of
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.registries.models import Department

from ..core.context import get_organisation
from ..core.errors import BadInput
from ..core.mutations import SuijiMutation
from ..core.permissions import require

DEPARTMENT_LABELS = dict(Department.choices)
SOURCE_LABELS = {"draw": "随机抽查", "targeted": "定向（非随机）检查"}


def _year(year: int | None) -> int:
    value = year or date.today().year
    if not 2000 <= value <= 2100:
        raise BadInput("年度应在2000到2100之间。", "year")
    return value


class VisitCapInfo(graphene.ObjectType):
    visit_cap = graphene.Int(required=True, description="每户每年随机检查次数上限")
    is_default = graphene.Boolean(required=True, description="州局尚未设定，使用默认值")
    prefecture_code = graphene.String()
    prefecture_name = graphene.String()
    updated_by = graphene.String()
    updated_at = graphene.DateTime()


class LedgerVisit(graphene.ObjectType):
    """One visit: one or more items of one or more departments, by one organisation (a
    combined visit: by several)."""

    visit_key = graphene.String(required=True)
    organisation_code = graphene.String(required=True)
    organisation_name = graphene.String(required=True)
    source = graphene.String(required=True, description="draw 随机抽查 / targeted 定向检查")
    source_label = graphene.String(required=True)
    starts_on = graphene.Date(required=True)
    ends_on = graphene.Date(required=True)
    items = graphene.List(graphene.NonNull(graphene.String), required=True)
    departments = graphene.List(graphene.NonNull(graphene.String), required=True)
    references = graphene.List(graphene.NonNull(graphene.String), required=True)
    merged = graphene.Boolean(required=True, description="合并检查")
    counts_toward_cap = graphene.Boolean(required=True)


def _visit(v: Visit, orgs: dict[int, Organisation]) -> LedgerVisit:
    org = orgs.get(v.organisation_id)
    return LedgerVisit(
        visit_key=v.visit_key,
        organisation_code=org.code if org else "",
        organisation_name=org.name if org else "",
        source=v.source,
        source_label=SOURCE_LABELS.get(v.source, v.source),
        starts_on=v.starts_on,
        ends_on=v.ends_on,
        items=list(v.items),
        departments=[DEPARTMENT_LABELS.get(d, d) for d in v.departments],
        references=list(v.references),
        merged=v.merged,
        counts_toward_cap=v.counts,
    )


class EntityBurden(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    year = graphene.Int(required=True)
    visit_cap = graphene.Int(required=True)
    random_visits = graphene.Int(required=True, description="计入上限的随机检查次数")
    targeted_visits = graphene.Int(required=True, description="定向检查次数（记录，不计上限）")
    remaining = graphene.Int(required=True)
    visits = graphene.List(graphene.NonNull(LedgerVisit), required=True)


class NearCapEntity(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    random_visits = graphene.Int(required=True)
    targeted_visits = graphene.Int(required=True)
    visit_cap = graphene.Int(required=True)


class VisitMergeProposal(graphene.ObjectType):
    entity_code = graphene.String(required=True)
    year = graphene.Int(required=True)
    starts_on = graphene.Date(required=True, description="合并检查可安排的共同时段开始")
    ends_on = graphene.Date(required=True)
    visits = graphene.List(graphene.NonNull(LedgerVisit), required=True)


class VisitMergeRecord(graphene.ObjectType):
    visit_key = graphene.String(required=True)
    entity_code = graphene.String(required=True)
    year = graphene.Int(required=True)
    organisation_code = graphene.String(required=True)
    starts_on = graphene.Date(required=True)
    ends_on = graphene.Date(required=True)
    items = graphene.List(graphene.NonNull(graphene.String), required=True)
    references = graphene.List(graphene.NonNull(graphene.String), required=True)
    created_by = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)


def _merge_record(m: VisitMerge) -> VisitMergeRecord:
    return VisitMergeRecord(
        visit_key=m.visit_key,
        entity_code=m.entity_code,
        year=m.plan_year,
        organisation_code=m.organisation.code,
        starts_on=m.starts_on,
        ends_on=m.ends_on,
        items=sorted({i for member in m.members for i in member["items"]}),
        references=sorted({r for member in m.members for r in member["references"]}),
        created_by=m.created_by,
        created_at=m.created_at,
    )


def _org(info: Any, permission: Permission) -> Organisation:
    require(info, permission)
    org: Organisation = get_organisation(info.context)
    return org


class LedgerQueries(graphene.ObjectType):
    visit_cap = graphene.Field(VisitCapInfo, required=True, description="每户每年受检次数上限")
    entity_burden = graphene.Field(
        EntityBurden,
        code=graphene.String(required=True, description="统一社会信用代码或项目代码"),
        year=graphene.Int(),
        required=True,
        description="受检负担：本年度跨部门、跨层级的全部检查",
    )
    entities_near_cap = graphene.List(
        graphene.NonNull(NearCapEntity),
        year=graphene.Int(),
        first=graphene.Int(),
        required=True,
        description="州局：受检次数最接近上限的主体",
    )
    visit_merge_proposals = graphene.List(
        graphene.NonNull(VisitMergeProposal),
        year=graphene.Int(),
        required=True,
        description="建议合并的检查（同一主体、同一时段）",
    )
    visit_merges = graphene.List(
        graphene.NonNull(VisitMergeRecord), year=graphene.Int(), required=True
    )

    @staticmethod
    def resolve_visit_cap(root: Any, info: Any) -> VisitCapInfo:
        org = _org(info, Permission.READ_ORGANISATION)
        prefecture = caps.prefecture_of(org)
        setting = getattr(prefecture, "visit_cap_setting", None) if prefecture else None
        return VisitCapInfo(
            visit_cap=setting.visit_cap if setting else caps.DEFAULT_VISIT_CAP,
            is_default=setting is None,
            prefecture_code=prefecture.code if prefecture else None,
            prefecture_name=prefecture.name if prefecture else None,
            updated_by=setting.updated_by if setting else None,
            updated_at=setting.updated_at if setting else None,
        )

    @staticmethod
    def resolve_entity_burden(
        root: Any, info: Any, code: str, year: int | None = None
    ) -> EntityBurden:
        org = _org(info, Permission.READ_BURDEN)
        try:
            b = burden.entity_burden(org, code, _year(year))
        except FieldError as exc:
            raise BadInput(exc.message, exc.field) from exc
        return EntityBurden(
            code=b.entity_code,
            name=b.entity_name,
            year=b.plan_year,
            visit_cap=b.visit_cap,
            random_visits=b.random_visits,
            targeted_visits=b.targeted_visits,
            remaining=b.remaining,
            visits=[_visit(v, b.organisations) for v in b.visits],
        )

    @staticmethod
    def resolve_entities_near_cap(
        root: Any, info: Any, year: int | None = None, first: int | None = None
    ) -> list[NearCapEntity]:
        org = _org(info, Permission.READ_BURDEN)
        try:
            rows = burden.closest_to_cap(org, _year(year), first or 50)
        except FieldError as exc:
            raise BadInput(exc.message, exc.field) from exc
        return [
            NearCapEntity(
                code=r.entity_code,
                name=r.entity_name,
                random_visits=r.random_visits,
                targeted_visits=r.targeted_visits,
                visit_cap=r.visit_cap,
            )
            for r in rows
        ]

    @staticmethod
    def resolve_visit_merge_proposals(
        root: Any, info: Any, year: int | None = None
    ) -> list[VisitMergeProposal]:
        org = _org(info, Permission.READ_BURDEN)
        found = merges.proposals(org, _year(year))
        orgs = Organisation.objects.in_bulk(
            {v.organisation_id for p in found for v in (p.first, p.second)}
        )
        return [
            VisitMergeProposal(
                entity_code=p.entity_code,
                year=p.plan_year,
                starts_on=p.starts_on,
                ends_on=p.ends_on,
                visits=[_visit(p.first, orgs), _visit(p.second, orgs)],
            )
            for p in found
        ]

    @staticmethod
    def resolve_visit_merges(root: Any, info: Any, year: int | None = None) -> list[Any]:
        org = _org(info, Permission.READ_BURDEN)
        qs = VisitMerge.objects.filter(
            plan_year=_year(year), organisation_id__in=area_of(org)
        ).select_related("organisation")
        return [_merge_record(m) for m in qs.order_by("-id")[:500]]


class SetVisitCap(SuijiMutation):
    """州局设定每户每年随机检查次数上限（跨部门、跨层级；定向检查不计）。"""

    permission: ClassVar[Permission | None] = Permission.SET_VISIT_CAP

    class Arguments:
        visit_cap = graphene.Int(required=True)

    visit_cap = graphene.Field(VisitCapInfo)

    @classmethod
    def perform(cls, root: Any, info: Any, visit_cap: int) -> dict[str, Any]:
        org: Organisation = get_organisation(info.context)
        setting = caps.set_visit_cap(org, visit_cap, acting_user=info.context.user)
        return {
            "visit_cap": VisitCapInfo(
                visit_cap=setting.visit_cap,
                is_default=False,
                prefecture_code=org.code,
                prefecture_name=org.name,
                updated_by=setting.updated_by,
                updated_at=setting.updated_at,
            )
        }


class AcceptVisitMerge(SuijiMutation):
    """接受合并检查建议：同一主体同一时段的几次检查合并为一次（进一次门、查多项事）。"""

    permission: ClassVar[Permission | None] = Permission.RUN_DRAWS

    class Arguments:
        entity_code = graphene.String(required=True)
        year = graphene.Int(required=True)
        visit_keys = graphene.List(graphene.NonNull(graphene.String), required=True)

    merge = graphene.Field(VisitMergeRecord)

    @classmethod
    def perform(
        cls, root: Any, info: Any, entity_code: str, year: int, visit_keys: list[str]
    ) -> dict[str, Any]:
        org: Organisation = get_organisation(info.context)
        if not 2000 <= year <= 2100:
            raise FieldError("year", "out_of_range", "年度应在2000到2100之间。")
        merge = merges.accept_merge(
            org,
            entity_code=entity_code.strip().upper(),
            plan_year=year,
            visit_keys=visit_keys,
            acting_user=info.context.user,
        )
        return {"merge": _merge_record(merge)}


class LedgerMutations(graphene.ObjectType):
    set_visit_cap = SetVisitCap.Field()
    accept_visit_merge = AcceptVisitMerge.Field()
