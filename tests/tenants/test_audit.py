"""The hash-chained audit log: appended by every mutation, and any tampering is detected."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.utils import schema_context

from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.audit.services import record_audit, verify_chain

pytestmark = pytest.mark.django_db

SCHEMA = "org_533122"


def _append_three() -> list[AuditRecord]:
    return [
        record_audit(
            "probe.write",
            object_type="Probe",
            object_id=str(i),
            before={"n": i},
            after={"n": i + 1, "id_number": "53310319900101001X"},
        )
        for i in range(3)
    ]


def _sql(statement: str, *params: object) -> None:
    """Tamper as a database superuser would: past the append-only trigger (replica mode)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(statement, params)
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def test_an_intact_chain_verifies_and_personal_data_is_redacted() -> None:
    with schema_context(SCHEMA):
        records = _append_three()
        assert verify_chain().ok
        assert records[1].prev_hash == records[0].hash
        assert records[2].after["id_number"] == "[已隐去]"


def test_an_edited_row_is_detected() -> None:
    with schema_context(SCHEMA):
        records = _append_three()
        _sql("UPDATE audit_auditrecord SET after = '{\"n\": 99}' WHERE seq = %s", records[1].seq)
        report = verify_chain()
        assert not report.ok
        assert report.broken_seq == records[1].seq
        assert "内容被改动" in report.message


def test_an_edited_actor_is_detected() -> None:
    with schema_context(SCHEMA):
        records = _append_three()
        _sql("UPDATE audit_auditrecord SET actor = 'someone' WHERE seq = %s", records[0].seq)
        assert verify_chain().broken_seq == records[0].seq


def test_a_deleted_row_is_detected() -> None:
    with schema_context(SCHEMA):
        records = _append_three()
        _sql("DELETE FROM audit_auditrecord WHERE seq = %s", records[1].seq)
        report = verify_chain()
        assert not report.ok
        assert report.broken_seq == records[2].seq


def test_deleting_the_newest_rows_is_detected() -> None:
    with schema_context(SCHEMA):
        records = _append_three()
        _sql("DELETE FROM audit_auditrecord WHERE seq = %s", records[2].seq)
        report = verify_chain()
        assert not report.ok
        assert "链尾不符" in report.message


def test_reordered_rows_are_detected() -> None:
    with schema_context(SCHEMA):
        records = _append_three()
        # Swap the storage order of two records by swapping their ids.
        a, b = records[0].pk, records[1].pk
        _sql("UPDATE audit_auditrecord SET id = -1 WHERE id = %s", a)
        _sql("UPDATE audit_auditrecord SET id = %s WHERE id = %s", a, b)
        _sql("UPDATE audit_auditrecord SET id = %s WHERE id = -1", b)
        report = verify_chain()
        assert not report.ok
        assert "顺序" in report.message


def test_verify_audit_command_reports_ok_or_the_first_broken_link(capsys) -> None:  # type: ignore[no-untyped-def]
    with schema_context(SCHEMA):
        records = _append_three()
    call_command("verify_audit", "--org", "533122")
    assert "OK" in capsys.readouterr().out
    with schema_context(SCHEMA):
        _sql("UPDATE audit_auditrecord SET operation = 'x' WHERE seq = %s", records[2].seq)
    with pytest.raises(CommandError):
        call_command("verify_audit", "--org", "533122")
    out = capsys.readouterr().out
    assert "BROKEN" in out
    assert f"第 {records[2].seq} 条" in out


def test_every_mutation_appends_an_audit_record(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("ruili.admin")
    with schema_context("org_533102"):
        before = AuditRecord.objects.count()
    result = client.post(
        'mutation { grantRole(username:"ruili.staff", role: INSPECTOR) { errors { message } } }',
        org="533102",
    )
    assert result["data"]["grantRole"]["errors"] == []
    with schema_context("org_533102"):
        newest = AuditRecord.objects.order_by("-seq").first()
        assert AuditRecord.objects.count() == before + 1
        assert newest is not None
        assert newest.operation == "member.grant_role"
        assert newest.actor == "ruili.admin"
        assert newest.organisation_code == "533102"
        assert newest.before["roles"] == ["section_staff"]
        assert newest.after["roles"] == ["inspector", "section_staff"]
        assert verify_chain().ok


def test_a_rejected_mutation_writes_nothing(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("ruili.admin")
    with schema_context("org_533102"):
        before = AuditRecord.objects.count()
    result = client.post(
        'mutation { revokeRole(username:"ruili.staff", role: AUDITOR) { errors { code } } }',
        org="533102",
    )
    assert result["data"]["revokeRole"]["errors"][0]["code"] == "not_held"
    with schema_context("org_533102"):
        assert AuditRecord.objects.count() == before


def test_all_mutations_share_the_audited_base_class() -> None:
    from suiji_api.core.mutations import SuijiMutation
    from suiji_api.schema import schema

    mutation_type = schema.graphql_schema.mutation_type
    assert mutation_type is not None
    for name, field in mutation_type.fields.items():
        graphene_type = (
            field.type.of_type.graphene_type
            if hasattr(field.type, "of_type")
            else field.type.graphene_type
        )
        assert issubclass(graphene_type, SuijiMutation), name


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_auditrecord",
        "UPDATE audit_auditrecord SET actor = 'someone'",
        "TRUNCATE audit_auditrecord",
    ],
    ids=["delete", "update", "truncate"],
)
def test_audit_records_cannot_be_deleted_or_changed(statement: str) -> None:
    """Kept (Cybersecurity Law art. 21: at least 180 days): no path deletes or edits them, not
    the application's own database account, nor the ORM's bulk operations."""
    from django.db import DatabaseError, transaction

    with schema_context(SCHEMA):
        _append_three()
        count = AuditRecord.objects.count()
        with (
            pytest.raises(DatabaseError, match="只能追加"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
        with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
            AuditRecord.objects.all().delete()
        assert AuditRecord.objects.count() == count
        assert verify_chain().ok
