"""Conflicts carry a published reason code (docs/draw-record.md §11): a declaration without
one is refused, and rows from before the codes were migrated to them."""

import importlib

import pytest
from django.apps import apps
from django_tenants.utils import schema_context

from suiji_platform.organisations.services import FieldError
from suiji_tenants.registries import services
from suiji_tenants.registries.models import Conflict, ConflictKind, Inspector, MarketEntity

pytestmark = pytest.mark.django_db

SCHEMA = "org_533124"


def people() -> tuple[Inspector, list[MarketEntity]]:
    inspector = Inspector.objects.create(kind="officer", name="杨洁", department="housing")
    entities = [
        MarketEntity.objects.create(name=f"陇川测试企业{i}", uscc=f"91533124MA6K4X0{i:02d}X")
        for i in range(6)
    ]
    return inspector, entities


def test_a_conflict_without_a_reason_code_is_refused_with_a_clear_error() -> None:
    with schema_context(SCHEMA):
        inspector, entities = people()
        for kind, code in (("", "required"), ("relative", "invalid_choice")):
            with pytest.raises(FieldError) as exc:
                services.declare_conflict(inspector=inspector, entity=entities[0], kind=kind)
            assert exc.value.field == "kind" and exc.value.code == code
            assert "回避原因代码" in exc.value.message
        assert not Conflict.objects.filter(inspector=inspector).exists()  # nothing written
        c = services.declare_conflict(
            inspector=inspector, entity=entities[0], kind=ConflictKind.KINSHIP, reason="配偶任职"
        )
        assert c.kind == "kinship" and c.reason == "配偶任职"


def test_existing_conflicts_are_migrated_to_reason_codes() -> None:
    migration = importlib.import_module(
        "suiji_tenants.registries.migrations.0002_conflict_reason_codes"
    )
    with schema_context(SCHEMA):
        inspector, entities = people()
        rows = [
            ("relative", ""),
            ("former_employer", ""),
            ("shareholding", ""),
            ("other", "配偶在该企业任职"),
            ("other", "持有该企业股份"),
            ("other", "曾为其做过咨询"),
        ]
        made = [
            Conflict.objects.create(inspector=inspector, entity=e, kind=k, reason=r)
            for e, (k, r) in zip(entities, rows, strict=True)
        ]
        migration.to_codes(apps, None)
        got = [Conflict.objects.get(pk=c.pk).kind for c in made]
        assert got == ["kinship", "employment", "shareholding", "kinship", "shareholding", "other"]
