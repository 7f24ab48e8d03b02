"""The credit rule (R15, R7) and writing credit records. Pure rule + a writer called inside
the organisation's transaction (its search_path includes public)."""

from dataclasses import dataclass
from datetime import date, timedelta

from .models import CreditDecision, CreditRecord

CLASSES = ("A", "B", "C", "D")
# Records older than this no longer count for "repeated" (3 years).
LOOKBACK = timedelta(days=3 * 365)


def next_credit_class(current: str, decision: str, earlier_corrections: int) -> str:
    """The documented rule (docs/inspections.md, "Credit"):

    - 责令改正: A → B; B → C when the entity already had a correction within 3 years;
      C and D unchanged.
    - 行政处罚: one class down (A → B → C → D).
    - 不配合检查情节严重: at least C (A, B → C; C, D unchanged).
    """
    current = current if current in CLASSES else "B"
    rank = CLASSES.index(current)
    if decision == CreditDecision.CORRECTION:
        if current == "A":
            return "B"
        if current == "B" and earlier_corrections >= 1:
            return "C"
        return current
    if decision == CreditDecision.PENALTY:
        return CLASSES[min(rank + 1, len(CLASSES) - 1)]
    if decision == CreditDecision.UNCOOPERATIVE:
        return CLASSES[max(rank, 2)]
    raise ValueError(decision)


def earlier_corrections(uscc: str, on: date) -> int:
    return CreditRecord.objects.filter(
        uscc=uscc, decision=CreditDecision.CORRECTION, decided_on__gte=on - LOOKBACK
    ).count()


@dataclass(frozen=True)
class CreditEntry:
    organisation_id: int
    uscc: str
    entity_name: str
    decision: str
    decided_on: date
    source_reference: str
    source_project_code: str
    summary: str
    decision_number: str
    credit_class_before: str
    credit_class_after: str


def write_credit_record(entry: CreditEntry) -> tuple[CreditRecord, bool]:
    """One record per (organisation, inspection, decision, decision number): a repeated call
    changes nothing."""
    key = ("organisation_id", "source_reference", "decision", "decision_number")
    return CreditRecord.objects.get_or_create(
        **{k: getattr(entry, k) for k in key},
        defaults={k: v for k, v in entry.__dict__.items() if k not in key},
    )


def already_recorded(
    organisation_id: int, source_reference: str, decision: str, decision_number: str = ""
) -> bool:
    return CreditRecord.objects.filter(
        organisation_id=organisation_id,
        source_reference=source_reference,
        decision=decision,
        decision_number=decision_number,
    ).exists()
