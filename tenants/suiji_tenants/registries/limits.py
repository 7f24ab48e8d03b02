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
from collections import Counter
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
# Inflated / compressed, for members above 1 MB: deflate cannot exceed ~1032, which only
# uniform filler reaches (real sheets stay under 50).
MAX_RATIO = 1000
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
# Searched over whole chunks with literal-prefixed patterns and bytes.count (C speed: a
# Python step per cell would make the check of 100,000 rows slower than the import). Excel,
# WPS, LibreOffice and xlsxwriter write unprefixed elements; `r` is a cell's or a row's ref.
# A cell beyond column 200 (GR) or a row or cell beyond row 199,999.
_FAR_COLUMN = re.compile(rb' r="(?:[A-Z]{3,4}|[H-Z][A-Z]|G[S-Z])[0-9]')
_FAR_ROW = re.compile(rb' r="[A-Z]{0,4}(?:[0-9]{7,8}|[2-9][0-9]{5})"')
_SHARED_VALUE = re.compile(rb't="s"[^>]*><v>([0-9]{1,10})</v>')


def _count_cells(block: bytes) -> int:
    return block.count(b"<c ") + block.count(b"<c>") + block.count(b"<c/")


def _count_rows(block: bytes) -> int:
    return block.count(b"<row ") + block.count(b"<row>") + block.count(b"<row/")


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
    widest = max(strings, default=0)
    rows_seen = 0
    seen_head = False
    carry = b""
    for chunk in _stream(archive, sheet, budget):
        buffer = carry + chunk
        if not seen_head:
            _check_dimension(buffer[: 1 << 16])
            seen_head = b"sheetData" in buffer or len(buffer) > 1 << 16
        # Whole rows only; the rest waits for the next chunk.
        end = buffer.rfind(b"</row>")
        if end < 0:
            if len(buffer) > 32 * _CHUNK:
                raise LimitError("表格中有一行的内容过大（超过 32 MB），已拒绝导入。")
            carry = buffer
            continue
        block, carry = buffer[: end + 6], buffer[end + 6 :]
        cells = _count_cells(block)
        shape.cells += cells
        rows_seen += _count_rows(block)
        far = _FAR_COLUMN.search(block) or _FAR_ROW.search(block)
        if far:
            ref = far.group(0)[4:].rstrip(b'"').decode()
            raise _too_big(f"第一个工作表中有位于 {ref} 的单元格")
        if block.count(b' r="') < cells + _count_rows(block):
            # Positions implied (cells without r="…"): the widest row counts.
            shape.columns = max(shape.columns, max(_count_cells(r) for r in block.split(b"</row>")))
        if rows_seen > MAX_ROWS or shape.columns > MAX_COLUMNS or shape.cells > MAX_CELLS:
            raise _too_big(
                f"第一个工作表至少有 {rows_seen:,} 行、{shape.cells:,} 个单元格"
                f"（最宽的一行 {shape.columns:,} 列）"
            )
        # Shared strings only matter when the longest one, in every cell, could be too much.
        if widest * shape.cells > MAX_TEXT_BYTES:
            _expand_shared(block, strings, shape)
    shape.rows = rows_seen
    return shape


def _expand_shared(block: bytes, strings: list[int], shape: Shape) -> None:
    """Add the text the block's shared-string cells expand to."""
    used = _SHARED_VALUE.findall(block)
    count = len(strings)
    for index, uses in Counter(used).items():
        i = int(index)
        shape.text_bytes += (strings[i] if i < count else 0) * uses
    if shape.text_bytes > MAX_TEXT_BYTES:
        raise LimitError(
            f"表格中的文本展开后超过 {MAX_TEXT_BYTES // 1024 // 1024} MB（同一段长文本被大量"
            "单元格引用），可能是恶意构造的文件，已拒绝导入。"
        )


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


def _vm_size() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _xls_child(path: str) -> None:  # pragma: no cover - runs in the forked child
    import os

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _vm_size() + XLS_MEMORY
    for bound in (soft, hard):
        if bound != resource.RLIM_INFINITY:
            limit = min(limit, bound)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
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
