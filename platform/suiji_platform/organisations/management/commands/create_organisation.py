from typing import Any

from django.core.management.base import BaseCommand, CommandError

from suiji_platform.organisations.services import FieldError, create_organisation


class Command(BaseCommand):
    help = "Create an organisation (prefecture or county bureau) and its schema."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("code", help="6-digit administrative code, e.g. 533103")
        parser.add_argument("name", help="e.g. 芒市住房和城乡建设局")
        parser.add_argument("--kind", choices=["prefecture", "county"], default="county")
        parser.add_argument("--parent", help="the prefecture's code for a county")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = create_organisation(
                code=options["code"],
                name=options["name"],
                kind=options["kind"],
                parent_code=options.get("parent"),
            )
        except FieldError as error:
            raise CommandError(f"{error.field}: {error.message}") from error
        self.stdout.write(f"已创建 {organisation} (schema {organisation.schema_name})")
