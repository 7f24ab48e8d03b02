"""R15: an approved result with a legally effective decision writes a credit record for the
entity (public schema, `suiji_platform.credit`), and the entity's credit class follows the
documented rule (`credit.services.next_credit_class`), so the next draw's strata use it. All in
the approval's transaction, audited, traceable to the inspection (its reference is the source).

Decisions read from the approved result: 发现问题已责令改正 → 责令改正; 不配合检查情节严重 →
不配合检查. 行政处罚 comes from the follow-up of a finding: its 立案处罚决定 (`referrals.act(..., "penalty")`
calls `record_decision(..., PENALTY)`)."""

from datetime import date
from typing import Any

from suiji_platform.credit.models import CreditDecision, CreditRecord
from suiji_platform.credit.services import (
    CreditEntry,
    already_recorded,
    earlier_corrections,
    next_credit_class,
    write_credit_record,
)
from suiji_platform.organisations.models import Organisation
from suiji_tenants.audit.services import record_audit
from suiji_tenants.registries import services as registries

from .models import Inspection, InspectionReport, ResultCategory

DECISIONS_OF_CATEGORIES = {
    ResultCategory.CORRECTED: CreditDecision.CORRECTION,
    ResultCategory.UNCOOPERATIVE: CreditDecision.UNCOOPERATIVE,
}


def record_decision(
    inspection: Inspection,
    decision: str,
    *,
    on: date,
    summary: str,
    organisation: Organisation,
    acting_user: Any,
    decision_number: str = "",
) -> CreditRecord | None:
    """Write one credit record (once per inspection, decision and decision number: two penalty
    decisions of one inspection are two records, each applying the rule) and apply the class
    rule. None when it exists already or the entity is not in the registry (a project without
    a responsible entity)."""
    if already_recorded(organisation.pk, inspection.reference, decision, decision_number):
        return None
    entity = registries.entity_for_target(inspection.target_kind, inspection.target_code)
    if entity is None:
        return None
    before = entity.credit_class
    after = next_credit_class(before, decision, earlier_corrections(entity.uscc, on))
    record, created = write_credit_record(
        CreditEntry(
            organisation_id=organisation.pk,
            uscc=entity.uscc,
            entity_name=entity.name,
            decision=decision,
            decided_on=on,
            source_reference=inspection.reference,
            source_project_code=inspection.target_code
            if inspection.target_kind == "project"
            else "",
            summary=summary[:500],
            decision_number=decision_number[:100],
            credit_class_before=before,
            credit_class_after=after,
        )
    )
    if not created:
        return None
    registries.change_credit_class(
        entity, after, violation=True, source=inspection.reference, acting_user=acting_user
    )
    record_audit(
        "credit.record",
        object_type="CreditRecord",
        object_id=record.pk,
        after={
            "uscc": entity.uscc,
            "decision": decision,
            "decisionNumber": decision_number,
            "inspection": inspection.reference,
            "creditClassBefore": before,
            "creditClassAfter": after,
        },
        actor=acting_user,
        organisation_code=organisation.code,
    )
    return record


def record_credit_of_result(
    report: InspectionReport, *, on: date, organisation: Organisation, acting_user: Any
) -> list[CreditRecord]:
    made = []
    for category, decision in DECISIONS_OF_CATEGORIES.items():
        if category in report.result_categories:
            record = record_decision(
                report.inspection,
                decision,
                on=on,
                summary=report.situation,
                organisation=organisation,
                acting_user=acting_user,
            )
            if record is not None:
                made.append(record)
    return made
