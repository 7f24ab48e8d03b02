"""Where a draw takes its pool from (DESIGN: the lifecycle is one; its pool has a source).

- ``RegistrySource``: a task of the organisation's own plan draws from its own registry (the
  organisation's schema) minus the public ledger's exclusions — a county draw, or the
  prefecture's own (州本级) task.
- ``IndexSource``: a joint task (联合抽查) draws over the prefecture-wide public index of the
  counties' entities or projects minus the ledger's exclusions — public schema only, no county
  schema read while serving the request. Every id carries its county as its organisation in
  the canonical pool, so the record and ``verify-draw`` are those of any draw.

The source is chosen from the draw's frozen parameters (``parameters["source"]``; absent =
the registry), so a committed draw always reads back the same kind of pool.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection

from suiji_platform.index.models import EntityIndex
from suiji_platform.organisations.models import Organisation
from suiji_tenants.plans.models import TargetKind
from suiji_tenants.registries.models import MarketEntity, Project

from .pool import Snapshot, take_index_snapshot, take_snapshot

REGISTRY = "registry"
INDEX = "index"


@dataclass(frozen=True)
class TargetRow:
    """What the draw's target rows hold of a drawn code besides the engine's result."""

    organisation_code: str
    entity_id: int | None
    name: str


class PoolSource(Protocol):
    @property
    def kind(self) -> str: ...

    def snapshot(self) -> Snapshot: ...

    def target_rows(self, targets: Sequence[tuple[str, str]]) -> dict[str, TargetRow]:
        """(code, org) of the drawn targets → their rows."""
        ...


def _year_items_cap(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "target_kind": p.get("target_kind", TargetKind.ENTITY),
        "plan_year": p["plan"]["year"],
        "item_codes": [it["code"] for it in p["items"]],
        "visit_cap": p["visit_cap"],
        "scope": p["scope"],
    }


@dataclass(frozen=True)
class RegistrySource:
    parameters: dict[str, Any]
    kind: str = REGISTRY

    def snapshot(self) -> Snapshot:
        return take_snapshot(**_year_items_cap(self.parameters))

    def target_rows(self, targets: Sequence[tuple[str, str]]) -> dict[str, TargetRow]:
        codes = [code for code, _ in targets]
        if self.parameters.get("target_kind") == TargetKind.PROJECT:
            # A drawn project: its code and name (the entity column is for market entities).
            table, code, pk = Project._meta.db_table, "code", "NULL"
        else:
            table, code, pk = MarketEntity._meta.db_table, "uscc", "id"
        sql = f"SELECT {code}, {pk}, name FROM {table} WHERE {code} = ANY(%s)"  # noqa: S608
        with connection.cursor() as cursor:
            # One array parameter: an IN list of ~10,000 placeholders costs more to parse.
            cursor.execute(sql, [codes])
            return {c: TargetRow("", pk_, name) for c, pk_, name in cursor.fetchall()}


@dataclass(frozen=True)
class IndexSource:
    parameters: dict[str, Any]
    kind: str = INDEX

    @property
    def counties(self) -> list[str]:
        return list(self.parameters["source"]["counties"])

    def snapshot(self) -> Snapshot:
        return take_index_snapshot(counties=self.counties, **_year_items_cap(self.parameters))

    def target_rows(self, targets: Sequence[tuple[str, str]]) -> dict[str, TargetRow]:
        kind = self.parameters.get("target_kind", TargetKind.ENTITY)
        orgs = [org for _, org in targets]
        codes = [code for code, _ in targets]
        sql = f"""
            SELECT o.code, i.uscc, i.name
            FROM unnest(%s::text[], %s::text[]) AS t(org, code)
            JOIN public.{Organisation._meta.db_table} o ON o.code = t.org
            JOIN public.{EntityIndex._meta.db_table} i
              ON i.organisation_id = o.id AND i.kind = %s AND i.uscc = t.code"""  # noqa: S608
        with connection.cursor() as cursor:
            # Two array parameters: one statement however many targets (the unique index).
            cursor.execute(sql, [orgs, codes, kind])
            return {code: TargetRow(org, None, name) for org, code, name in cursor.fetchall()}


def source_of(parameters: dict[str, Any]) -> PoolSource:
    """The pool source a draw's frozen parameters name."""
    source = parameters.get("source") or {}
    if source.get("kind") == INDEX:
        return IndexSource(parameters)
    return RegistrySource(parameters)
