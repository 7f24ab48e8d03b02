"""`manage.py import_registry --org CODE --kind items|entities|projects|inspectors FILE
[--update-existing] [--report PATH]`: the same validation and all-or-nothing import as the web
app. Prints every error (sheet, row, column, reason) and exits non-zero when nothing was written."""

import shutil
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from suiji_platform.organisations.models import Organisation
from suiji_tenants.registries.importer import import_file
from suiji_tenants.registries.validation import SPECS


class Command(BaseCommand):
    help = "Import a registry spreadsheet (.xlsx/.xls/.ods) into an organisation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="organisation code, e.g. 533103")
        parser.add_argument("--kind", required=True, choices=sorted(SPECS))
        parser.add_argument(
            "--update-existing",
            action="store_true",
            help="update records whose key is already registered",
        )
        parser.add_argument("--report", help="write the annotated error report (xlsx) here")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(code=options["org"]).first()
        if organisation is None:
            raise CommandError(f"未找到组织机构 {options['org']}")
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        with schema_context(organisation.schema_name):
            try:
                result = import_file(
                    options["kind"],
                    path,
                    update_existing=options["update_existing"],
                    file_name=path.name,
                )
            except Exception as exc:  # noqa: BLE001 - a message, not a traceback, for the user
                self.stderr.write(
                    f"导入失败：处理出错（{type(exc).__name__}：{str(exc)[:200]}），未写入任何数据；"
                    "请把该文件交给系统管理员排查。"
                )
                sys.exit(2)
        if result.ok:
            self.stdout.write(
                f"导入完成：{result.rows} 行，新增 {result.created} 条，更新 {result.updated} 条"
            )
            return
        for e in result.errors:
            where = "，".join(
                p
                for p in (
                    f"工作表“{e['sheet']}”" if e["sheet"] else "",
                    f"第 {e['row']} 行" if e["row"] else "",
                    f"{e['column']} 列（{e['header']}）" if e["column"] else "",
                )
                if p
            )
            self.stderr.write(f"{where}：{e['reason']}" if where else e["reason"])
        if result.error_count > len(result.errors):
            self.stderr.write(f"……共 {result.error_count} 处错误，仅列出前 {len(result.errors)} 处")
        if options["report"] and result.report_path:
            shutil.copyfile(result.report_path, options["report"])
            self.stderr.write(f"错误报告已写入 {options['report']}")
        self.stderr.write(f"发现 {result.error_count} 处错误，未写入任何数据。")
        sys.exit(1)
