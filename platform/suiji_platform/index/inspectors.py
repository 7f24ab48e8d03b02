"""Writing the public inspector index (`InspectorIndex`, `ConflictIndex`) from an
organisation's registry: the registries' services call :func:`sync_inspectors` inside their
transaction (the tenant's search_path includes public, so one transaction covers both), the
migration that created the index called it once per schema. Only what a 市抽县查 draw needs is
copied: never the ID number, the phone or a conflict's free-text explanation."""

from collections.abc import Sequence

from django.db import connection

from suiji_platform.organisations.models import Organisation

from .models import ConflictIndex, InspectorIndex

# The registry's tables (tenant schema).
_INSPECTORS = "registries_inspector"
_CONFLICTS = "registries_conflict"
_ENTITIES = "registries_marketentity"


def sync_inspectors(
    organisation: Organisation, pks: Sequence[int] | None = None, *, schema: str | None = None
) -> None:
    """Rewrite the index rows of the organisation's inspectors (all of them, or those of
    ``pks``) and of their declared conflicts: four statements however many people.
    ``schema``: qualify the registry's tables (a migration); None: the connection's schema."""
    q = f"{connection.ops.quote_name(schema)}." if schema else ""
    people, conflicts = InspectorIndex._meta.db_table, ConflictIndex._meta.db_table
    params = {"org": organisation.pk, "all": pks is None, "pks": list(pks or [])}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO public.{people} (organisation_id, registry_id, kind, name, department,
                categories, certificate_no, certificate_valid_until, active, updated_at)
            SELECT %(org)s, r.id, r.kind, r.name, r.department, r.categories, r.certificate_no,
                   r.certificate_valid_until, r.active, now()
            FROM {q}{_INSPECTORS} r WHERE %(all)s OR r.id = ANY(%(pks)s)
            ON CONFLICT (organisation_id, registry_id) DO UPDATE SET kind = EXCLUDED.kind,
                name = EXCLUDED.name, department = EXCLUDED.department,
                categories = EXCLUDED.categories, certificate_no = EXCLUDED.certificate_no,
                certificate_valid_until = EXCLUDED.certificate_valid_until,
                active = EXCLUDED.active, updated_at = EXCLUDED.updated_at""",  # noqa: S608
            params,
        )
        cursor.execute(
            f"""
            DELETE FROM public.{people} x
            WHERE x.organisation_id = %(org)s AND (%(all)s OR x.registry_id = ANY(%(pks)s))
              AND NOT EXISTS (SELECT 1 FROM {q}{_INSPECTORS} r WHERE r.id = x.registry_id)""",  # noqa: S608
            params,
        )
        cursor.execute(
            f"""
            DELETE FROM public.{conflicts}
            WHERE organisation_id = %(org)s
              AND (%(all)s OR inspector_registry_id = ANY(%(pks)s))""",  # noqa: S608
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO public.{conflicts} (organisation_id, inspector_registry_id, candidate,
                reason)
            SELECT %(org)s, c.inspector_id, e.uscc, c.kind
            FROM {q}{_CONFLICTS} c JOIN {q}{_ENTITIES} e ON e.id = c.entity_id
            WHERE %(all)s OR c.inspector_id = ANY(%(pks)s)""",  # noqa: S608
            params,
        )
