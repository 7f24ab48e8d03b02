"""Export of the organisation's published results as a spreadsheet with the fields of the
national exchange record (计划编号和名称, 任务编号和名称, 抽查类型, 检查机关, 检查日期, per item the
result), one row per result and item. Read from the public results index (what was published,
nothing more) and written as data only (registries.excel: no formula, no link)."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from suiji_platform.results_index.models import PublishedResult
from suiji_tenants.registries.excel import new_workbook, write_cell

from .documents import _categories_text, plan_name

COLUMNS = (
    "计划编号",
    "计划名称",
    "任务编号",
    "任务名称",
    "抽查类型",
    "检查机关",
    "检查日期",
    "检查对象名称",
    "统一社会信用代码（项目代码）",
    "检查编号",
    "检查事项编码",
    "检查事项名称",
    "检查结果",
    "公示日期",
)
CHUNK = 5000


def published_rows(organisation_id: int, *, year: int | None = None, plan_code: str = "") -> Any:
    qs = PublishedResult.objects.filter(organisation_id=organisation_id)
    if year:
        qs = qs.filter(plan_year=year)
    if plan_code:
        qs = qs.filter(plan_code=plan_code)
    return qs.order_by("id")


def _iter(qs: Any) -> Iterator[PublishedResult]:
    """Keyset pages: constant memory over 100,000s of rows."""
    last = 0
    while True:
        page = list(qs.filter(id__gt=last)[:CHUNK])
        if not page:
            return
        yield from page
        last = page[-1].id


def write_results_export(
    organisation_id: int,
    target: Path | Any,
    *,
    year: int | None = None,
    plan_code: str = "",
    progress: Callable[[int, str], None] | None = None,
) -> int:
    """Write the export; returns the number of results (not rows) written."""
    qs = published_rows(organisation_id, year=year, plan_code=plan_code)
    total = qs.count()
    workbook = new_workbook(str(target), constant_memory=True)
    sheet = workbook.add_worksheet("检查结果")
    head = workbook.add_format({"bold": True})
    for col, label in enumerate(COLUMNS):
        write_cell(sheet, 0, col, label, head)
    sheet.set_column(0, len(COLUMNS) - 1, 18)
    line = 0
    done = 0
    for done, row in enumerate(_iter(qs), 1):
        common = (
            row.plan_code,
            plan_name(row.plan_year, row.plan_title),
            row.task_code,
            row.task_title,
            row.inspection_type,
            row.inspecting_body,
            row.inspected_on,
            row.entity_name,
            row.uscc,
            row.reference,
        )
        for item in row.items or [{}]:
            line += 1
            values = (
                *common,
                item.get("code", ""),
                item.get("name", ""),
                _categories_text(item.get("result") or row.result_categories),
                row.published_at.date(),
            )
            for col, value in enumerate(values):
                write_cell(sheet, line, col, value)
        if progress is not None and done % CHUNK == 0:
            progress(int(90 * done / max(total, 1)), f"已写入 {done}/{total} 条检查结果")
    if progress is not None:
        progress(95, "正在保存文件")
    workbook.close()
    return done
