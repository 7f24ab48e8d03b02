"""Importing a registry from a spreadsheet: every row validated first, then all-or-nothing.

Errors name the sheet, row (as Excel numbers it), column letter and header, and say how to fix
the value. Duplicates are found inside the file and against the database. With
`update_existing`, rows whose key (USCC, project code, certificate number, item code) is
already registered update that record; without it they are errors.
"""

import datetime as dt
import gc
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from suiji_platform.index.inspectors import sync_inspectors
from suiji_platform.index.services import current_organisation
from suiji_platform.organisations.schemas import current_schema
from suiji_tenants.audit.services import record_audit

from . import crypto
from .bulk import copy_insert, copy_upsert_index
from .excel import SpreadsheetError, column_letter, normalise_header, read_sheet, write_error_report
from .models import InspectionItem, Inspector, MarketEntity, Project
from .services import DEFAULTS, MODELS, apply_values, index_row, save_record
from .validation import SPECS, RegistrySpec, clean_record, text

BATCH = 2000
MAX_REPORTED_ERRORS = 5000

Progress = Callable[[int, str], None]


@dataclass
class ImportResult:
    kind: str
    ok: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    report_path: str = ""
    # True when the file was only validated (dry run): nothing was written.
    validated_only: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ok": self.ok,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "errorCount": self.error_count,
            "errors": self.errors[:1000],
            "report": Path(self.report_path).name if self.report_path else "",
            "validatedOnly": self.validated_only,
        }


def reports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "registry-imports" / current_schema() / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _error(
    sheet: str, row: int | None, col: int | None, header: str, reason: str
) -> dict[str, Any]:
    return {
        "sheet": sheet,
        "row": row,
        "column": column_letter(col) if col is not None else "",
        "column_index": col,
        "header": header,
        "reason": reason,
    }


class _Collector:
    def __init__(self, result: ImportResult) -> None:
        self.result = result

    def add(self, error: dict[str, Any]) -> None:
        self.result.error_count += 1
        if len(self.result.errors) < MAX_REPORTED_ERRORS:
            self.result.errors.append(error)


def _map_headers(
    spec: RegistrySpec, sheet: str, header: list[Any], errors: _Collector, header_row: int
) -> dict[int, str]:
    labels = {f.label: f.name for f in spec.fields}
    mapping: dict[int, str] = {}
    for col, value in enumerate(header):
        label = normalise_header(value)
        if not label:
            continue
        if label not in labels:
            errors.add(
                _error(
                    sheet,
                    header_row,
                    col,
                    str(value),
                    f"无法识别的列名“{value}”；请使用模板中的列名：{'、'.join(labels)}。",
                )
            )
        elif labels[label] in mapping.values():
            errors.add(_error(sheet, header_row, col, str(value), f"列“{label}”重复出现。"))
        else:
            mapping[col] = labels[label]
    missing = [f.label for f in spec.fields if f.required and f.name not in mapping.values()]
    if missing:
        errors.add(
            _error(
                sheet,
                header_row,
                None,
                "",
                f"缺少必填列：{'、'.join(missing)}。请下载模板核对表头（第一行）。",
            )
        )
    return mapping


def import_file(
    kind: str,
    path: Path | str,
    *,
    update_existing: bool = False,
    acting_user: Any = None,
    progress: Progress | None = None,
    file_name: str = "",
    write_report: bool = True,
    dry_run: bool = False,
) -> ImportResult:
    """Validate every row of the file, then write all of them or none (R2/R3 registries).

    With `dry_run` the file is only validated: the result (and its error report) is the same
    as a real import's, and nothing is written, so the user can confirm before importing.
    """
    # Hundreds of thousands of live cells make the cyclic GC rescan them again and again;
    # nothing here builds reference cycles, so pause it for the import.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _import_file(
            kind,
            path,
            update_existing=update_existing,
            acting_user=acting_user,
            progress=progress,
            file_name=file_name,
            write_report=write_report,
            dry_run=dry_run,
        )
    finally:
        if enabled:
            gc.enable()


def _import_file(
    kind: str,
    path: Path | str,
    *,
    update_existing: bool,
    acting_user: Any,
    progress: Progress | None,
    file_name: str,
    write_report: bool,
    dry_run: bool = False,
) -> ImportResult:
    spec = SPECS[kind]
    result = ImportResult(kind)
    errors = _Collector(result)
    report = progress or (lambda pct, msg: None)
    path = Path(path)
    try:
        sheet, rows = read_sheet(path)
    except SpreadsheetError as exc:
        errors.add(_error("", None, None, "", str(exc)))
        return result
    report(5, "文件已读取，正在校验表头")
    start = next((i for i, r in enumerate(rows) if any(str(c).strip() for c in r)), None)
    if start is None:
        errors.add(
            _error(
                sheet,
                None,
                None,
                "",
                f"第一个工作表“{sheet}”是空的：只导入第一个工作表，其第一行应为表头，其后每行一条"
                "记录；如数据在其他工作表，请把它移到最前面。",
            )
        )
        return result
    header = rows[start]
    mapping = _map_headers(spec, sheet, header, errors, start + 1)
    if result.error_count:
        _finish_report(result, kind, {}, header, sheet, write_report)
        return result

    cleaned_rows: list[tuple[int, dict[str, Any]]] = []
    seen: dict[Any, int] = {}
    seen_ids: dict[str, int] = {}
    column_of = {name: col for col, name in mapping.items()}
    key_col = column_of.get(spec.key)
    total = len(rows) - start - 1
    bad_rows: dict[int, list[Any]] = {}
    for offset, values in enumerate(rows[start + 1 :]):
        row_no = start + 2 + offset
        if not any(str(v).strip() for v in values):
            continue  # empty rows are skipped
        result.rows += 1
        raw: dict[str, Any] = {}
        row_has_error = False
        for col, name in mapping.items():
            value = values[col] if col < len(values) else ""
            if isinstance(value, str) and value.startswith("="):
                errors.add(
                    _error(
                        sheet,
                        row_no,
                        col,
                        str(header[col]),
                        "单元格是公式文本，请填写值（或在 Excel 中“粘贴为数值”）。",
                    )
                )
                row_has_error = True
            raw[name] = value
        if _is_template_example(spec, raw):
            errors.add(
                _error(
                    sheet,
                    row_no,
                    key_col,
                    str(header[key_col]) if key_col is not None else "",
                    "这是导入模板中的示例行（模板注明“第2行为示例，导入前请删除”），"
                    "不是真实记录；请删除该行后重新导入。",
                )
            )
            if len(bad_rows) < MAX_REPORTED_ERRORS:
                bad_rows[row_no] = list(values)
            continue
        values_clean, field_errors = clean_record(spec, raw)
        for fe in field_errors:
            fe_col = column_of.get(fe.field)
            errors.add(
                _error(
                    sheet,
                    row_no,
                    fe_col,
                    str(header[fe_col]) if fe_col is not None else "",
                    fe.message,
                )
            )
            row_has_error = True
        key = values_clean.get(spec.key)
        if key:
            if key in seen:
                errors.add(
                    _error(
                        sheet,
                        row_no,
                        key_col,
                        str(header[key_col]) if key_col is not None else "",
                        f"与第 {seen[key]} 行重复（{key}）。",
                    )
                )
                row_has_error = True
            else:
                seen[key] = row_no
        if kind == "inspectors" and values_clean.get("id_number"):
            id_number = values_clean["id_number"]
            if id_number in seen_ids:
                col = column_of["id_number"]
                errors.add(
                    _error(
                        sheet,
                        row_no,
                        col,
                        str(header[col]),
                        f"身份证号与第 {seen_ids[id_number]} 行重复。",
                    )
                )
                row_has_error = True
            else:
                seen_ids[id_number] = row_no
        if row_has_error:
            if len(bad_rows) < MAX_REPORTED_ERRORS:
                bad_rows[row_no] = list(values)
        else:
            cleaned_rows.append((row_no, values_clean))
        if offset % 10000 == 0 and total:
            report(5 + int(45 * offset / total), f"正在校验第 {row_no} 行")
    if result.rows == 0:
        errors.add(_error(sheet, None, None, "", "表格中没有数据行（表头之后都是空行）。"))

    report(50, "正在与名录库比对重复")
    existing = _existing_keys(kind, spec, [v.get(spec.key) for _, v in cleaned_rows])
    entity_ids = _referenced_entities(kind, [v for _, v in cleaned_rows])
    id_owner = _existing_id_numbers(kind, [v for _, v in cleaned_rows])
    items = (
        InspectionItem.objects.in_bulk([k for k in existing if k], field_name="code")
        if kind == "items" and update_existing
        else {}
    )
    for row_no, values_clean in cleaned_rows:
        key = values_clean.get(spec.key)
        row_errors = []
        if key and key in existing and not update_existing:
            row_errors.append(
                (
                    spec.key,
                    f"{spec.by_name[spec.key].label} {key} 已在{spec.label}中登记；"
                    "如需用文件中的内容更新，请选择“更新已有记录”模式。",
                )
            )
        if (
            kind == "projects"
            and values_clean.get("responsible_entity_uscc")
            and values_clean["responsible_entity_uscc"] not in entity_ids
        ):
            row_errors.append(
                (
                    "responsible_entity_uscc",
                    f"市场主体名录库中没有统一社会信用代码为 {values_clean['responsible_entity_uscc']} 的主体。",
                )
            )
        if kind == "inspectors" and values_clean.get("id_number"):
            owner = id_owner.get(crypto.blind_index(values_clean["id_number"]))
            if owner is not None and owner != existing.get(key):
                row_errors.append(("id_number", "该身份证号已由名录库中的另一名人员登记。"))
        if key in items:
            reason = _item_revision_error(items[key], values_clean)
            if reason:
                row_errors.append(("effective_from", reason))
        for name, reason in row_errors:
            err_col = column_of.get(name)
            errors.add(
                _error(
                    sheet,
                    row_no,
                    err_col,
                    str(header[err_col]) if err_col is not None else "",
                    reason,
                )
            )
            if len(bad_rows) < MAX_REPORTED_ERRORS:
                bad_rows[row_no] = list(rows[row_no - 1])
    if result.error_count:
        result.errors.sort(key=lambda e: (e["row"] or 0, e["column_index"] or 0))
        _finish_report(result, kind, bad_rows, header, sheet, write_report)
        return result

    if dry_run:
        result.ok = True
        result.validated_only = True
        report(100, f"校验通过：{result.rows} 行均可导入，确认后写入")
        return result
    report(55, "校验通过，正在写入")
    with transaction.atomic():
        _write(kind, spec, cleaned_rows, existing, entity_ids, acting_user, result, report)
        organisation = current_organisation()
        record_audit(
            f"registries.{kind}.import",
            object_type="RegistryImport",
            object_id=file_name[:64],
            after={
                "file": file_name,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "update_existing": update_existing,
            },
            actor=acting_user,
            organisation_code=organisation.code,
        )
    result.ok = True
    report(100, f"导入完成：新增 {result.created} 条，更新 {result.updated} 条")
    return result


def _item_revision_error(item: InspectionItem, values: dict[str, Any]) -> str:
    """The rule `services._save_item` applies on writing (a new version starts after the
    current one), checked while validating, so validate-only refuses it too."""
    changed = any(
        getattr(item, k) != v for k, v in values.items() if k not in ("code", "effective_from")
    )
    start = values.get("effective_from") or timezone.localdate()
    if changed and start <= item.effective_from:
        return (
            f"事项 {item.code} 已有 {item.effective_from.isoformat()} 生效的版本；"
            "修订后的新版本的“生效日期”应晚于该日期。"
        )
    return ""


def _is_template_example(spec: RegistrySpec, raw: dict[str, Any]) -> bool:
    """The row holds the template's example values in every required column."""
    required = [f for f in spec.fields if f.required and f.example]
    return bool(required) and all(
        f.name in raw and _as_text(raw[f.name]) == f.example for f in required
    )


def _as_text(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()[:10]
    return text(value)


def _finish_report(
    result: ImportResult,
    kind: str,
    bad_rows: dict[int, list[Any]],
    header: list[Any],
    sheet: str,
    write_report: bool,
) -> None:
    if not write_report:
        return
    target = reports_dir() / f"{uuid.uuid4().hex}.xlsx"
    write_error_report(kind, result.errors, bad_rows, header, str(target), sheet)
    result.report_path = str(target)


def _existing_keys(kind: str, spec: RegistrySpec, keys: list[Any]) -> dict[Any, int]:
    """Registered keys among `keys`, in one query (an array parameter, not a huge IN list)."""
    model = MODELS[kind]
    keys = [k for k in keys if k]
    if not keys:
        return {}
    table = model._meta.db_table
    key_field = model._meta.get_field(spec.key)
    assert isinstance(key_field, models.Field)  # registry keys are concrete columns
    column = key_field.column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}, id FROM {table} WHERE {column} = ANY(%s)", [keys])  # noqa: S608
        return dict(cursor.fetchall())


def _referenced_entities(kind: str, rows: list[dict[str, Any]]) -> dict[str, int]:
    if kind != "projects":
        return {}
    codes = list({r["responsible_entity_uscc"] for r in rows if r.get("responsible_entity_uscc")})
    return dict(MarketEntity.objects.filter(uscc__in=codes).values_list("uscc", "id"))


def _existing_id_numbers(kind: str, rows: list[dict[str, Any]]) -> dict[str, int]:
    if kind != "inspectors":
        return {}
    hashes = [crypto.blind_index(r["id_number"]) for r in rows if r.get("id_number")]
    return dict(
        Inspector.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", "id")
    )


def _write(
    kind: str,
    spec: RegistrySpec,
    rows: list[tuple[int, dict[str, Any]]],
    existing: dict[Any, int],
    entity_ids: dict[str, int],
    acting_user: Any,
    result: ImportResult,
    report: Progress,
) -> None:
    if kind == "items":  # short lists; each change is a new version
        for _, values in rows:
            instance = InspectionItem.objects.filter(code=values["code"]).first()
            save_record("items", values, instance=instance, acting_user=acting_user)
            result.updated += instance is not None
            result.created += instance is None
        return
    model = MODELS[kind]
    defaults = DEFAULTS.get(kind, {})
    new_rows: list[dict[str, Any]] = []
    updates: list[tuple[Any, dict[str, Any]]] = []
    for _, values in rows:
        pk = existing.get(values.get(spec.key))
        if pk is None:
            record = dict(values)
            for name, default in defaults.items():
                if record.get(name) in (None, ""):
                    record[name] = default
            if kind == "inspectors" and record.get("id_number"):
                record["id_number_hash"] = crypto.blind_index(record["id_number"])
                record["id_number_masked"] = crypto.mask_id_number(record["id_number"])
            if kind == "projects":
                record["responsible_entity_id"] = entity_ids.get(
                    record.pop("responsible_entity_uscc", "") or ""
                )
            new_rows.append(record)
        else:
            obj = model(pk=pk)
            apply_values(kind, obj, values)
            if isinstance(obj, Project):  # kind == "projects": obj is a MODELS[kind]
                obj.responsible_entity_id = entity_ids.get(
                    values.get("responsible_entity_uscc") or ""
                )
            updates.append((obj, values))
    total = max(1, len(rows))
    copy_insert(model, new_rows)
    written = len(new_rows)
    report(55 + int(35 * written / total), f"已写入 {written} 条")
    for start in range(0, len(updates), BATCH):
        chunk = updates[start : start + BATCH]
        fields = sorted(
            {name for _, values in chunk for name in values} - {"responsible_entity_uscc"}
        )
        if kind == "inspectors" and "id_number" in fields:
            fields += ["id_number_hash", "id_number_masked"]
        if kind == "projects":
            fields.append("responsible_entity")
        _update_rows(model, chunk, fields)
        written += len(chunk)
        report(55 + int(35 * written / total), f"已写入 {written} 条")
    result.created, result.updated = len(new_rows), len(updates)
    if kind == "inspectors":
        # The public inspector index (市抽县查): every inspector of the registry, one statement.
        sync_inspectors(current_organisation())
        return
    if kind not in ("entities", "projects"):
        return
    report(92, "正在更新州级索引")
    if kind == "entities":
        index = [_entity_index(r) for r in new_rows]
        if updates:
            keys = [o.uscc for o, _ in updates]
            index += [
                _entity_index(r)
                for r in MarketEntity.objects.filter(uscc__in=keys).values(
                    "uscc", "name", "entity_type", "nature", "region", "credit_class", "status"
                )
            ]
    else:
        codes = [r["code"] for r in new_rows] + [o.code for o, _ in updates]
        index = [
            index_row("projects", p)
            for p in Project.objects.filter(code__in=codes).select_related("responsible_entity")
        ]
    copy_upsert_index(index, current_organisation().pk)


def _entity_index(r: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "kind": "entity",
        "uscc": r["uscc"],
        "name": r["name"],
        "type": r.get("entity_type", ""),
        "nature": r.get("nature", ""),
        "region": r.get("region", ""),
        "credit_class": r.get("credit_class", ""),
        "status": r.get("status", ""),
    }


def index_row_project(obj: Project) -> dict[str, Any]:
    return {
        "kind": "project",
        "uscc": obj.code,
        "name": obj.name,
        "type": "工程项目",
        "nature": "",
        "region": obj.region,
        "credit_class": "",
        "status": obj.construction_status,
    }


def _update_rows(model: Any, chunk: list[tuple[Any, dict[str, Any]]], fields: list[str]) -> None:
    from django.utils import timezone

    now = timezone.now()
    objs = []
    for obj, _ in chunk:
        obj.updated_at = now
        objs.append(obj)
    # Only the columns given in the file change; others keep their values.
    model.objects.bulk_update(objs, [*fields, "updated_at"], batch_size=500)
