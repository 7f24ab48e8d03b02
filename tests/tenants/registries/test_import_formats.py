"""Import reads .ods like .xlsx, takes formulas' saved values, and handles projects and items
(references to the entity registry; item versions in update mode)."""

import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
import xlsxwriter
from django_tenants.utils import schema_context

from suiji_tenants.registries import services
from suiji_tenants.registries.importer import import_file
from suiji_tenants.registries.models import InspectionItem, MarketEntity, Project
from suiji_tenants.registries.validation import ITEMS, PROJECTS

from .test_import import HEADERS, entity_values, write_xlsx

pytestmark = pytest.mark.django_db

SCHEMA = "org_533103"


def write_ods(path: Path, rows: list[list[Any]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice stores one."""

    def cell(value: Any) -> str:
        if isinstance(value, int):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="市场主体">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


def test_an_ods_file_is_read_like_xlsx(tmp_path: Path) -> None:
    rows = entity_values(4)
    rows[2][1] = "91533103MA6K4X0A1H"
    with schema_context(SCHEMA):
        bad = import_file("entities", write_ods(tmp_path / "e.ods", [HEADERS, *rows]))
        assert [(e["row"], e["column"]) for e in bad.errors] == [(4, "B")]
        rows[2][1] = "91533103MA6K4X0A1E"
        good = import_file("entities", write_ods(tmp_path / "e.ods", [HEADERS, *rows]))
        assert good.ok and MarketEntity.objects.count() == 4


def test_formulas_are_read_as_their_saved_values(tmp_path: Path) -> None:
    rows = entity_values(1)
    path = tmp_path / "f.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    sheet.write_row(1, 0, rows[0])
    sheet.write_formula(1, 10, "=4+3", None, 7)  # complaint_count
    workbook.close()
    with schema_context(SCHEMA):
        assert import_file("entities", path).ok
        assert MarketEntity.objects.get().complaint_count == 7


def test_projects_reference_registered_entities(tmp_path: Path) -> None:
    entities = entity_values(2)
    headers = [f.label for f in PROJECTS.fields]
    projects = [
        [
            "P-001",
            "芒市城东安置房",
            "勐焕街道",
            "勐焕街道",
            "施工许可证",
            "王强",
            "在建",
            "赵敏",
            "13988881234",
            entities[0][1],
        ],
        ["P-002", "遮放镇学校", "遮放镇", "遮放镇", "", "", "在建", "", "", "91533103MA6K4X0A1E"],
    ]
    with schema_context(SCHEMA):
        assert import_file("entities", write_xlsx(tmp_path / "e.xlsx", entities)).ok
        bad = import_file("projects", write_xlsx(tmp_path / "p.xlsx", projects, headers))
        assert [(e["row"], e["column"]) for e in bad.errors] == [(3, "J")]
        assert not Project.objects.exists()
        good = import_file("projects", write_xlsx(tmp_path / "p.xlsx", projects[:1], headers))
        assert good.ok
        assert Project.objects.get().responsible_entity.uscc == entities[0][1]


def test_items_import_and_update_mode_makes_new_versions(tmp_path: Path) -> None:
    headers = [f.label for f in ITEMS.fields]
    row = [
        "ZJ-100",
        "质量检查",
        "条例第1条",
        "芒市住建局",
        "质量",
        "现场检查",
        "住房和城乡建设",
        "工程质量",
        "是",
        "2026-01-01",
    ]
    with schema_context(SCHEMA):
        assert import_file("items", write_xlsx(tmp_path / "i.xlsx", [row], headers)).ok
        row[2], row[9] = "条例第2条", "2026-06-01"
        assert not import_file("items", write_xlsx(tmp_path / "i.xlsx", [row], headers)).ok
        assert import_file(
            "items", write_xlsx(tmp_path / "i.xlsx", [row], headers), update_existing=True
        ).ok
        item = InspectionItem.objects.get(code="ZJ-100")
        assert item.version == 2 and item.needs_expert
        assert (
            services.item_version_on(item, __import__("datetime").date(2026, 3, 1)).legal_basis
            == "条例第1条"
        )
