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

# The scope fields (R9), named as the entity's columns; a project has its own region and takes
# the others from its responsible entity.
SCOPE_FIELDS = ("entity_type", "nature", "region", "credit_class")
PROJECT_OWN_FIELDS = frozenset({"region"})


def scope_lookup(kind: str, name: str) -> str:
    """The ORM lookup of a scope field for a kind of target."""
    if kind == PROJECT and name not in PROJECT_OWN_FIELDS:
        return f"responsible_entity__{name}"
    return name


def scope_sql(kind: str, name: str) -> str:
    """The SQL column of a scope field where entities are ``e`` and projects ``p`` (a project's
    responsible entity being ``e``), as in the draw's pool statement."""
    if kind == PROJECT and name in PROJECT_OWN_FIELDS:
        return f"p.{name}"
    return f"e.{name}"


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
    condition = Q()
    for name, values in scope.items():
        if values:
            condition &= Q(**{f"{scope_lookup(kind, name)}__in": list(values)})
    return drawable(kind).filter(condition)


def stratum_counts(
    kind: str, scope: Mapping[str, Sequence[str]]
) -> list[tuple[tuple[str, str, str], int]]:
    """ONE aggregate query: drawable targets in scope by (region, entity type, credit class)."""
    rows = (
        scoped(kind, scope)
        .annotate(
            s_region=F(scope_lookup(kind, "region")),
            s_type=F(scope_lookup(kind, "entity_type")),
            s_credit=F(scope_lookup(kind, "credit_class")),
        )
        .values_list("s_region", "s_type", "s_credit")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [((region or "", etype or "", credit or ""), n) for region, etype, credit, n in rows]
