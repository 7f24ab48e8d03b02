"""`manage.py verify_audit [--org CODE]`: check the hash chains, print OK or the first break."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from suiji_platform.organisations.models import Organisation
from suiji_tenants.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the hash-chained audit log of every organisation (or one with --org)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", help="administrative code, e.g. 533103")
        parser.add_argument("--public", action="store_true", help="only the platform chain")

    def handle(self, *args: Any, **options: Any) -> None:
        schemas: list[tuple[str, str]] = []
        if options["public"]:
            schemas = [("public", "平台")]
        elif options["org"]:
            org = Organisation.objects.filter(code=options["org"]).first()
            if org is None:
                raise CommandError(f"未找到组织机构 {options['org']}")
            schemas = [(org.schema_name, str(org))]
        else:
            schemas = [("public", "平台")] + [
                (o.schema_name, str(o)) for o in Organisation.objects.order_by("code")
            ]
        failed = False
        for schema, label in schemas:
            with schema_context(schema):
                report = verify_chain()
            line = f"{label} [{schema}]: {report.message}"
            if report.ok:
                self.stdout.write(line)
            else:
                failed = True
                self.stdout.write(f"BROKEN {line}")
        if failed:
            raise CommandError("审计日志校验失败 (audit chain broken)")
