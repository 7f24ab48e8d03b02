"""The database refuses to change or delete audit records (see docs/audit-log.md).

The same SQL runs in the migration (every existing schema) and after a new organisation's
schema is created (django-tenants' post_schema_sync), so no schema is ever without it.
"""

from django.db import connection

CREATE_SQL = """
CREATE OR REPLACE FUNCTION suiji_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计记录只能追加，不能修改或删除（%）。Audit records are append-only.', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS audit_record_append_only ON audit_auditrecord;
CREATE TRIGGER audit_record_append_only
    BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION suiji_audit_append_only();
DROP TRIGGER IF EXISTS audit_record_no_truncate ON audit_auditrecord;
CREATE TRIGGER audit_record_no_truncate
    BEFORE TRUNCATE ON audit_auditrecord
    FOR EACH STATEMENT EXECUTE FUNCTION suiji_audit_append_only();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS audit_record_append_only ON audit_auditrecord;
DROP TRIGGER IF EXISTS audit_record_no_truncate ON audit_auditrecord;
DROP FUNCTION IF EXISTS suiji_audit_append_only();
"""


def protected(schema: str) -> bool:
    """Whether `schema`'s audit table carries the append-only trigger."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relname = 'audit_auditrecord'"
            " AND t.tgname IN ('audit_record_append_only', 'audit_record_no_truncate')",
            [schema],
        )
        row = cursor.fetchone()
    return bool(row and row[0] == 2)


def protect_schema(schema: str) -> None:
    from django_tenants.utils import schema_context

    with schema_context(schema), connection.cursor() as cursor:
        cursor.execute(CREATE_SQL)
