"""Workbooks that ask for more memory than they are worth are refused before they are read,
with a message, and reading them stays within a memory bound (checked in a child process
whose address space is capped: a reader that expanded the file would die there)."""

import os
import resource
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter
from django_tenants.utils import schema_context

from suiji_tenants.registries.excel import SpreadsheetError, read_sheet
from suiji_tenants.registries.importer import import_file
from suiji_tenants.registries.limits import MAX_COLUMNS, MAX_ROWS

from .test_import import entity_values, write_xlsx
from .workbooks import corner_bomb, rows_bomb, shared_string_bomb

SCHEMA = "org_533103"
HEADROOM = 500 * 1024 * 1024  # the goal: under 500 MB


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize")


def read_within_memory(path: Path) -> tuple[int, str]:
    """Read the file in a forked child allowed HEADROOM more address space than it starts
    with. Returns (exit code, message): 0 and the refusal, 1 when the file was read."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        code = 3
        try:
            limit = _vm_size() + HEADROOM
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            try:
                read_sheet(path)
                message, code = "read", 1
            except SpreadsheetError as exc:
                message, code = str(exc), 0
            except MemoryError:
                message, code = "MemoryError", 2
            os.write(write_end, message.encode())
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), message


BOMBS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "corner": (corner_bomb, "A1:XFD1048576"),
    # 210,000 × 200 cells: above the inflated-size cap (the bench builds the 1M × 200 one).
    "rows": (lambda p: rows_bomb(p, 210_000, 200), "解压后"),
    "rows_scanned": (lambda p: rows_bomb(p, MAX_ROWS + 50_000, 2, stored=True), "最多 200,000 行"),
    "columns": (lambda p: rows_bomb(p, 10, MAX_COLUMNS + 100), "300 列"),
    "shared_string": (shared_string_bomb, "已拒绝导入"),
    # a long string that does not compress well: refused by Excel's cell limit, not the ratio
    "long_string": (lambda p: shared_string_bomb(p, size=2 << 20, uses=3, varied=True), "32767"),
    "shared_string_reused": (
        lambda p: shared_string_bomb(p, size=30_000, uses=100_000),
        "展开后",
    ),
}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {name: make(folder / f"{name}.xlsx") for name, (make, _) in BOMBS.items()}


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_bomb_is_refused_with_a_message_within_the_memory_bound(
    name: str, bombs: dict[str, Path]
) -> None:
    code, message = read_within_memory(bombs[name])
    assert code == 0, (code, message)
    assert BOMBS[name][1] in message, message
    assert "导入" in message  # says what to do


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["corner", "shared_string", "columns"])
def test_an_import_of_a_bomb_fails_with_a_file_level_error(
    name: str, bombs: dict[str, Path]
) -> None:
    with schema_context(SCHEMA):
        result = import_file("entities", bombs[name], write_report=False)
    assert not result.ok and result.rows == 0
    assert [(e["row"], e["column"]) for e in result.errors] == [(None, "")]
    assert BOMBS[name][1] in result.errors[0]["reason"]


def test_a_real_workbook_near_the_limits_is_read(tmp_path: Path) -> None:
    """A legitimate file (xlsxwriter, shared strings, 5,000 rows) passes the checks."""
    path = write_xlsx(tmp_path / "ok.xlsx", entity_values(200) * 25)
    code, message = read_within_memory(path)
    assert (code, message) == (1, "read")


def test_an_ods_with_repeated_rows_and_columns_is_bounded(tmp_path: Path) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        '<office:body><office:spreadsheet><table:table table:name="S">'
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float"'
        ' office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "bomb.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    code, message = read_within_memory(path)
    assert code == 0 and "1,000,000" in message, message


def test_a_broken_zip_is_a_file_level_message(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "g.xlsx", entity_values(5)).read_bytes()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good[: len(good) // 2])
    code, message = read_within_memory(broken)
    assert code == 0 and "损坏" in message


def test_an_xls_is_probed_in_a_bounded_child(tmp_path: Path) -> None:
    """.xls (OLE2) is read first by a child under a memory limit; an unreadable one gets the
    reader's message."""
    path = tmp_path / "fake.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    code, message = read_within_memory(path)
    assert code == 0 and "损坏" in message


def test_xlsxwriter_dimension_of_a_sparse_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sparse.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write(0, 0, "名称")
    sheet.write(1_048_575, 16_383, "x")
    workbook.close()
    code, message = read_within_memory(path)
    assert code == 0 and "1,048,576 行" in message
