"""Uploaded spreadsheets waiting to be imported. The web app posts the file (multipart) to
/o/<code>/registries/uploads/ and receives a token; `startRegistryImport(fileToken)` imports it.
Files live under MEDIA_ROOT/registry-imports/<schema>/, with the uploader recorded beside them,
so a token is usable only in its organisation and only by its uploader."""

import json
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings

from suiji_platform.organisations.schemas import current_schema
from suiji_platform.organisations.services import FieldError

from .excel import MAX_BYTES

ALLOWED_SUFFIXES = (".xlsx", ".xls", ".ods", ".xlsm")


def uploads_dir(schema: str | None = None) -> Path:
    path = Path(settings.MEDIA_ROOT) / "registry-imports" / (schema or current_schema()) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_upload(uploaded: Any, *, user_id: int) -> dict[str, Any]:
    name = Path(uploaded.name or "upload.xlsx").name
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise FieldError("file", "invalid_type", "请上传 .xlsx、.xls 或 .ods 格式的表格文件。")
    if uploaded.size > MAX_BYTES:
        raise FieldError("file", "too_large", "文件超过 50 MB，请分成几个文件导入。")
    token = secrets.token_urlsafe(18)
    target = uploads_dir() / f"{token}{suffix}"
    with target.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    meta = {"name": name, "size": uploaded.size, "user_id": user_id, "path": target.name}
    (uploads_dir() / f"{token}.json").write_text(json.dumps(meta, ensure_ascii=False))
    return {"token": token, "name": name, "size": uploaded.size}


def resolve_upload(token: str, *, user_id: int) -> tuple[Path, str]:
    # Tokens are ours (secrets.token_urlsafe): ASCII, short; anything else names no file.
    if (
        not token
        or len(token) > 64
        or not token.isascii()
        or not token.replace("-", "").replace("_", "").isalnum()
    ):
        raise FieldError("fileToken", "not_found", "上传的文件不存在或已过期，请重新上传。")
    meta_path = uploads_dir() / f"{token}.json"
    if not meta_path.exists():
        raise FieldError("fileToken", "not_found", "上传的文件不存在或已过期，请重新上传。")
    meta = json.loads(meta_path.read_text())
    if meta.get("user_id") != user_id:
        raise FieldError("fileToken", "not_found", "上传的文件不存在或已过期，请重新上传。")
    return uploads_dir() / meta["path"], str(meta["name"])
