"""Plan deadlines (R4: drafts by 31 December; D17: adjustments published within 5 working days)
and the public-schema status index the prefecture reads.

Everything here reads and writes public tables only, so the daily scan needs no tenant loop:
plan services write `PlanStatusIndex` in the same transaction as the plan change.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from suiji_platform.accounts.access import Access, Permission
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.schemas import current_schema, use_public_schema, use_tenant
from suiji_tenants.audit.services import record_audit

from .models import IndexedPlanStatus, PlanStatusIndex, Reminder, ReminderKind

# A reminder for next year's plan starts this many days before 31 December.
PLAN_DUE_LEAD_DAYS = 30
# Statuses in which the drafts are not done yet (R4: sections draft by 31 December).
UNDRAFTED = frozenset({IndexedPlanStatus.MISSING, IndexedPlanStatus.DRAFT})


def draft_due(year: int) -> date:
    """R4/Q5: the plan for `year` is drafted by 31 December of the previous year."""
    return date(year - 1, 12, 31)


@dataclass(frozen=True)
class Overdue:
    overdue: bool
    reason: str = ""


def overdue_state(*, status: str, year: int, adjustment_due: date | None, today: date) -> Overdue:
    if status in UNDRAFTED and today > draft_due(year):
        return Overdue(True, f"{year}年度计划应于{draft_due(year):%Y年%m月%d日}前编制完成")
    if status == IndexedPlanStatus.ADJUSTED and adjustment_due and today > adjustment_due:
        return Overdue(True, f"计划调整应于{adjustment_due:%Y年%m月%d日}前公开（5个工作日）")
    return Overdue(False)


def sync_plan_status(
    organisation: Organisation,
    *,
    year: int,
    status: str,
    version: int,
    reported_at: datetime | None,
    reported_to: str,
    published_at: datetime | None,
    adjusted_at: datetime | None,
    adjustment_due: date | None,
    adjustment_due_unknown: bool,
    rounds_planned: int | None = None,
) -> PlanStatusIndex:
    """Write the organisation's row for `year`; called inside the plan change's transaction."""
    state = overdue_state(
        status=status, year=year, adjustment_due=adjustment_due, today=timezone.localdate()
    )
    extra = {} if rounds_planned is None else {"rounds_planned": rounds_planned}
    row, _ = PlanStatusIndex.objects.update_or_create(
        organisation=organisation,
        year=year,
        defaults={
            **extra,
            "status": str(status),
            "version": version,
            "draft_due": draft_due(year),
            "reported_at": reported_at,
            "reported_to": reported_to,
            "published_at": published_at,
            "adjusted_at": adjusted_at,
            "adjustment_due": adjustment_due,
            "adjustment_due_unknown": adjustment_due_unknown,
            "overdue": state.overdue,
            "overdue_reason": state.reason,
        },
    )
    return row


def _remind(
    organisation: Organisation,
    kind: str,
    year: int,
    subject: Organisation,
    due_on: date | None,
    message: str,
) -> Reminder | None:
    reminder, created = Reminder.objects.get_or_create(
        organisation=organisation,
        kind=kind,
        year=year,
        subject_code=subject.code,
        due_on=due_on,
        defaults={"message": message[:300]},
    )
    return reminder if created else None


def _remind_overdue(org: Organisation, kind: str, year: int, due: date | None, msg: str) -> list:
    made = [_remind(org, kind, year, org, due, msg)]
    if org.parent is not None:
        made.append(
            _remind(org.parent, ReminderKind.COUNTY_OVERDUE, year, org, due, f"{org.name}：{msg}")
        )
    return made


def scan_plan_deadlines(today: date | None = None) -> dict[str, int]:
    """The daily scan: mark overdue plans in the index and create reminders (each once).

    - next year's plan still undrafted within 30 days of 31 December → `plan_due`;
    - a year's plan still undrafted after its 31 December → overdue, `plan_overdue` (and
      `county_overdue` to the parent);
    - an adjustment not published by its due date → overdue, `adjustment_overdue` (+ parent);
      before that `adjustment_due`; a due date that could not be computed → `adjustment_due_unknown`.
    """
    previous_schema = current_schema()
    use_public_schema()
    try:
        return _scan(today or timezone.localdate())
    finally:
        if previous_schema != "public":
            use_tenant(Organisation.objects.get(schema_name=previous_schema))


@transaction.atomic
def _scan(today: date) -> dict[str, int]:
    organisations = list(
        Organisation.objects.select_related("parent").exclude(schema_name="public")
    )
    years = (today.year, today.year + 1)
    rows = {
        (r.organisation_id, r.year): r
        for r in PlanStatusIndex.objects.select_for_update().filter(year__in=years)
    }
    made: list[Reminder | None] = []
    marked = 0
    for org in organisations:
        for year in years:
            row = rows.get((org.id, year))
            status = row.status if row else IndexedPlanStatus.MISSING
            due = draft_due(year)
            if status in UNDRAFTED and today > due:
                if row is None:
                    row = PlanStatusIndex(organisation=org, year=year, status=status, draft_due=due)
                    rows[(org.id, year)] = row
                made += _remind_overdue(
                    org,
                    ReminderKind.PLAN_OVERDUE,
                    year,
                    due,
                    f"{year}年度检查计划已逾期：应于{due:%Y年%m月%d日}前编制完成。",
                )
            elif status in UNDRAFTED and 0 <= (due - today).days <= PLAN_DUE_LEAD_DAYS:
                made.append(
                    _remind(
                        org,
                        ReminderKind.PLAN_DUE,
                        year,
                        org,
                        due,
                        f"{year}年度检查计划应于{due:%Y年%m月%d日}前编制完成，"
                        f"还剩{(due - today).days}天。",
                    )
                )
    for row in PlanStatusIndex.objects.select_related("organisation__parent").filter(
        status=IndexedPlanStatus.ADJUSTED
    ):
        org = row.organisation
        if row.adjustment_due_unknown or row.adjustment_due is None:
            made.append(
                _remind(
                    org,
                    ReminderKind.ADJUSTMENT_DUE_UNKNOWN,
                    row.year,
                    org,
                    None,
                    f"{row.year}年度计划已调整，但节假日安排尚未录入，无法计算5个工作日的"
                    "公开截止日期：请州局管理员录入工作日历。",
                )
            )
        elif today > row.adjustment_due:
            made += _remind_overdue(
                org,
                ReminderKind.ADJUSTMENT_OVERDUE,
                row.year,
                row.adjustment_due,
                f"{row.year}年度计划调整已逾期：应于{row.adjustment_due:%Y年%m月%d日}前公开。",
            )
        else:
            made.append(
                _remind(
                    org,
                    ReminderKind.ADJUSTMENT_DUE,
                    row.year,
                    org,
                    row.adjustment_due,
                    f"{row.year}年度计划调整须于{row.adjustment_due:%Y年%m月%d日}前公开"
                    "（5个工作日内）。",
                )
            )
        rows.setdefault((org.id, row.year), row)
    for row in rows.values():
        state = overdue_state(
            status=row.status, year=row.year, adjustment_due=row.adjustment_due, today=today
        )
        if row.pk is None or (row.overdue, row.overdue_reason) != (state.overdue, state.reason):
            row.overdue, row.overdue_reason = state.overdue, state.reason
            row.save()
            marked += 1
    created = [r for r in made if r is not None]
    if created or marked:
        record_audit(
            "plan.deadline_scan",
            object_type="PlanStatusIndex",
            object_id=today.isoformat(),
            after={"reminders": [r.pk for r in created], "rows_updated": marked},
        )
    return {"reminders": len(created), "rows_updated": marked}


def plan_overview(access: Access, year: int, *, today: date | None = None) -> list[PlanStatusIndex]:
    """The rows of `plan_statuses_for` for one year, with ONE definition of overdue for all of
    them (`overdue_state` as of today, not the flag of the last scan), a row for every
    organisation the reader oversees that has no plan yet (status missing), and per row the
    draws done (live draws of the year in the inspection ledger) beside the rounds planned, and
    the inspections completed (results published) beside the targets those draws drew."""
    today = today or timezone.localdate()
    organisation = access.organisation
    rows = list(plan_statuses_for(access, year))
    listed = {r.organisation_id for r in rows}
    for org in _overseen(access):
        if org.pk in listed:
            continue
        rows.append(
            PlanStatusIndex(
                organisation=org,
                year=year,
                status=IndexedPlanStatus.MISSING,
                draft_due=draft_due(year),
            )
        )
    ids = [r.organisation_id for r in rows]
    done = draws_done_by_organisation(ids, year)
    drawn = targets_drawn_by_organisation(ids, year)
    published = results_published_by_organisation(ids, year)
    for row in rows:
        state = overdue_state(
            status=row.status, year=row.year, adjustment_due=row.adjustment_due, today=today
        )
        row.overdue, row.overdue_reason = state.overdue, state.reason
        row.draws_done = done.get(row.organisation_id, 0)
        row.targets_drawn = drawn.get(row.organisation_id, 0)
        row.results_published = published.get(row.organisation_id, 0)
    rows.sort(key=lambda r: (r.organisation_id != organisation.pk, r.organisation.code))
    return rows


def overdue_plans(
    access: Access, year: int | None = None, *, today: date | None = None
) -> list[PlanStatusIndex]:
    """The overdue rows of `plan_overview` (this year and next when no year is given)."""
    today = today or timezone.localdate()
    years = [year] if year is not None else [today.year, today.year + 1]
    return [row for y in years for row in plan_overview(access, y, today=today) if row.overdue]


def _overseen(access: Access) -> list[Organisation]:
    """Whose plans the overview lists (the same as `plan_statuses_for`)."""
    organisation = access.organisation
    if access.allows(Permission.OVERSEE_SUBORDINATES):
        return [organisation, *organisation.children.order_by("code")]
    return [organisation]


def draws_done_by_organisation(organisation_ids: list[int], year: int) -> dict[int, int]:
    """Live draws (not voided) of `year` per organisation, counted in the inspection ledger
    (public schema: no switch into the counties' schemas)."""
    from django.db.models import Count

    from suiji_platform.ledger.models import LedgerEntry, LedgerSource

    rows = (
        LedgerEntry.objects.filter(
            organisation_id__in=organisation_ids,
            plan_year=year,
            source=LedgerSource.DRAW,
            voided=False,
        )
        .values("organisation_id")
        .annotate(n=Count("draw_reference", distinct=True))
    )
    return {r["organisation_id"]: r["n"] for r in rows}


def targets_drawn_by_organisation(organisation_ids: list[int], year: int) -> dict[int, int]:
    """Targets drawn by the live draws of `year` per organisation (one per draw and entity,
    whatever its number of items), from the inspection ledger."""
    from suiji_platform.ledger.models import LedgerEntry, LedgerSource

    pairs = (
        LedgerEntry.objects.filter(
            organisation_id__in=organisation_ids,
            plan_year=year,
            source=LedgerSource.DRAW,
            voided=False,
        )
        .order_by()  # the model's ordering by id would make every row distinct
        .values_list("organisation_id", "draw_reference", "entity_code")
        .distinct()
    )
    counts: dict[int, int] = {}
    for organisation_id, _, _ in pairs:
        counts[organisation_id] = counts.get(organisation_id, 0) + 1
    return counts


def results_published_by_organisation(organisation_ids: list[int], year: int) -> dict[int, int]:
    """Inspections of drawn targets completed to a published result (R14) in `year`, per
    organisation (the public results index holds no targeted inspection)."""
    from django.db.models import Count

    from suiji_platform.results_index.models import PublishedResult

    rows = (
        PublishedResult.objects.filter(organisation_id__in=organisation_ids, plan_year=year)
        .exclude(draw_reference="")
        .values("organisation_id")
        .annotate(n=Count("id"))
    )
    return {r["organisation_id"]: r["n"] for r in rows}


def plan_statuses_for(access: Access, year: int | None = None) -> Any:
    """The organisation's own rows plus, for those who oversee its counties (R17), theirs.

    Whether the counties are included is the access's OVERSEE_SUBORDINATES permission: a
    prefecture's inspectors and partner staff see their own organisation's rows only."""
    organisation = access.organisation
    qs = PlanStatusIndex.objects.select_related("organisation")
    if access.allows(Permission.OVERSEE_SUBORDINATES):
        qs = qs.filter(
            organisation__in=[organisation.id, *organisation.children.values_list("id", flat=True)]
        )
    else:
        qs = qs.filter(organisation=organisation)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("year", "organisation__code")
