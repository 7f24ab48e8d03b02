from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from suiji_platform.calendar.services import load_schedule, parse_schedule
from suiji_platform.organisations.schemas import use_public_schema
from suiji_platform.organisations.services import FieldError


class Command(BaseCommand):
    help = "Load an official holiday schedule (CSV date,kind,name or JSON) into the calendar."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="CSV or JSON file")
        parser.add_argument("--format", choices=["csv", "json"], default="")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"无法读取 {path}：{exc}") from exc
        fmt = options["format"] or path.suffix.lstrip(".").lower()
        use_public_schema()
        try:
            schedule = parse_schedule(content, fmt if fmt in ("csv", "json") else "")
            count = load_schedule(schedule, source=path.name)
        except FieldError as error:
            raise CommandError(f"{path.name}: {error.message}") from error
        years = "、".join(str(y) for y in schedule.years)
        self.stdout.write(f"已载入 {years} 年节假日安排：{count} 个调整日")
