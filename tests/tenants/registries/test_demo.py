"""Demo registries: valid codes, some expired certificates, declared conflicts, idempotent."""

import datetime as dt

import pytest
from django_tenants.utils import schema_context
from stdnum.cn import uscc

from suiji_platform.index.models import EntityIndex
from suiji_platform.organisations.models import Organisation
from suiji_tenants.registries.demo import seed_demo_registries
from suiji_tenants.registries.models import Conflict, Inspector, MarketEntity, Project
from suiji_tenants.registries.validation import INSPECTORS, p_id_number

pytestmark = pytest.mark.django_db


def test_seed_is_realistic_valid_and_idempotent() -> None:
    organisation = Organisation.objects.get(code="533122")
    assert seed_demo_registries(organisation, entities=200, projects=30, officers=20, experts=5)
    assert not seed_demo_registries(organisation)
    with schema_context(organisation.schema_name):
        codes = list(MarketEntity.objects.values_list("uscc", flat=True))
        assert len(codes) == 200 and all(uscc.is_valid(c) for c in codes)
        inspectors = list(Inspector.objects.all())
        field = INSPECTORS.by_name["id_number"]
        assert all(p_id_number(field, i.id_number) == i.id_number for i in inspectors)
        today = dt.date.today()
        officers = [i for i in inspectors if i.kind == "officer"]
        assert any(i.certificate_valid_until < today for i in officers)
        assert any(i.certificate_valid_until >= today for i in officers)
        assert sum(i.kind == "expert" for i in inspectors) == 5
        assert Conflict.objects.exists() and Project.objects.count() == 30
    assert EntityIndex.objects.filter(organisation=organisation).count() == 230


def test_copy_generator_writes_entities_and_index() -> None:
    from suiji_tenants.registries.demo import copy_entities

    organisation = Organisation.objects.get(code="533123")
    with schema_context(organisation.schema_name):
        assert copy_entities(organisation, 1500, chunk=600) == 1500
        assert MarketEntity.objects.count() == 1500
        assert MarketEntity.objects.first().contact_phone == "13800000000"
    assert EntityIndex.objects.filter(organisation=organisation).count() == 1500
