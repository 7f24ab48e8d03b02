"""What a draw can draw: market entities or construction projects (R2, R9).

A market entity is drawable while active (存续); a construction project while under
construction (在建). Both are stratified by region × entity type × credit class: a project by
its own region and by the type and credit class of its responsible entity (R7: credit
differentiation applies to the builder), blank values standing for themselves. Directed
scopes (R9) filter the same columns: a project's type, nature and credit class are those of
its responsible entity.
"""

from collections.abc import Mapping, Sequence

from django.db.models import Count, F, Q, QuerySet

from .models import ConstructionStatus, EntityStatus, MarketEntity, Project

ENTITY = "entity"
PROJECT = "project"

# Scope field -> column, for entities and for projects.
ENTITY_COLUMNS = {
    "entity_type": "entity_type",
    "nature": "nature",
    "region": "region",
    "credit_class": "credit_class",
}
PROJECT_COLUMNS = {
    "entity_type": "responsible_entity__entity_type",
    "nature": "responsible_entity__nature",
    "region": "region",
    "credit_class": "responsible_entity__credit_class",
}


def drawable(kind: str) -> "QuerySet[MarketEntity] | QuerySet[Project]":
    if kind == PROJECT:
        return Project.objects.filter(construction_status=ConstructionStatus.UNDER_CONSTRUCTION)
    return MarketEntity.objects.filter(status=EntityStatus.ACTIVE)


def drawable_count(kind: str) -> int:
    return drawable(kind).count()


def scoped(
    kind: str, scope: Mapping[str, Sequence[str]]
) -> "QuerySet[MarketEntity] | QuerySet[Project]":
    """The drawable targets of a kind in a directed scope (empty lists: no condition)."""
    columns = PROJECT_COLUMNS if kind == PROJECT else ENTITY_COLUMNS
    condition = Q()
    for name, values in scope.items():
        if values:
            condition &= Q(**{f"{columns[name]}__in": list(values)})
    return drawable(kind).filter(condition)


def stratum_counts(
    kind: str, scope: Mapping[str, Sequence[str]]
) -> list[tuple[tuple[str, str, str], int]]:
    """ONE aggregate query: drawable targets in scope by (region, entity type, credit class)."""
    columns = PROJECT_COLUMNS if kind == PROJECT else ENTITY_COLUMNS
    rows = (
        scoped(kind, scope)
        .annotate(
            s_region=F(columns["region"]),
            s_type=F(columns["entity_type"]),
            s_credit=F(columns["credit_class"]),
        )
        .values_list("s_region", "s_type", "s_credit")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [((region or "", etype or "", credit or ""), n) for region, etype, credit, n in rows]
