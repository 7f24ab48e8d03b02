"""A generated corpus of malformed workbooks (seeded, bounded in size and time) run through
validation and import: no crash, memory bounded, every error located (sheet/row/column, or a
file-level message), nothing written when anything is wrong."""

import datetime as dt
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django_tenants.utils import schema_context

from suiji_tenants.registries.importer import import_file
from suiji_tenants.registries.models import MarketEntity
from suiji_tenants.registries.validation import SPECS

from .test_import import entity_values
from .test_import_limits import read_within_memory
from .workbooks import SHEET_HEAD, xlsx

SCHEMA = "org_533103"
SEED = 20261203
CASES = 48

ODD_VALUES: list[Any] = [
    "\x00",
    "a\x00b",
    "\u200b",
    "\u200b\u200b\u3000",
    "\ufeff91533122GJ4XXYAJ0T",
    "٩١٥٣٣١٢٢GJ4XXYAJ0T",
    "९१५३३१२२GJ4XXYAJ0T",
    "９１５３３１２２GJ4XXYAJ0T",
    "53310319880512002⁴",
    "=1+1",
    '=HYPERLINK("http://x")',
    "+1",
    "@A1",
    "201561",
    "9999-12-31",
    "0000-00-00",
    "2015-02-30",
    99999999999,
    1e20,
    -1,
    2.5,
    1e308,
    True,
    False,
    dt.date(9999, 12, 31),
    dt.datetime(1900, 1, 1),
    "x" * 5000,
    "𝟗𝟏𝟓",  # mathematical bold digits (NFKC folds them)
    "\U0001f600",
    "\u202e逆序",
    "",
    " ",
    "null",
    "#DIV/0!",
    "\t\n",
]


def _headers(spec_kind: str) -> list[str]:
    return [f.label + ("*" if f.required else "") for f in SPECS[spec_kind].fields]


def _xlsxwriter_file(path: Path, rows: list[list[Any]], rng: random.Random) -> Path:
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    if rng.random() < 0.15:
        workbook.add_worksheet("空白")  # data on a second sheet: the first is empty
    sheet = workbook.add_worksheet(rng.choice(["市场主体", "Sheet1", "数据\u200b", "x" * 31]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value.startswith("=") and rng.random() < 0.5:
                sheet.write_formula(r, c, value, None, rng.choice([0, "", "缓存值", 1e20]))
            elif isinstance(value, float) and abs(value) > 1e300:
                sheet.write_number(r, c, value)
            else:
                sheet.write(r, c, value)
    if rng.random() < 0.1:
        sheet.write(rng.randint(1000, 1_048_575), rng.randint(50, 16_383), "远处")
    workbook.close()
    return path


def _mutated_rows(rng: random.Random) -> list[list[Any]]:
    kind = "entities"
    headers = _headers(kind)
    rows: list[list[Any]] = [list(r) for r in entity_values(rng.randint(0, 12), rng.randint(1, 99))]
    choice = rng.random()
    if choice < 0.15:
        rng.shuffle(headers)
    elif choice < 0.25:
        headers[rng.randrange(len(headers))] = rng.choice(["未知列", "", "名称", "\x00", "名称*"])
    elif choice < 0.3:
        headers = headers[: rng.randint(0, 3)]
    for row in rows:
        for _ in range(rng.randint(0, 4)):
            if row:
                row[rng.randrange(len(row))] = rng.choice(ODD_VALUES)
        if rng.random() < 0.1:
            row.extend(rng.choice(ODD_VALUES) for _ in range(rng.randint(1, 5)))
    if rng.random() < 0.2 and rows:
        rows.append(list(rows[0]))  # a duplicate row
    if rng.random() < 0.1:
        rows.insert(0, ["导入前请删除"] * 3)
    return [headers, *rows] if rng.random() > 0.05 else rows


def _broken_zip(path: Path, rng: random.Random) -> Path:
    source = _xlsxwriter_file(path.with_suffix(".src.xlsx"), _mutated_rows(rng), rng)
    data = bytearray(source.read_bytes())
    how = rng.choice(["truncate", "flip", "garbage", "empty_zip", "no_sheet"])
    if how == "truncate":
        data = data[: rng.randint(4, len(data) - 1)]
    elif how == "flip":
        for _ in range(rng.randint(1, 20)):
            i = rng.randrange(30, len(data))
            data[i] = rng.randrange(256)
    elif how == "garbage":
        data = bytearray(b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(2000)))
    elif how == "empty_zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
        return path
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook><sheets/></workbook>")
        return path
    path.write_bytes(bytes(data))
    return path


def _raw_xml(path: Path, rng: random.Random) -> Path:
    """Markup no writer produces: lone surrogates as character references, bad refs,
    unknown cell types, huge dimensions, rows out of order."""
    cells = rng.choice(
        [
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&#xD800;</t></is></c></row>',
            b'<row r="1"><c r="A1" t="s"><v>999999</v></c></row>',
            b'<row r="1"><c r="ZZZZ1"><v>1</v></c></row>',
            b'<row r="1"><c r="A1" t="e"><v>#N/A</v></c><c r="B1" t="b"><v>7</v></c></row>',
            b'<row r="5"><c r="A5"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>',
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xff\xfe</t></is></c></row>',
            b'<row r="1"><c r="A1"><v>not a number</v></c></row>',
        ]
    )
    head = rng.choice([b"", b'<dimension ref="A1:XFD1048576"/>', b'<dimension ref="A1:B2"/>'])
    return xlsx(
        path, [SHEET_HEAD.encode(), head, b"<sheetData>", cells, b"</sheetData></worksheet>"]
    )


GENERATORS: list[Callable[[Path, random.Random], Path]] = [
    lambda p, rng: _xlsxwriter_file(p, _mutated_rows(rng), rng),
    lambda p, rng: _xlsxwriter_file(p, _mutated_rows(rng), rng),
    lambda p, rng: _xlsxwriter_file(p, _mutated_rows(rng), rng),
    _broken_zip,
    _raw_xml,
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    rng = random.Random(SEED)
    folder = tmp_path_factory.mktemp("corpus")
    files = []
    for i in range(CASES):
        path = folder / f"case{i:02d}.xlsx"
        files.append(rng.choice(GENERATORS)(path, rng))
        assert files[-1].stat().st_size < 2 * 1024 * 1024  # bounded in size
    return files


def _assert_located(errors: list[dict[str, Any]]) -> None:
    for e in errors:
        assert e["reason"], e
        if e["row"] is None:
            assert e["column"] == "", e  # a file-level message
        else:
            assert e["sheet"] and e["row"] >= 1, e
            assert e["column"] or "缺少必填列" in e["reason"], e


def test_every_malformed_workbook_is_read_within_the_memory_bound(corpus: list[Path]) -> None:
    for path in corpus:
        code, message = read_within_memory(path)
        assert code in (0, 1), (path.name, code, message)  # refused with a message, or read


@pytest.mark.django_db
def test_every_malformed_workbook_gets_located_errors_and_writes_nothing_or_everything(
    corpus: list[Path],
) -> None:
    outcomes = {"ok": 0, "refused": 0}
    with schema_context(SCHEMA):
        for path in corpus:
            checked = import_file("entities", path, dry_run=True)
            _assert_located(checked.errors)
            before = MarketEntity.objects.count()
            written = import_file("entities", path)
            _assert_located(written.errors)
            assert written.ok == checked.ok, path.name
            assert written.error_count == checked.error_count, path.name
            after = MarketEntity.objects.count()
            if written.ok:
                assert after - before == written.created, path.name
                MarketEntity.objects.all().delete()
            else:
                assert after == before, path.name
            outcomes["ok" if written.ok else "refused"] += 1
    assert outcomes["refused"] > CASES // 2  # the corpus is mostly broken, as intended
