"""The public-schema row of a referral (移送) one organisation must answer. The referral service
calls these inside its own transaction; the open-referral figures read `ReferralIndex` only."""

from datetime import date, datetime

from django.utils import timezone

from .models import ReferralIndex


def record_referral(
    *,
    organisation_id: int,
    reference: str,
    plan_year: int,
    opened_on: date,
    from_code: str = "",
    subject: str = "",
) -> ReferralIndex:
    """A referral waiting for `organisation_id`'s answer (written again: updated)."""
    row, _ = ReferralIndex.objects.update_or_create(
        reference=reference,
        defaults={
            "organisation_id": organisation_id,
            "plan_year": plan_year,
            "opened_on": opened_on,
            "from_code": from_code,
            "subject": subject[:200],
        },
    )
    return row


def answer_referral(reference: str, at: datetime | None = None) -> int:
    """The referral is answered: it no longer counts as open."""
    return ReferralIndex.objects.filter(reference=reference, answered_at__isnull=True).update(
        answered_at=at or timezone.now()
    )
