"""Excel for the registries: templates with Chinese headers and export (xlsxwriter), reading
(python-calamine: .xlsx, .xls, .ods alike), and the annotated error report."""

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook

from . import crypto
from .codes import normalise_code
from .limits import LimitError, check_limits
from .validation import SPECS

MAX_BYTES = 50 * 1024 * 1024
MAX_REPORT_COLUMNS = 100
# Magic numbers: .xlsx/.ods are ZIP containers, .xls is an OLE2 compound file.
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (wrong type, too big, no header)."""


# Every workbook Suiji writes goes through `new_workbook` and `write_cell`: text from users is
# written as a string cell, never as a formula or a link (a staff user could otherwise plant
# `=HYPERLINK(…INDIRECT(…))` in a field and have an admin's export send the cell next to it,
# in clear, to any address), nor turned into a number.
_DATA_ONLY = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
MAX_CELL_CHARS = 32_767  # Excel's limit per cell


def new_workbook(target: Any, **options: Any) -> xlsxwriter.Workbook:
    return xlsxwriter.Workbook(target, {**options, **_DATA_ONLY})


def write_cell(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """Write one value as data: text as a string cell, numbers and booleans as such."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float) and math.isfinite(value) and abs(value) < 1e300:
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, dt.date | dt.datetime):
        sheet.write_string(row, col, value.isoformat(), fmt)
    else:
        sheet.write_string(row, col, str(value)[:MAX_CELL_CHARS], fmt)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def header_label(label: str, required: bool) -> str:
    return f"{label}*" if required else label


def normalise_header(value: Any) -> str:
    # NFKC, no spaces or zero-width characters: "名称＊", "名称\u200b" and "名称 (必填)" match.
    s = normalise_code(value or "").replace("(必填)", "")
    return s.rstrip("*").replace("(", "（").replace(")", "）")


def check_file(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SpreadsheetError(
            f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 50 MB；请分成几个文件导入。"
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if not (head.startswith(_ZIP) or head == _OLE2):
        raise SpreadsheetError(
            "文件不是 Excel（.xlsx/.xls）或 OpenDocument（.ods）表格，可能是改了扩展名的 CSV 或"
            "文本文件。请在 Excel、WPS 或 LibreOffice 中打开后“另存为” .xlsx 再导入。"
        )
    return head


def read_sheet(path: Path) -> tuple[str, list[list[Any]]]:
    """The first sheet's rows (cells as str/int/float/bool/date); formulas read as the values
    last saved with the file."""
    head = check_file(path)
    try:
        check_limits(path, head)
    except LimitError as exc:
        raise SpreadsheetError(str(exc)) from exc
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise SpreadsheetError("表格中没有工作表。")
        name = workbook.sheet_names[0]
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except SpreadsheetError:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for broken files
        raise SpreadsheetError(
            f"无法读取表格文件：文件已损坏或加密（{type(exc).__name__}）。"
            "请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。"
        ) from exc
    return name, rows


EXAMPLE_NOTE = "带 * 的列为必填；第2行为示例，导入前请删除。日期格式如 2026-03-31。"


def write_template(kind: str, target: Any) -> None:
    spec = SPECS[kind]
    workbook = new_workbook(target, in_memory=True)
    sheet = workbook.add_worksheet(spec.label[:31])
    head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    required = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    for col, f in enumerate(spec.fields):
        write_cell(
            sheet, 0, col, header_label(f.label, f.required), required if f.required else head
        )
        write_cell(sheet, 1, col, f.example)
        sheet.set_column(col, col, max(12, len(f.label) * 2 + 4))
        if f.choices is not None:
            options = [c.label.split("（")[0] for c in f.choices]
            sheet.data_validation(1, col, 100_000, col, {"validate": "list", "source": options})
    sheet.freeze_panes(1, 0)
    notes = workbook.add_worksheet("填写说明")
    write_cell(notes, 0, 0, EXAMPLE_NOTE)
    write_cell(
        notes, 1, 0, "统一社会信用代码、身份证号会校验校验位；同一文件内和库内的重复会被指出。"
    )
    workbook.close()


def _cell(kind: str, obj: Any, name: str, clear: bool) -> Any:
    if name == "responsible_entity_uscc":
        return obj.responsible_entity.uscc if obj.responsible_entity_id else ""
    value = getattr(obj, name)
    if name == "id_number":
        return value if clear else obj.id_number_masked
    if name == "contact_phone":
        return value if clear else crypto.mask_phone(value)
    if name == "categories":
        return "、".join(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    spec_field = SPECS[kind].by_name[name]
    if spec_field.choices is not None and value:
        return spec_field.choices(value).label.split("（")[0]
    return value


def write_export(kind: str, rows: Iterable[Any], target: Any, *, clear: bool) -> int:
    """Write records as a sheet with the template's headers (so an export re-imports)."""
    spec = SPECS[kind]
    workbook = new_workbook(target, constant_memory=True, in_memory=False)
    sheet = workbook.add_worksheet(spec.label[:31])
    head = workbook.add_format({"bold": True})
    for col, f in enumerate(spec.fields):
        write_cell(sheet, 0, col, header_label(f.label, f.required), head)
    count = 0
    for count, obj in enumerate(rows, 1):
        for col, f in enumerate(spec.fields):
            write_cell(sheet, count, col, _cell(kind, obj, f.name, clear))
    workbook.close()
    return count


def write_error_report(
    kind: str,
    errors: list[dict[str, Any]],
    rows: dict[int, list[Any]],
    header: list[Any],
    target: Any,
    sheet_name: str,
) -> None:
    """An xlsx with every error (sheet, row, column, reason) and the rows at fault, their bad
    cells highlighted, so the user can correct them and import again."""
    workbook = new_workbook(target, constant_memory=False)
    bold = workbook.add_format({"bold": True})
    bad = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    listing = workbook.add_worksheet("错误清单")
    for col, title in enumerate(("工作表", "行号", "列", "列名", "错误说明")):
        write_cell(listing, 0, col, title, bold)
    for i, e in enumerate(errors, 1):
        for col, value in enumerate(
            (e["sheet"], e["row"] or "", e["column"], e["header"], e["reason"])
        ):
            write_cell(listing, i, col, value)
    listing.set_column(4, 4, 80)
    faulty = workbook.add_worksheet("有误的行")
    write_cell(faulty, 0, 0, "原行号", bold)
    header = header[:MAX_REPORT_COLUMNS]
    for col, title in enumerate(header, 1):
        write_cell(faulty, 0, col, title, bold)
    write_cell(faulty, 0, len(header) + 1, "错误说明", bold)
    by_row: dict[int, list[dict[str, Any]]] = {}
    for e in errors:
        if e["row"]:
            by_row.setdefault(e["row"], []).append(e)
    for out, (row_no, row_errors) in enumerate(sorted(by_row.items()), 1):
        values = rows.get(row_no, [])[: len(header)]
        bad_cols = {e["column_index"] for e in row_errors if e.get("column_index") is not None}
        write_cell(faulty, out, 0, row_no)
        for col, value in enumerate(values):
            write_cell(faulty, out, col + 1, value, bad if col in bad_cols else None)
        write_cell(faulty, out, len(header) + 1, "；".join(e["reason"] for e in row_errors))
    workbook.close()


def iter_chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
