"""`manage.py setup`: migrate the public schema, the base schema and every organisation.

Run on every deploy: new organisations are created from the base schema, so it must carry
every migration (django-tenants does not migrate it by itself). Only the schemas that miss a
migration are migrated: all schemas' applied migrations are read in a few statements and
compared with the migration files (migration_state.py), so a run with nothing to do takes
seconds whatever the number of organisations, and a second run is a no-op.
"""

import multiprocessing
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from suiji_platform.organisations.migration_state import expected_migrations, pending_schemas
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.schemas import use_public_schema
from suiji_platform.organisations.services import ensure_base_schema


def _migrate_schema(schema: str, verbosity: int) -> str:
    call_command(
        "migrate_schemas", schema_name=schema, tenant=True, interactive=False, verbosity=verbosity
    )
    connections.close_all()
    return schema


def _migrate_schema_job(job: tuple[str, int]) -> str:
    return _migrate_schema(*job)


class Command(BaseCommand):
    help = "Migrate public, base and tenant schemas (idempotent; run on every deploy)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--executor",
            default="standard",
            choices=["standard", "multiprocessing"],
            help="How organisations are migrated: one after another, or in parallel processes "
            "(TENANT_MULTIPROCESSING_MAX_PROCESSES, default 2).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Run django-tenants' migrate on every schema, even those found up to date.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options.get("verbosity", 1)
        started = time.perf_counter()
        use_public_schema()
        expected = expected_migrations()
        public = settings.PUBLIC_SCHEMA_NAME
        if options["all"] or pending_schemas([public], expected):
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        ensure_base_schema(verbosity=verbosity, expected=None if options["all"] else expected)
        schemas = list(
            Organisation.objects.exclude(schema_name=public)
            .order_by("schema_name")
            .values_list("schema_name", flat=True)
        )
        todo = schemas if options["all"] else pending_schemas(schemas, expected)
        if verbosity >= 1:
            self.stdout.write(
                f"待迁移的组织 (organisations to migrate): {len(todo)}/{len(schemas)}"
            )
        processes = int(getattr(settings, "TENANT_MULTIPROCESSING_MAX_PROCESSES", 2))
        if options["executor"] == "multiprocessing" and len(todo) > 1 and processes > 1:
            connections.close_all()
            context = multiprocessing.get_context("fork")
            with context.Pool(processes=min(processes, len(todo)), maxtasksperchild=50) as pool:
                for _ in pool.imap_unordered(_migrate_schema_job, [(s, verbosity) for s in todo]):
                    pass
        else:
            for schema in todo:
                _migrate_schema(schema, verbosity)
        use_public_schema()
        left = pending_schemas([public, settings.TENANT_BASE_SCHEMA, *schemas], expected)
        if left:
            raise RuntimeError(f"schemas still missing migrations: {', '.join(left[:10])}")
        if verbosity >= 1:
            self.stdout.write(
                f"数据库结构已就绪 (schemas migrated) in {time.perf_counter() - started:.1f} s"
            )
