"""`make demo` leaves, in 芒市, published results, one late, and an open complaint-driven
targeted inspection that keeps its entity out of draws and raises no warning card."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.ledger.models import LedgerEntry
from suiji_platform.organisations.models import Organisation
from suiji_platform.oversight import cards
from suiji_platform.oversight.models import WarningCard
from suiji_tenants.draws.demo import seed_demo_draws
from suiji_tenants.inspections.demo import seed_demo_inspections
from suiji_tenants.inspections.models import Inspection, TargetedInspection
from suiji_tenants.registries.demo import seed_demo_registries

pytestmark = pytest.mark.django_db


def test_the_demo_county_follows_up_a_complaint() -> None:
    organisation = Organisation.objects.get(code="533103")
    seed_demo_registries(organisation, entities=600, projects=10, officers=40, experts=5)
    assert seed_demo_draws(organisation)
    assert seed_demo_inspections(organisation) >= 3
    assert seed_demo_inspections(organisation) == 0  # idempotent
    with schema_context(organisation.schema_name):
        targeted = TargetedInspection.objects.get()
        assert targeted.reason == "complaint" and targeted.closed_on is None
        drawn = set(Inspection.objects.filter(source="draw").values_list("target_code", flat=True))
        assert targeted.code not in drawn
        assert Inspection.objects.filter(source="targeted", status="open").count() == 1
    assert LedgerEntry.objects.filter(
        organisation=organisation, entity_code=targeted.code, source="targeted"
    ).exists()
    with schema_context("public"):
        cards.scan_cards(timezone.localdate() + timedelta(days=30))
    subjects = set(WarningCard.objects.values_list("subject", flat=True))
    assert not any("-DX" in s for s in subjects)  # a targeted inspection has no window
