"""`manage.py setup`: migrate the public schema, the base schema and every organisation.

Run on every deploy: new organisations are cloned from the base schema, so it must carry
every migration (django-tenants does not migrate it by itself).
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from suiji_platform.organisations.services import ensure_base_schema


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

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options.get("verbosity", 1)
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        ensure_base_schema(verbosity=verbosity)
        call_command(
            "migrate_schemas",
            tenant=True,
            interactive=False,
            verbosity=verbosity,
            executor=options["executor"],
        )
        self.stdout.write("数据库结构已就绪 (schemas migrated)")
