"""`manage.py open_inspections`: open the inspections of draws published before inspections
existed (idempotent: targets that have their inspection are skipped)."""

from typing import Any

from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from suiji_platform.organisations.models import Organisation


class Command(BaseCommand):
    help = "Open one inspection per drawn target of every published draw (backfill, idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", action="append", help="organisation code (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        from suiji_tenants.draws.handover import published_handovers
        from suiji_tenants.inspections.services import open_inspections_for_draw

        organisations = Organisation.objects.exclude(schema_name="public").order_by("code")
        if options["org"]:
            organisations = organisations.filter(code__in=options["org"])
        for org in organisations:
            with schema_context(org.schema_name):
                opened = sum(
                    open_inspections_for_draw(h, organisation=org, acting_user=None)
                    for h in published_handovers()
                )
            self.stdout.write(f"{org.code}: 新建检查 {opened} 项")
