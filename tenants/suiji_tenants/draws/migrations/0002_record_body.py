"""The record is stored as its body (``record_body_gz``) plus the frozen pool, which already
holds the pool and exclusion lists; existing records lose their copy of those lists, and
existing frozen pools (zlib of tab-separated lines) get the format ``suiji-snapshot/2``."""

import gzip
import json
import zlib
from typing import Any

from django.db import migrations, models


def _snapshot_v2(old: bytes) -> bytes:
    text = zlib.decompress(old).decode("utf-8")
    rows, blobs = [], []
    for line in text.split("\n") if text else []:
        reason, region, etype, credit, ids = line.split("\t")
        codes = sorted(ids.split(","))
        blob = "\n".join(codes).encode("utf-8")
        rows.append([reason, [region, etype, credit], len(codes), len(blob)])
        blobs.append(blob)
    part = zlib.compress(b"".join(blobs), 1)
    header = {"format": "suiji-snapshot/2", "rows": rows, "parts": [len(part)]}
    return json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + (
        b"\n" + part
    )


def _to_body(apps: Any, schema_editor: Any) -> None:
    DrawSnapshot = apps.get_model("draws", "DrawSnapshot")
    for snap in DrawSnapshot.objects.all():
        data = bytes(snap.data)
        if not data.startswith(b"{"):
            snap.data = _snapshot_v2(data)
            snap.save(update_fields=["data"])
    Draw = apps.get_model("draws", "Draw")
    for draw in Draw.objects.exclude(record_body_gz=None).only("pk", "record_body_gz"):
        record = json.loads(gzip.decompress(bytes(draw.record_body_gz)))
        record["pool"] = record["exclusions"] = None
        data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        draw.record_body_gz = gzip.compress(data, compresslevel=1, mtime=0)
        draw.save(update_fields=["record_body_gz"])


class Migration(migrations.Migration):
    dependencies = [
        ("draws", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="draw", old_name="record_gz", new_name="record_body_gz"),
        migrations.AlterField(
            model_name="draw",
            name="record_body_gz",
            field=models.BinaryField(
                blank=True, null=True, verbose_name="抽取记录正文（gzip JSON）"
            ),
        ),
        migrations.RunPython(_to_body, migrations.RunPython.noop),
    ]
