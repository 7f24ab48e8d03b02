"""The dashboard as a spreadsheet (data-only cells: no formulas, no links), with a second sheet
holding the definition of every figure — the same `metrics.METRICS` the dashboard shows."""

import io
from datetime import date

from suiji_platform.organisations.models import Organisation
from suiji_tenants.registries.excel import new_workbook, write_cell

from . import metrics


def dashboard_workbook(prefecture: Organisation, year: int, *, today: date | None = None) -> bytes:
    rows = metrics.figures(metrics.overseen(prefecture), year, today=today)
    rows.append(metrics.totals(rows, year))
    buf = io.BytesIO()
    book = new_workbook(buf, in_memory=True)
    sheet = book.add_worksheet(f"{year}年度监督指标")
    bold = book.add_format({"bold": True})
    write_cell(sheet, 0, 0, "机构", bold)
    for col, m in enumerate(metrics.METRICS, start=1):
        write_cell(sheet, 0, col, f"{m.label}（{m.unit}）" if m.unit else m.label, bold)
    # Visits per department as columns, where joint work exists (the totals row holds them all).
    departments = sorted(rows[-1].departments) if rows[-1].joint_visits else []
    first = len(metrics.METRICS) + 1
    for col, department in enumerate(departments, start=first):
        write_cell(sheet, 0, col, f"检查户次·{department}", bold)
    for r, f in enumerate(rows, start=1):
        write_cell(sheet, r, 0, f.label)
        for col, m in enumerate(metrics.METRICS, start=1):
            write_cell(sheet, r, col, f.value(m.key))
        for col, department in enumerate(departments, start=first):
            write_cell(sheet, r, col, f.departments.get(department, 0))
    defs = book.add_worksheet("指标口径")
    for col, head in enumerate(["指标", "计算方法", "单位"]):
        write_cell(defs, 0, col, head, bold)
    for r, m in enumerate(metrics.METRICS, start=1):
        write_cell(defs, r, 0, m.label)
        write_cell(defs, r, 1, m.formula)
        write_cell(defs, r, 2, m.unit)
    book.close()
    return buf.getvalue()
