"""Excel import: validated first, all-or-nothing, errors located by sheet/row/column; update
mode; the CLI; template, export, upload and the background job."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.management import call_command
from django_tenants.utils import schema_context
from python_calamine import CalamineWorkbook

from suiji_platform.index.models import EntityIndex
from suiji_tenants.registries.demo import entity_rows, make_id_number
from suiji_tenants.registries.importer import import_file
from suiji_tenants.registries.models import Inspector, MarketEntity
from suiji_tenants.registries.validation import ENTITIES, INSPECTORS

pytestmark = pytest.mark.django_db

SCHEMA = "org_533103"
HEADERS = [f.label + ("*" if f.required else "") for f in ENTITIES.fields]


def write_xlsx(path: Path, rows: list[list[Any]], headers: list[str] = HEADERS) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("市场主体")
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, 1):
        sheet.write_row(i, 0, row)
    workbook.close()
    return path


def entity_values(n: int, seed: int = 3) -> list[list[Any]]:
    out = []
    for r in entity_rows("533103", n, seed):
        out.append(
            [
                r["name"],
                r["uscc"],
                r["address"],
                r["legal_representative"],
                r["contact_name"],
                r["contact_phone"],
                r["entity_type"],
                r["nature"],
                r["region"],
                r["credit_class"],
                r["complaint_count"],
                r["violation_count"],
                "存续",
                r["established_on"].isoformat(),
                "",
            ]
        )
    return out


def test_valid_file_is_imported_with_index_and_empty_rows_skipped(tmp_path: Path) -> None:
    rows = entity_values(30)
    rows.insert(10, [""] * len(HEADERS))
    with schema_context(SCHEMA):
        result = import_file("entities", write_xlsx(tmp_path / "ok.xlsx", rows))
        assert result.ok, result.errors
        assert (result.rows, result.created) == (30, 30)
        assert MarketEntity.objects.count() == 30
        assert EntityIndex.objects.filter(organisation__code="533103", kind="entity").count() == 30


def test_errors_are_located_and_nothing_is_written(tmp_path: Path) -> None:
    rows = entity_values(20)
    rows[3][1] = rows[3][1][:-1] + ("0" if rows[3][1][-1] != "0" else "1")  # bad check char, row 5
    rows[7][9] = "E"  # bad credit class, row 9
    rows[12][1] = rows[2][1]  # duplicate of row 4, at row 14
    rows[15][0] = ""  # missing name, row 17
    rows[16][13] = "去年"  # bad date, row 18
    with schema_context(SCHEMA):
        result = import_file("entities", write_xlsx(tmp_path / "bad.xlsx", rows))
        assert not result.ok and MarketEntity.objects.count() == 0
        located = {(e["row"], e["column"]) for e in result.errors}
        assert located == {(5, "B"), (9, "J"), (14, "B"), (17, "A"), (18, "N")}
        dup = next(e for e in result.errors if e["row"] == 14)
        assert "与第 4 行重复" in dup["reason"] and dup["sheet"] == "市场主体"
        report = CalamineWorkbook.from_path(result.report_path)
        listing = report.get_sheet_by_name("错误清单").to_python()
        assert len(listing) == 6 and listing[1][1] == 5
        assert report.get_sheet_by_name("有误的行").to_python()[1][0] == 5


def test_a_dry_run_validates_without_writing_then_the_import_writes(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", entity_values(12))
    with schema_context(SCHEMA):
        checked = import_file("entities", path, dry_run=True)
        assert checked.ok and checked.validated_only and checked.rows == 12
        assert checked.as_dict()["validatedOnly"] is True
        assert MarketEntity.objects.count() == 0
        imported = import_file("entities", path)
        assert imported.ok and not imported.validated_only
        assert MarketEntity.objects.count() == 12


def test_a_dry_run_reports_the_same_errors(tmp_path: Path) -> None:
    rows = entity_values(5)
    rows[1][9] = "E"
    with schema_context(SCHEMA):
        checked = import_file("entities", write_xlsx(tmp_path / "bad.xlsx", rows), dry_run=True)
        assert not checked.ok
        assert {(e["row"], e["column"]) for e in checked.errors} == {(3, "J")}
        assert MarketEntity.objects.count() == 0


def test_wrong_and_missing_headers_are_named(tmp_path: Path) -> None:
    headers = ["企业名字", *HEADERS[2:]]
    with schema_context(SCHEMA):
        result = import_file("entities", write_xlsx(tmp_path / "h.xlsx", [], headers))
    reasons = " ".join(e["reason"] for e in result.errors)
    assert "无法识别的列名“企业名字”" in reasons
    assert "缺少必填列：名称、统一社会信用代码" in reasons


def test_a_renamed_csv_and_a_huge_file_are_refused(tmp_path: Path) -> None:
    fake = tmp_path / "entities.xlsx"
    fake.write_text("名称,统一社会信用代码\n甲公司,91533103MA6K4X0A1E\n", encoding="utf-8")
    result = import_file("entities", fake, write_report=False)
    assert "改了扩展名的 CSV" in result.errors[0]["reason"]
    huge = tmp_path / "huge.xlsx"
    with huge.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(51 * 1024 * 1024)
    result = import_file("entities", huge, write_report=False)
    assert "上限为 50 MB" in result.errors[0]["reason"]


def test_existing_rows_are_errors_unless_update_mode(tmp_path: Path) -> None:
    rows = entity_values(5)
    with schema_context(SCHEMA):
        assert import_file("entities", write_xlsx(tmp_path / "a.xlsx", rows)).ok
        rows[0][0] = "改名后的公司"
        rows[0][9] = "D"
        again = import_file("entities", write_xlsx(tmp_path / "b.xlsx", rows))
        assert not again.ok and again.error_count == 5
        assert "更新已有记录" in again.errors[0]["reason"]
        updated = import_file(
            "entities", write_xlsx(tmp_path / "b.xlsx", rows), update_existing=True
        )
        assert updated.ok and (updated.created, updated.updated) == (0, 5)
        entity = MarketEntity.objects.get(uscc=rows[0][1])
        assert (entity.name, entity.credit_class) == ("改名后的公司", "D")
        assert entity.contact_phone == rows[0][5]
        assert EntityIndex.objects.get(uscc=rows[0][1]).credit_class == "D"


def test_inspector_import_checks_id_numbers_and_encrypts(tmp_path: Path) -> None:
    import random

    rng = random.Random(5)
    headers = [f.label for f in INSPECTORS.fields]
    good = make_id_number(rng, "533103")
    rows = [
        [
            "执法检查人员",
            "杨洁",
            good,
            "住房和城乡建设",
            "工程质量、安全生产",
            "A-1",
            "2030-01-01",
            "芒市住建局",
            "13700001111",
            "是",
        ],
        ["专家", "李明", good[:-1] + ("0" if good[-1] != "0" else "1"), "", "", "", "", "", "", ""],
        ["执法检查人员", "王强", good, "", "", "A-2", "", "", "", ""],
    ]
    with schema_context(SCHEMA):
        result = import_file("inspectors", write_xlsx(tmp_path / "i.xlsx", rows, headers))
        reasons = {(e["row"], e["column"]): e["reason"] for e in result.errors}
        assert "校验位" in reasons[(3, "C")]
        assert "与第 2 行重复" in reasons[(4, "C")]
        assert "执法证有效期至" in reasons[(4, "G")]
        assert not Inspector.objects.exists()
        ok = import_file("inspectors", write_xlsx(tmp_path / "j.xlsx", rows[:1], headers))
        assert ok.ok
        assert Inspector.objects.get().id_number_masked == good[:4] + "*" * 10 + good[-4:]


def test_cli_prints_errors_and_exits_non_zero(tmp_path: Path, capsys: Any) -> None:
    rows = entity_values(3)
    rows[1][1] = "123"
    path = write_xlsx(tmp_path / "cli.xlsx", rows)
    with pytest.raises(SystemExit) as exc:
        call_command("import_registry", str(path), org="533103", kind="entities")
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "第 3 行，B 列（统一社会信用代码*）" in err and "未写入任何数据" in err
    call_command(
        "import_registry",
        str(write_xlsx(tmp_path / "ok.xlsx", entity_values(3, 9))),
        org="533103",
        kind="entities",
    )
    assert "新增 3 条" in capsys.readouterr().out


def test_template_export_upload_and_background_import(
    as_user: Any, tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from suiji_platform.celery import app

    settings.MEDIA_ROOT = str(tmp_path)
    client = as_user("mangshi.admin")
    template = client.client.get("/o/533103/registries/templates/entities.xlsx")
    assert template.status_code == 200
    path = tmp_path / "t.xlsx"
    path.write_bytes(template.content)
    header = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name("市场主体名录库").to_python()[0]
    )
    assert header[:2] == ["名称*", "统一社会信用代码*"]

    upload_path = write_xlsx(tmp_path / "up.xlsx", entity_values(12))
    with upload_path.open("rb") as handle:
        uploaded = client.client.post("/o/533103/registries/uploads/", {"file": handle})
    token = json.loads(uploaded.content)["token"]
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(
                """mutation($t: String!) { startRegistryImport(kind: ENTITIES,
                fileToken: $t) { job { id } errors { field message } } }""",
                {"t": token},
                org="533103",
            )
    finally:
        app.conf.task_always_eager = False
    job_id = started["data"]["startRegistryImport"]["job"]["id"]
    job = client.post(
        "query($id: ID!) { job(id: $id) { status progress result message } }",
        {"id": job_id},
        org="533103",
    )["data"]["job"]
    assert job["status"] == "SUCCEEDED" and job["progress"] == 100, job
    assert json.loads(job["result"])["created"] == 12

    export = client.client.get(
        "/o/533103/registries/export/entities.xlsx?credit_class=A&credit_class=B"
    )
    assert export.status_code == 200
    out = tmp_path / "export.xlsx"
    out.write_bytes(b"".join(export.streaming_content))
    exported = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("市场主体名录库").to_python()
    with schema_context(SCHEMA):
        expected = MarketEntity.objects.filter(credit_class__in=["A", "B"]).count()
    assert len(exported) - 1 == expected
    # staff sees masked phones in the export; other counties cannot download at all
    staff_export = as_user("mangshi.staff").client.get("/o/533103/registries/export/entities.xlsx")
    staff_file = tmp_path / "staff.xlsx"
    staff_file.write_bytes(b"".join(staff_export.streaming_content))
    phones = [
        r[5]
        for r in CalamineWorkbook.from_path(str(staff_file))
        .get_sheet_by_name("市场主体名录库")
        .to_python()[1:]
    ]
    assert phones and all("****" in p for p in phones)
    assert (
        as_user("ruili.admin").client.get("/o/533103/registries/export/entities.xlsx").status_code
        == 403
    )
    # the web app's own registry pages are still served by the SPA
    page = client.client.get("/o/533103/registries/entities/42")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    denied = as_user("dehong.admin").client.post(
        "/o/533103/registries/uploads/", {"file": io.BytesIO(b"x")}
    )
    assert denied.status_code == 403
