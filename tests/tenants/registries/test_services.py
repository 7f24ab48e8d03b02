"""Registries' services: validation, encryption at rest, blind index, index in the same
transaction, item versions, and nothing personal in the audit trail."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django_tenants.utils import schema_context

from suiji_platform.index.models import EntityIndex
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.registries import crypto, services
from suiji_tenants.registries.models import Inspector, MarketEntity

pytestmark = pytest.mark.django_db

SCHEMA = "org_533124"
USCC = "91533103MA6K4X0A1E"
ID_NUMBER = "533103198805120024"


def entity_input(**extra: object) -> dict:
    return {
        "name": "陇川恒信建筑工程有限公司",
        "uscc": USCC,
        "contact_phone": "13888885678",
        "region": "章凤镇",
        "credit_class": "B",
        **extra,
    }


def officer_input(**extra: object) -> dict:
    return {
        "kind": "officer",
        "name": "杨洁",
        "id_number": ID_NUMBER,
        "certificate_no": "533124202401",
        "certificate_valid_until": "2028-12-31",
        "contact_phone": "13700001111",
        "categories": "工程质量、安全生产",
        **extra,
    }


def test_bad_uscc_id_number_and_phone_give_chinese_field_errors() -> None:
    with schema_context(SCHEMA):
        with pytest.raises(ValidationError) as exc:
            services.save_record(
                "entities", entity_input(uscc="91533103MA6K4X0A1H", contact_phone="12")
            )
        fields = exc.value.error_dict
        assert (
            "校验码不正确" in fields["uscc"][0].message
            and "末位应为 E" in fields["uscc"][0].message
        )
        assert "contact_phone" in fields
        with pytest.raises(FieldError) as one:
            services.save_record("inspectors", officer_input(id_number="533103198805120025"))
        assert one.value.field == "id_number" and one.value.code == "invalid_checksum"
        with pytest.raises(FieldError) as birth:
            body = "53310319881332001"
            from stdnum.cn import ric

            services.save_record(
                "inspectors", officer_input(id_number=body + ric.calc_check_digit(body + "0"))
            )
        assert birth.value.code == "invalid_birth_date"
        with pytest.raises(FieldError) as cert:
            services.save_record("inspectors", officer_input(certificate_no=""))
        assert cert.value.field == "certificate_no"
        assert not MarketEntity.objects.exists()


def test_uscc_is_unique_within_an_organisation_only() -> None:
    with schema_context(SCHEMA):
        services.save_record("entities", entity_input())
        with pytest.raises(FieldError) as exc:
            services.save_record("entities", entity_input(name="另一家"))
        assert exc.value.code == "duplicate"
    with schema_context("org_533122"):
        services.save_record("entities", entity_input())  # another county: allowed


def test_personal_data_is_encrypted_at_rest_and_found_by_blind_index() -> None:
    with schema_context(SCHEMA):
        inspector = services.save_record("inspectors", officer_input())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id_number, contact_phone, id_number_masked FROM"
                " registries_inspector WHERE id = %s",
                [inspector.pk],
            )
            raw_id, raw_phone, masked = cursor.fetchone()
        assert ID_NUMBER not in raw_id and "13700001111" not in raw_phone
        assert crypto.decrypt(raw_id) == ID_NUMBER
        assert masked == "5331**********0024"
        assert services.find_inspector_by_id_number(ID_NUMBER.lower()).pk == inspector.pk
        assert Inspector.objects.get(pk=inspector.pk).id_number == ID_NUMBER
        record = AuditRecord.objects.filter(object_type="Inspector").last()
        dumped = str(record.before) + str(record.after)
        assert ID_NUMBER not in dumped and "13700001111" not in dumped


def test_key_rotation_keeps_values_and_lookups(settings: object) -> None:
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    with schema_context(SCHEMA):
        inspector = services.save_record("inspectors", officer_input())
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *old]
    call_command("rotate_field_keys", "--schema", SCHEMA, verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # old key dropped
    with schema_context(SCHEMA):
        again = Inspector.objects.get(pk=inspector.pk)
        assert again.id_number == ID_NUMBER and again.contact_phone == "13700001111"
        assert services.find_inspector_by_id_number(ID_NUMBER).pk == inspector.pk


def test_index_is_written_in_the_same_transaction_and_rolled_back_with_it() -> None:
    with schema_context(SCHEMA):
        entity = services.save_record("entities", entity_input())
        row = EntityIndex.objects.get(kind="entity", uscc=USCC, organisation__code="533124")
        assert (row.name, row.region, row.status) == (entity.name, "章凤镇", "active")
        services.change_entity_status(entity, "revoked", on=dt.date(2026, 3, 1))
        assert EntityIndex.objects.get(pk=row.pk).status == "revoked"
        other = "91533103MA6K4X0A2" + __import__("stdnum.cn.uscc", fromlist=["x"]).calc_check_digit(
            "91533103MA6K4X0A2"
        )
        with pytest.raises(RuntimeError), transaction.atomic():
            services.save_record("entities", entity_input(uscc=other))
            assert EntityIndex.objects.filter(uscc=other).exists()
            raise RuntimeError("boom")
        assert not EntityIndex.objects.filter(uscc=other).exists()
        assert not MarketEntity.objects.filter(uscc=other).exists()


def test_project_needs_a_registered_responsible_entity_and_is_indexed() -> None:
    with schema_context(SCHEMA):
        with pytest.raises(FieldError) as exc:
            services.save_record(
                "projects", {"code": "P-1", "name": "章凤安置房", "responsible_entity_uscc": USCC}
            )
        assert exc.value.code == "not_found"
        services.save_record("entities", entity_input(credit_class="D"))
        project = services.save_record(
            "projects", {"code": "P-1", "name": "章凤安置房", "responsible_entity_uscc": USCC}
        )
        assert project.responsible_entity.uscc == USCC
        assert EntityIndex.objects.get(kind="project", uscc="P-1").credit_class == "D"


def _uscc(body17: str) -> str:
    from stdnum.cn import uscc

    return body17 + uscc.calc_check_digit(body17)


def test_a_corrected_code_moves_every_index_row_keyed_by_it() -> None:
    from suiji_platform.index.models import ConflictIndex
    from suiji_platform.ledger.models import LedgerEntry

    with schema_context(SCHEMA):
        org = __import__("suiji_platform.index.services", fromlist=["x"]).current_organisation()
        entity = services.save_record("entities", entity_input())
        officer = services.save_record("inspectors", officer_input())
        services.declare_conflict(inspector=officer, entity=entity, kind="kinship")
        project = services.save_record(
            "projects", {"code": "P-1", "name": "章凤安置房", "responsible_entity_uscc": USCC}
        )
        corrected = _uscc("91533103MA6K4X0A2")
        services.save_record("entities", {"uscc": corrected}, instance=entity)
        # the prefecture-wide index: one row, under the new code (no phantom of the old one)
        assert list(
            EntityIndex.objects.filter(organisation=org, kind="entity").values_list(
                "uscc", flat=True
            )
        ) == [corrected]
        # the conflicts' index (joint draws' recusal) follows the entity
        assert list(
            ConflictIndex.objects.filter(organisation=org).values_list("candidate", flat=True)
        ) == [corrected]
        services.save_record("projects", {"code": "P-2"}, instance=project)
        assert list(
            EntityIndex.objects.filter(organisation=org, kind="project").values_list(
                "uscc", flat=True
            )
        ) == ["P-2"]
        # once drawn or inspected, the history is keyed by the code: it cannot change
        LedgerEntry.objects.create(
            organisation=org,
            entity_code=corrected,
            item_code="ZJ-01",
            department="housing",
            inspected_on=dt.date(2026, 5, 1),
            plan_year=2026,
            source="targeted",
            visit_key="test",
        )
        with pytest.raises(FieldError) as exc:
            services.save_record("entities", {"uscc": _uscc("91533103MA6K4X0A3")}, instance=entity)
        assert (exc.value.field, exc.value.code) == ("uscc", "code_has_history")
        assert "注销后" in exc.value.message
        assert MarketEntity.objects.get(pk=entity.pk).uscc == corrected
        # other fields of such an entity still change
        services.save_record("entities", {"name": "陇川恒信建设有限公司"}, instance=entity)
        assert (
            EntityIndex.objects.get(organisation=org, kind="entity").name == "陇川恒信建设有限公司"
        )


def test_item_changes_are_versioned_with_effective_dates() -> None:
    with schema_context(SCHEMA):
        item = services.save_record(
            "items",
            {
                "code": "ZJ-9",
                "name": "质量检查",
                "legal_basis": "条例第1条",
                "responsible_body": "县局",
                "content": "质量",
                "method": "现场检查",
                "effective_from": "2026-01-01",
            },
        )
        services.save_record(
            "items", {"legal_basis": "条例第2条"}, instance=item, effective_from=dt.date(2026, 7, 1)
        )
        with pytest.raises(FieldError):
            services.save_record(
                "items",
                {"legal_basis": "条例第3条"},
                instance=item,
                effective_from=dt.date(2026, 2, 1),
            )
        item.refresh_from_db()
        assert item.version == 2
        v1, v2 = item.versions.order_by("version")
        assert (v1.legal_basis, v1.effective_to) == ("条例第1条", dt.date(2026, 6, 30))
        assert services.item_version_on(item, dt.date(2026, 3, 1)).version == 1
        assert services.item_version_on(item, dt.date(2026, 8, 1)).version == 2
        assert [r.operation for r in services.history("items", item.pk)] == [
            "registries.items.revise",
            "registries.items.create",
        ]
