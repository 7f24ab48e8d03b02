"""What a spreadsheet may ask of memory, checked before it is read.

A reader builds the whole sheet in memory: its declared dimensions, every cell and every use of
a shared string. Small files can ask for a lot: cells at A1 and XFD1048576 (1.9 KB asking for
550 GB), a million rows of 200 cells (7 MB), one 100 MB shared string used 150 times (100 KB).
So before python-calamine sees a file, this module measures it without expanding it:

- .xlsx/.xlsm: the ZIP's members (declared and actually inflated sizes, compression ratio); the
  first sheet's declared dimension and the cells it really holds (rows, columns, count); the
  text every cell would hold once shared strings are expanded;
- .ods: the ZIP likewise, and the rows and columns `number-rows/columns-repeated` expand to;
- .xls (OLE2, at most 65,536 × 256 cells): read once in a child process under a memory limit,
  which is then the only process that can run out.

Every refusal is a `SpreadsheetError` with a Chinese message saying what to do.
"""

import re
import resource
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 4_000_000
# Inflated size of all members together, and of the text the cells hold once expanded.
MAX_UNCOMPRESSED = 600 * 1024 * 1024
MAX_TEXT_BYTES = 200 * 1024 * 1024
# Excel's own limit is 32,767 characters a cell; allow UTF-8 and markup around it.
MAX_CELL_BYTES = 32_767 * 4 + 4096
MAX_RATIO = 200  # inflated / compressed, for members above 1 MB
XLS_MEMORY = 1024 * 1024 * 1024

_CHUNK = 1 << 20


class LimitError(Exception):
    """The file would ask for more than the import allows."""


@dataclass
class Shape:
    rows: int = 0
    columns: int = 0
    cells: int = 0
    text_bytes: int = 0


def _too_big(what: str) -> LimitError:
    return LimitError(
        f"表格{what}，超出导入上限（最多 {MAX_ROWS:,} 行、{MAX_COLUMNS} 列）。请只保留名录的列和"
        "数据行，分成几个文件导入；如表格只有少量数据，请把数据复制到新建的工作簿后另存再导入。"
    )


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _members(archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise LimitError(
                f"表格文件中的“{info.filename}”压缩比异常（{info.file_size // max(1, info.compress_size)} 倍），"
                "可能是恶意构造的文件，已拒绝导入。请在 Excel 或 WPS 中另存为新的 .xlsx 后再导入。"
            )
    if total > MAX_UNCOMPRESSED:
        raise LimitError(
            f"表格解压后约 {total / 1024 / 1024:.0f} MB，超过上限 {MAX_UNCOMPRESSED // 1024 // 1024} MB；"
            "请分成几个文件导入。"
        )


def _stream(archive: zipfile.ZipFile, name: str, budget: list[int]) -> Iterator[bytes]:
    """Inflate a member chunk by chunk, counting the bytes really produced (a ZIP's declared
    sizes can lie) against the budget shared by all members."""
    with archive.open(name) as handle:
        while chunk := handle.read(_CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise LimitError(
                    f"表格解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB 上限；请分成几个文件导入。"
                )
            yield chunk


# --- .xlsx ---------------------------------------------------------------------------------

_SI = re.compile(rb"<(?:\w+:)?si\b")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?([0-9]+)?(?::([A-Z]+)([0-9]+))?"')
# A row start, or one cell: attributes, then either self-closing or its content up to </c>.
_CELL = re.compile(rb"(<(?:\w+:)?row\b[^>]*>)|<(?:\w+:)?c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,4})([0-9]{1,8})"')
_ROW_REF = re.compile(rb'\br="([0-9]{1,8})"')
_TYPE_S = re.compile(rb'\bt="s"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([0-9]+)</(?:\w+:)?v>")


def _shared_string_sizes(archive: zipfile.ZipFile, name: str, budget: list[int]) -> list[int]:
    """The size in bytes of every shared string, in order (markup included: an upper bound)."""
    sizes: list[int] = []
    position = 0  # bytes consumed before the current buffer
    last = -1  # absolute offset of the last <si
    tail = b""
    for chunk in _stream(archive, name, budget):
        buffer = tail + chunk
        base = position - len(tail)
        for match in _SI.finditer(buffer):
            at = base + match.start()
            if at <= last:
                continue
            if last >= 0:
                sizes.append(at - last)
            last = at
        position += len(chunk)
        if last >= 0 and position - last > MAX_CELL_BYTES:
            raise LimitError(
                f"共享文本第 {len(sizes) + 1} 项超过 Excel 单元格 32767 个字符的上限，"
                "可能是恶意构造的文件，已拒绝导入。"
            )
        tail = buffer[-16:]
    if last >= 0:
        sizes.append(position - last)
    return sizes


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    try:
        workbook = archive.read("xl/workbook.xml")[: 1 << 20]
        rels = archive.read("xl/_rels/workbook.xml.rels")[: 1 << 20]
    except KeyError:
        workbook = rels = b""
    sheet = re.search(rb"<(?:\w+:)?sheet\b[^>]*\br:id=\"([^\"]+)\"", workbook) or re.search(
        rb"<(?:\w+:)?sheet\b[^>]*\bid=\"([^\"]+)\"", workbook
    )
    if sheet:
        for rel in re.finditer(rb"<Relationship\b[^>]*>", rels):
            tag = rel.group()
            if b'Id="' + sheet.group(1) + b'"' in tag:
                target = re.search(rb'Target="([^"]+)"', tag)
                if target:
                    path = target.group(1).decode("utf-8", "replace").lstrip("/")
                    if not path.startswith("xl/"):
                        path = "xl/" + path
                    if path in names:
                        return path
    candidates = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    return candidates[0] if candidates else None


def _check_dimension(buffer: bytes) -> None:
    match = _DIMENSION.search(buffer)
    if not match:
        return
    c1, r1, c2, r2 = match.groups()
    if c2 is None:
        return
    rows = int(r2) - int(r1 or b"1") + 1
    columns = column_number(c2.decode()) - column_number((c1 or b"A").decode()) + 1
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        declared = match.group(0).split(b'"')[1].decode("ascii", "replace")
        raise _too_big(f"声明的范围为 {declared}（{rows:,} 行 × {columns:,} 列）")


def _check_xlsx(archive: zipfile.ZipFile) -> Shape:
    _members(archive)
    budget = [MAX_UNCOMPRESSED]
    names = set(archive.namelist())
    strings: list[int] = []
    for name in ("xl/sharedStrings.xml", "xl/SharedStrings.xml"):
        if name in names:
            strings = _shared_string_sizes(archive, name, budget)
            break
    sheet = _first_sheet(archive)
    shape = Shape()
    if sheet is None:
        return shape
    min_row = min_col = None
    max_row = max_col = 0
    row = col = 0  # the position of the last row and cell seen (cells may omit r="…")
    seen_head = False
    carry = b""
    for chunk in _stream(archive, sheet, budget):
        buffer = carry + chunk
        if not seen_head:
            _check_dimension(buffer[: 1 << 16])
            seen_head = b"<sheetData" in buffer or len(buffer) > 1 << 16
        end = 0
        for match in _CELL.finditer(buffer):
            end = match.end()
            if match.group(1):  # <row …>
                ref = _ROW_REF.search(match.group(1))
                row = int(ref.group(1)) if ref else row + 1
                col = 0
                continue
            attrs, body = match.group(2), match.group(4)
            ref = _REF.search(attrs)
            if ref:
                col = column_number(ref.group(1).decode())
                row = int(ref.group(2))
            else:  # position implied: the next cell of the current row
                col += 1
            shape.cells += 1
            max_row, max_col = max(max_row, row), max(max_col, col)
            min_row = row if min_row is None else min(min_row, row)
            min_col = col if min_col is None else min(min_col, col)
            if body:
                if _TYPE_S.search(attrs):
                    value = _VALUE.search(body)
                    if value:
                        index = int(value.group(1))
                        shape.text_bytes += strings[index] if index < len(strings) else 0
                else:
                    shape.text_bytes += len(body)
            if shape.text_bytes > MAX_TEXT_BYTES:
                raise LimitError(
                    f"表格中的文本展开后超过 {MAX_TEXT_BYTES // 1024 // 1024} MB（同一段长文本被大量"
                    "单元格引用），可能是恶意构造的文件，已拒绝导入。"
                )
        carry = buffer[end:]
        if len(carry) > MAX_CELL_BYTES + _CHUNK:
            raise LimitError("表格中有单元格的内容超过 Excel 32767 个字符的上限，已拒绝导入。")
        if min_row is not None and min_col is not None:
            rows, columns = max_row - min_row + 1, max_col - min_col + 1
            if rows > MAX_ROWS or columns > MAX_COLUMNS or shape.cells > MAX_CELLS:
                raise _too_big(
                    f"第一个工作表的数据范围至少为 {rows:,} 行 × {columns:,} 列"
                    f"（{shape.cells:,} 个单元格）"
                )
    if min_row is not None and min_col is not None:
        shape.rows, shape.columns = max_row - min_row + 1, max_col - min_col + 1
    return shape


# --- .ods ----------------------------------------------------------------------------------

_ODS_ROW = re.compile(rb"<table:table-row(?=[\s/>])([^>]*)>")
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>")
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="([0-9]+)"')
_COLS_REPEATED = re.compile(rb'table:number-columns-repeated="([0-9]+)"')


def _check_ods(archive: zipfile.ZipFile) -> Shape:
    """Rows and columns of the first table once repeats are expanded. Trailing repeated empty
    cells and rows (LibreOffice writes 1,048,576 of them) are not counted: the reader skips
    empty ones at the end too, but a repeat followed by data counts in full."""
    _members(archive)
    budget = [MAX_UNCOMPRESSED]
    shape = Shape()
    if "content.xml" not in archive.namelist():
        return shape
    rows = 0
    pending_rows = 0
    carry = b""
    for chunk in _stream(archive, "content.xml", budget):
        buffer = carry + chunk
        end = 0
        while match := _ODS_ROW.search(buffer, end):
            start = match.end()
            following = _ODS_ROW.search(buffer, start)
            table_end = buffer.find(b"</table:table>", start)
            stops = [x for x in (following.start() if following else -1, table_end) if x >= 0]
            if not stops:
                end = match.start()
                break  # the row continues in the next chunk
            stop = min(stops)
            repeated = _ROWS_REPEATED.search(match.group(1))
            count = int(repeated.group(1)) if repeated else 1
            columns = pending_cols = 0
            has_data = False
            for cell in _ODS_CELL.finditer(buffer, start, stop):
                rep = _COLS_REPEATED.search(cell.group(1))
                n = int(rep.group(1)) if rep else 1
                if cell.group(2) != b"/" or b"office:value" in cell.group(1):
                    columns += pending_cols + n
                    pending_cols = 0
                    has_data = True
                else:
                    pending_cols += n
            if has_data:
                rows += pending_rows + count
                pending_rows = 0
                shape.columns = max(shape.columns, columns)
            else:
                pending_rows += count
            if rows > MAX_ROWS or shape.columns > MAX_COLUMNS or rows * shape.columns > MAX_CELLS:
                raise _too_big(f"展开重复行列后至少为 {rows:,} 行 × {shape.columns:,} 列")
            end = stop
            if stop == table_end:
                shape.rows = rows
                return shape  # the first table only
        else:
            end = max(end, len(buffer) - 4096)
        carry = buffer[end:]
        if len(carry) > 64 * _CHUNK:
            raise LimitError("表格中有一行的内容过大，已拒绝导入。")
    shape.rows = rows
    return shape


# --- .xls ----------------------------------------------------------------------------------


def _probe_xls(path: Path) -> None:
    """Load the file once in a child process limited to XLS_MEMORY; refuse it if that child
    cannot (a .xls may expand shared strings the way an .xlsx does, and BIFF is not worth a
    parser of our own)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    process = context.Process(target=_xls_child, args=(str(path),))
    process.start()
    process.join(120)
    if process.is_alive():
        process.kill()
        process.join()
        raise LimitError("读取该 .xls 文件超时，请在 Excel 或 WPS 中另存为 .xlsx 后再导入。")
    if process.exitcode == 3:
        raise _too_big("行列数")
    if process.exitcode not in (0, 2):  # 2: unreadable, reported by the reader itself
        raise LimitError(
            "该 .xls 文件展开后所需内存超过上限，可能是恶意构造的文件，已拒绝导入。"
            "请在 Excel 或 WPS 中另存为 .xlsx 后再导入。"
        )


def _xls_child(path: str) -> None:  # pragma: no cover - runs in the forked child
    import os

    resource.setrlimit(resource.RLIMIT_AS, (XLS_MEMORY, XLS_MEMORY))
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(path)
        if workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(workbook.sheet_names[0])
            if sheet.total_height > MAX_ROWS or sheet.total_width > MAX_COLUMNS:
                os._exit(3)
            sheet.to_python(skip_empty_area=False)
    except MemoryError:
        os._exit(4)
    except Exception:  # noqa: BLE001 - unreadable: the parent's reader says so with a message
        os._exit(2)
    os._exit(0)


def check_limits(path: Path, head: bytes) -> Shape:
    """Refuse (LimitError) a file whose reading would ask for more than the import allows."""
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
                if "content.xml" in names and "xl/workbook.xml" not in names:
                    return _check_ods(archive)
                return _check_xlsx(archive)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            raise LimitError(
                f"表格文件已损坏，无法解压（{type(exc).__name__}）。请在 Excel 或 WPS 中打开后另存为"
                " .xlsx 再导入。"
            ) from exc
    _probe_xls(path)
    return Shape()
