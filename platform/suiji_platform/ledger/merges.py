"""合并检查 (R8, R19, D3 统筹安排、综合实施): when two random visits of one entity fall in the
same period — a county task and a joint task, or any two tasks — the system proposes one
combined visit, and staff accept it. Accepting records a `VisitMerge` and gives the ledger rows
of both visits one `visit_key`, so the entity is visited once for every item and counts one
visit toward its cap. Nothing else changes: each draw's record stays as drawn and verifiable.

A merge is refused, naming what is wrong, when the visits are not of the same entity and year,
when their periods do not overlap, when they share an item (the item would be inspected twice),
or when the combined visit would still leave the entity over the cap in force (a cap lowered by
the prefecture after the draws: merge further, or void a draw).

Inside one organisation the combined visit is also ONE inspection (R19 "never two visits"):
the earliest inspection keeps its reference and gains the others' items and team members; the
others are marked merged into it (status ``merged``, ``merged_into``), kept for the trail, and
leave "my inspections" and the to-record lists. Refused when one of them already has a
confirmed on-site record. Across organisations each side keeps its own inspection."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django_tenants.utils import schema_context

from suiji_platform.organisations.models import Organisation, OrganisationKind
from suiji_platform.organisations.services import FieldError

from .caps import visit_cap_of
from .models import LedgerEntry, LedgerSource, VisitMerge
from .reservations import lock_entities
from .visits import Visit, area_of, visits

MAX_PROPOSALS = 500


@dataclass(frozen=True)
class Proposal:
    entity_code: str
    plan_year: int
    first: Visit
    second: Visit

    @property
    def visit_keys(self) -> tuple[str, str]:
        return (self.first.visit_key, self.second.visit_key)

    @property
    def starts_on(self) -> Any:
        return max(self.first.starts_on, self.second.starts_on)

    @property
    def ends_on(self) -> Any:
        return min(self.first.ends_on, self.second.ends_on)


def _mergeable(a: Visit, b: Visit) -> bool:
    return a.overlaps(b) and not set(a.items) & set(b.items)


def proposals(viewer: Organisation, plan_year: int) -> list[Proposal]:
    """Pairs of random visits of one entity whose periods overlap and whose items differ. A
    county sees the pairs with one of its own visits; the prefecture sees its whole area."""
    area = area_of(viewer)
    found = visits(
        plan_year=plan_year,
        organisation_ids=area,
        sources=(LedgerSource.DRAW,),
        repeated_only=True,
    )
    by_entity: dict[str, list[Visit]] = {}
    for v in found:
        by_entity.setdefault(v.entity_code, []).append(v)
    county = viewer.kind != OrganisationKind.PREFECTURE
    out: list[Proposal] = []
    for code, vs in sorted(by_entity.items()):
        for i, a in enumerate(vs):
            for b in vs[i + 1 :]:
                if county and viewer.pk not in (a.organisation_id, b.organisation_id):
                    continue
                if _mergeable(a, b):
                    out.append(Proposal(code, plan_year, a, b))
                    if len(out) >= MAX_PROPOSALS:
                        return out
    return out


def _refuse(field: str, code: str, message: str) -> FieldError:
    return FieldError(field, code, message)


@dataclass
class _Fold:
    organisation: Organisation
    keeper: Any
    others: list[Any]


def _fold_plan(
    chosen: Sequence[Visit], entity_code: str, orgs: dict[int, Organisation]
) -> list[_Fold]:
    """The inspections to fold, per organisation with two or more of the chosen visits.
    Refuses (nothing written) when one has a confirmed on-site record."""
    from suiji_tenants.inspections.models import Inspection, InspectionStatus, RecordStatus

    by_org: dict[int, list[str]] = {}
    for v in chosen:
        refs = [r.split(":", 1)[1] for r in v.references if ":" in r]
        by_org.setdefault(v.organisation_id, []).extend(refs)
    plan: list[_Fold] = []
    for org_id, refs in sorted(by_org.items()):
        if len([v for v in chosen if v.organisation_id == org_id]) < 2:
            continue
        org = orgs[org_id]
        with schema_context(org.schema_name):
            found = list(
                Inspection.objects.select_for_update()
                .filter(draw_reference__in=refs, target_code=entity_code)
                .exclude(status=InspectionStatus.MERGED)
                .order_by("window_start", "created_at", "id")
            )
            for n, inspection in enumerate(found):
                if inspection.records.filter(
                    status__in=(RecordStatus.CONFIRMED, RecordStatus.SUPERSEDED)
                ).exists():
                    raise _refuse(
                        f"visitKeys.{n}",
                        "recorded",
                        f"检查“{inspection.reference}”（{org.name}）已有确认的现场检查笔录，"
                        "不能再并入合并检查；请分别实施。",
                    )
        if len(found) >= 2:
            plan.append(_Fold(org, found[0], found[1:]))
    return plan


def _apply_fold(
    fold: _Fold, start: Any, end: Any, merged_key: str, acting_user: Any
) -> dict[str, Any]:
    """Fold `fold.others` into `fold.keeper` in their organisation's schema; audited there."""
    from suiji_platform.oversight import progress as oversight_progress
    from suiji_tenants.audit.services import record_audit
    from suiji_tenants.inspections.models import InspectionStatus

    keeper = fold.keeper
    with schema_context(fold.organisation.schema_name):
        items = list(keeper.items)
        codes = {it.get("code") for it in items}
        members = list(keeper.members)
        certs = list(keeper.member_codes)
        for other in fold.others:
            items += [it for it in other.items if it.get("code") not in codes]
            codes |= {it.get("code") for it in other.items}
            for m in other.members:
                if m.get("certificate_no") not in certs:
                    members.append(m)
                    certs.append(m.get("certificate_no"))
        keeper.items, keeper.members, keeper.member_codes = items, members, certs
        keeper.window_start, keeper.window_end = start, end
        keeper.save(
            update_fields=["items", "members", "member_codes", "window_start", "window_end"]
        )
        for other in fold.others:
            other.status = InspectionStatus.MERGED
            other.merged_into = keeper
            other.save(update_fields=["status", "merged_into"])
            oversight_progress.sync_inspection(fold.organisation.pk, other)
        oversight_progress.sync_inspection(fold.organisation.pk, keeper)
        summary = {
            "inspection": keeper.reference,
            "merged": [o.reference for o in fold.others],
            "items": sorted(c for c in codes if c),
            "visit_key": merged_key,
        }
        record_audit(
            "inspections.fold",
            object_type="Inspection",
            object_id=keeper.pk,
            after=summary,
            actor=acting_user,
            organisation_code=fold.organisation.code,
        )
    return summary


def fold_opened(
    organisation: Organisation, draw_reference: str, opened: Sequence[Any], acting_user: Any
) -> int:
    """Inspections opened (draw published) after their visit was merged with a visit of the same
    organisation whose inspection is already open: folded into that one at once (it keeps its
    reference). One whose partner already has a confirmed record stays on its own. Returns how
    many were folded. Runs in the organisation's schema, in the caller's transaction."""
    from suiji_tenants.inspections.models import Inspection, InspectionStatus, RecordStatus

    by_code = {i.target_code: i for i in opened}
    if not by_code:
        return 0
    ledger_reference = f"{organisation.code}:{draw_reference}"
    latest: dict[str, VisitMerge] = {}
    for m in VisitMerge.objects.filter(
        entity_code__in=list(by_code), members__contains=[{"references": [ledger_reference]}]
    ).order_by("id"):
        latest[m.entity_code] = m
    done = 0
    for code, merge in sorted(latest.items()):
        refs = [
            r.split(":", 1)[1]
            for member in merge.members
            if member.get("organisation") == organisation.code
            for r in member.get("references", [])
            if ":" in r and r != ledger_reference
        ]
        keeper = (
            Inspection.objects.select_for_update()
            .filter(draw_reference__in=refs, target_code=code)
            .exclude(status=InspectionStatus.MERGED)
            .order_by("window_start", "created_at", "id")
            .first()
        )
        if (
            keeper is None
            or keeper.records.filter(
                status__in=(RecordStatus.CONFIRMED, RecordStatus.SUPERSEDED)
            ).exists()
        ):
            continue
        fold = _Fold(organisation, keeper, [by_code[code]])
        _apply_fold(fold, merge.starts_on, merge.ends_on, merge.visit_key, acting_user)
        done += 1
    return done


@transaction.atomic
def accept_merge(
    viewer: Organisation,
    *,
    entity_code: str,
    plan_year: int,
    visit_keys: Sequence[str],
    acting_user: Any,
) -> VisitMerge:
    """Combine the visits into one (see the module docstring); audited in the viewer's trail."""
    from suiji_tenants.audit.services import record_audit  # the viewer's own chain

    keys = sorted(set(visit_keys))
    if len(keys) < 2:
        raise _refuse("visitKeys", "too_few", "合并检查至少需要两次检查。")
    # Under the same lock as the executions, so no draw adds a visit meanwhile.
    lock_entities(plan_year, [entity_code])
    current = {
        v.visit_key: v
        for v in visits(
            plan_year=plan_year,
            organisation_ids=area_of(viewer),
            entity_codes=[entity_code],
        )
    }
    for n, key in enumerate(keys):
        v = current.get(key)
        if v is None:
            raise _refuse(
                f"visitKeys.{n}",
                "not_found",
                f"主体{entity_code}在{plan_year}年度没有有效的检查“{key}”（可能已作废或已合并）。",
            )
        if not v.counts:
            raise _refuse(
                f"visitKeys.{n}", "targeted", "定向（非随机）检查单独实施，不能与随机抽查合并。"
            )
    chosen = [current[k] for k in keys]
    if viewer.kind != OrganisationKind.PREFECTURE and not any(
        v.organisation_id == viewer.pk for v in chosen
    ):
        raise _refuse("visitKeys", "not_yours", "只能合并本机构参与的检查。")
    start = max(v.starts_on for v in chosen)
    end = min(v.ends_on for v in chosen)
    if start > end:
        raise _refuse(
            "visitKeys",
            "period",
            "这些检查的时段不重叠，不能合并为一次检查："
            + "；".join(f"{v.starts_on}至{v.ends_on}" for v in chosen)
            + "。",
        )
    seen: dict[str, str] = {}
    for v in chosen:
        for item in v.items:
            if item in seen:
                raise _refuse(
                    "visitKeys",
                    "same_item",
                    f"事项{item}同时出现在两次检查中，合并会重复检查同一事项。",
                )
            seen[item] = v.visit_key
    cap = visit_cap_of(viewer)
    after = sum(1 for v in current.values() if v.counts) - (len(chosen) - 1)
    if after > cap:
        raise _refuse(
            "visitKeys",
            "visit_cap",
            f"合并后主体{entity_code}本年度仍有{after}次随机检查，超过州局设定的上限{cap}次；"
            "请再合并其他检查或作废多余的抽取。",
        )
    merged_key = f"merge:{viewer.code}:{uuid.uuid4().hex[:16]}"
    orgs = Organisation.objects.in_bulk({v.organisation_id for v in chosen})
    folds = _fold_plan(chosen, entity_code, orgs)
    merge = VisitMerge.objects.create(
        organisation=viewer,
        entity_code=entity_code,
        plan_year=plan_year,
        visit_key=merged_key,
        members=[
            {
                "visit_key": v.visit_key,
                "organisation": orgs[v.organisation_id].code,
                "references": list(v.references),
                "items": list(v.items),
                "departments": list(v.departments),
                "starts_on": v.starts_on.isoformat(),
                "ends_on": v.ends_on.isoformat(),
            }
            for v in chosen
        ],
        starts_on=start,
        ends_on=end,
        created_by=getattr(acting_user, "username", "") or "",
    )
    LedgerEntry.objects.filter(
        entity_code=entity_code, plan_year=plan_year, visit_key__in=keys, voided=False
    ).update(visit_key=merged_key)
    folded = [_apply_fold(f, start, end, merged_key, acting_user) for f in folds]
    record_audit(
        "ledger.merge",
        object_type="VisitMerge",
        object_id=merge.pk,
        after={
            "entity": entity_code,
            "year": plan_year,
            "visit_key": merged_key,
            "visits": keys,
            "items": sorted(seen),
            "period": [start.isoformat(), end.isoformat()],
            "folded": folded,
        },
        actor=acting_user,
        organisation_code=viewer.code,
    )
    return merge


def merge_of(draw_reference: str, entity_code: str) -> VisitMerge | None:
    """The combined visit a draw's visit of `entity_code` belongs to (`draw_reference` as in
    the ledger: "<org code>:<draw reference>"), or None. The latest merge wins (a merged visit
    can be merged again)."""
    return (
        VisitMerge.objects.filter(
            entity_code=entity_code, members__contains=[{"references": [draw_reference]}]
        )
        .order_by("-id")
        .first()
    )
