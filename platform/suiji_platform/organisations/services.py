"""Creating organisations (tenants) and keeping the base schema they are cloned from."""

import logging
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.utils import schema_context, schema_exists

from suiji_tenants.audit.services import record_audit

from .models import ADMINISTRATIVE_CODE_VALIDATOR, Domain, Organisation, OrganisationKind
from .schemas import use_public_schema

logger = logging.getLogger(__name__)


class FieldError(Exception):
    """Bad input for one field (camelCase name as in the API); the message is for users."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"FieldError({self.field!r}, {self.code!r}, {self.message!r})"


def validate_new_organisation(
    *, code: str, name: str, kind: str, parent_code: str | None
) -> Organisation | None:
    """Check an organisation can be created; return its parent. Raises FieldError."""
    code = (code or "").strip()
    try:
        ADMINISTRATIVE_CODE_VALIDATOR(code)
    except Exception as exc:
        raise FieldError("code", "invalid", "行政区划代码应为6位数字（如 533103）。") from exc
    if not (name or "").strip():
        raise FieldError("name", "required", "请填写组织机构名称。")
    if len(name) > 100:
        raise FieldError("name", "too_long", "名称不能超过100个字符。")
    if kind not in OrganisationKind.values:
        raise FieldError("kind", "invalid", "级别应为州（市）或县（市）。")
    if Organisation.objects.filter(code=code).exists():
        raise FieldError("code", "duplicate", f"行政区划代码 {code} 已存在。")
    if schema_exists(Organisation.schema_name_for(code)):
        raise FieldError("code", "duplicate", f"数据库中已有代码 {code} 的数据空间。")
    parent = None
    if kind == OrganisationKind.COUNTY:
        if not parent_code:
            raise FieldError("parentCode", "required", "县（市）局必须指定上级州（市）局。")
        parent = Organisation.objects.filter(
            code=parent_code, kind=OrganisationKind.PREFECTURE
        ).first()
        if parent is None:
            raise FieldError("parentCode", "not_found", f"未找到上级州（市）局 {parent_code}。")
        if code[:4] != parent_code[:4]:
            raise FieldError(
                "code", "outside_parent", f"代码 {code} 不属于上级 {parent_code} 的辖区。"
            )
    elif parent_code:
        raise FieldError("parentCode", "not_allowed", "州（市）局没有上级组织机构。")
    return parent


def ensure_base_schema(verbosity: int = 0, expected: list[str] | None = None) -> None:
    """Create and migrate the schema new organisations are created from (run on every
    deploy), then render its DDL template again if its migrations changed (template.py).
    With `expected` (the migrations on disk), an up-to-date base is not migrated again."""
    from .migration_state import pending_schemas
    from .template import TemplateUnavailable, refresh

    base = settings.TENANT_BASE_SCHEMA
    use_public_schema()
    if not schema_exists(base):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{base}"')
    if expected is None or pending_schemas([base], expected):
        call_command(
            "migrate_schemas", schema_name=base, tenant=True, interactive=False, verbosity=verbosity
        )
    use_public_schema()
    try:
        refresh(base)
    except TemplateUnavailable as exc:
        logger.warning("no DDL template of %s, organisations will be cloned: %s", base, exc)


def drop_schema(schema_name: str) -> None:
    use_public_schema()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE')


def create_organisation(
    *, code: str, name: str, kind: str, parent_code: str | None = None, acting_user: Any = None
) -> Organisation:
    """Create an organisation and its schema (cloned from the base schema).

    On any failure nothing is left behind: no row, no domain, no schema.
    """
    parent = validate_new_organisation(code=code, name=name, kind=kind, parent_code=parent_code)
    code, name = code.strip(), name.strip()
    schema_name = Organisation.schema_name_for(code)
    # Clone in a fresh database session and leave none behind (see _fresh_session).
    _fresh_session()
    try:
        with transaction.atomic():
            organisation = Organisation(
                schema_name=schema_name, code=code, name=name, kind=kind, parent=parent
            )
            organisation.save(verbosity=0)
            Domain.objects.create(
                domain=f"{settings.TENANT_PATH_PREFIX}/{code}", tenant=organisation, is_primary=True
            )
            after = {"code": code, "name": name, "kind": kind, "parent": parent_code}
            record_audit(
                "organisation.create",
                object_type="Organisation",
                object_id=code,
                after=after,
                actor=acting_user,
                organisation_code=code,
            )
            with schema_context(schema_name):
                record_audit(
                    "organisation.create",
                    object_type="Organisation",
                    object_id=code,
                    after=after,
                    actor=acting_user,
                    organisation_code=code,
                )
    except Exception:
        drop_schema(schema_name)
        raise
    finally:
        use_public_schema()
        _fresh_session()
    return organisation


def _fresh_session() -> None:
    """Close the connection, when no transaction is open, so the next query opens a new session.

    django-tenants re-creates its large PL/pgSQL `clone_schema` function before every clone.
    A PostgreSQL session keeps every replaced compilation of it with all their cached plans,
    and each of the thousands of catalog invalidations a clone sends walks all of them, so in
    one long-lived session every clone is slower than the one before (measured: 4.6 s for the
    first, 22.6 s for the 30th; 0.3 s → 14 s by the 145th before). The session also caches
    every relation it created. A fresh session per creation stays at the first clone's speed.
    Inside an atomic block (a test, a caller's transaction) the connection is left alone.
    """
    if not connection.in_atomic_block:
        connection.close()
