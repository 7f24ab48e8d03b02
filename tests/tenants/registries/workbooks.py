"""Hand-built spreadsheets for the import's limits: the three memory bombs and the pieces of a
minimal .xlsx, written with zipfile so that sizes and markup are exactly what a test needs."""

import zipfile
from collections.abc import Iterable
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
EMPTY_STRINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>'
)


def _write_member(
    archive: zipfile.ZipFile, name: str, parts: Iterable[bytes], stored: bool = False
) -> None:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as handle:
        for part in parts:
            handle.write(part)


def xlsx(
    path: Path,
    sheet_parts: Iterable[bytes],
    strings: Iterable[bytes] = (EMPTY_STRINGS.encode(),),
    level: int = 6,
    stored: bool = False,
) -> Path:
    """A minimal .xlsx whose first sheet's XML and shared strings are the given byte parts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        _write_member(archive, "xl/sharedStrings.xml", strings)
        _write_member(archive, "xl/worksheets/sheet1.xml", sheet_parts, stored)
    return path


def corner_bomb(path: Path) -> Path:
    """Cells at A1 and XFD1048576: a couple of KB that ask a reader for 17 billion cells."""
    return xlsx(
        path,
        [
            SHEET_HEAD.encode(),
            b'<dimension ref="A1:XFD1048576"/><sheetData>',
            b'<row r="1"><c r="A1"><v>1</v></c></row>',
            b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
            b"</sheetData></worksheet>",
        ],
    )


def rows_bomb(
    path: Path, rows: int = 1_000_000, columns: int = 200, *, stored: bool = False
) -> Path:
    """`rows` rows of `columns` numeric cells, positions implied (no r="…"), no dimension
    declared: 3 GB of XML in a few MB."""
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    batch = row * 1000

    def parts() -> Iterable[bytes]:
        yield SHEET_HEAD.encode() + b"<sheetData>"
        for _ in range(rows // 1000):
            yield batch
        yield row * (rows % 1000) + b"</sheetData></worksheet>"

    return xlsx(path, parts(), level=9, stored=stored)


def shared_string_bomb(
    path: Path, size: int = 100 * 1024 * 1024, uses: int = 150, *, varied: bool = False
) -> Path:
    """One shared string of `size` characters used by `uses` cells (100 KB at 100 MB × 150)."""

    def strings() -> Iterable[bytes]:
        yield (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="'
            + str(uses).encode()
            + b'" uniqueCount="1"><si><t>'
        )
        block = (
            bytes(65 + (i * 7919 + i // 3) % 26 for i in range(1 << 20))
            if varied
            else b"A" * (1 << 20)
        )
        for _ in range(size // len(block)):
            yield block
        yield b"A" * (size % len(block)) + b"</t></si></sst>"

    cells = b"".join(
        b'<row r="'
        + str(r).encode()
        + b'"><c r="A'
        + str(r).encode()
        + b'" t="s"><v>0</v></c></row>'
        for r in range(1, uses + 1)
    )
    return xlsx(
        path, [SHEET_HEAD.encode(), b"<sheetData>", cells, b"</sheetData></worksheet>"], strings()
    )


BOMBS = {"corner": corner_bomb, "rows": rows_bomb, "shared_string": shared_string_bomb}


def deflate_ratio(path: Path) -> float:
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    return sum(i.file_size for i in infos) / max(1, sum(i.compress_size for i in infos))
