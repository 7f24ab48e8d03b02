"""/verify-draw.py: the verifier as one standard-library file, generated from the modules.

The file is downloaded as the public would (no login), saved in an empty directory and run
with a plain `python3 -I -S` there: no Django, no site-packages, no repository on the path.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from suiji_platform.organisations.models import Organisation
from suiji_tenants.draws import standalone
from suiji_tenants.draws.demo import seed_demo_draws
from suiji_tenants.draws.models import Draw
from suiji_tenants.registries.demo import seed_demo_registries

from .generated_records import random_record, tamper
from .test_browser_verifier import example_record


def plain_python() -> str:
    """The system's python3 if it is new enough (3.10+), else this interpreter."""
    for candidate in ("/usr/bin/python3", shutil.which("python3") or ""):
        if candidate and Path(candidate).exists():
            version = subprocess.run(
                [candidate, "-I", "-c", "import sys; print(sys.version_info >= (3, 10))"],
                capture_output=True,
                text=True,
                check=False,
            )
            if version.stdout.strip() == "True":
                return candidate
    return sys.executable


def run(script: Path, record: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [plain_python(), "-I", "-S", script.name, record.name],
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def download(tmp_path: Path) -> Path:
    response = Client().get("/verify-draw.py")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="verify-draw.py"'
    digest = hashlib.sha256(response.content).hexdigest()
    assert response["X-Content-SHA256"] == digest
    listed = Client().get("/verify-draw.py.sha256")
    assert listed.content.decode() == f"{digest}  verify-draw.py\n"
    path = tmp_path / "verify-draw.py"
    path.write_bytes(response.content)
    return path


@pytest.mark.django_db
def test_downloaded_verifier_passes_a_published_draw_and_rejects_a_tampered_one(
    tmp_path: Path,
) -> None:
    # given: a draw published through the services, its record downloaded from the public URL
    organisation = Organisation.objects.get(code="533124")
    seed_demo_registries(organisation, entities=600, projects=10, officers=40, experts=5)
    assert seed_demo_draws(organisation)
    with schema_context(organisation.schema_name):
        draw: Any = Draw.objects.get()
    response = Client().get(f"/o/533124/draws/{draw.reference}/record.json")
    assert response.status_code == 200
    (tmp_path / "record.json").write_bytes(response.content)
    record = json.loads(response.content)
    first = next(s for s in record["strata"] if s["targets"])
    first["targets"][0]["id"] += "X"
    index = record["strata"].index(first)
    (tmp_path / "tampered.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    (tmp_path / "broken.json").write_text("{", "utf-8")

    # when: the downloaded single file runs in that directory
    script = download(tmp_path)
    good = run(script, tmp_path / "record.json")
    bad = run(script, tmp_path / "tampered.json")
    broken = run(script, tmp_path / "broken.json")

    # then: PASS (0), the first difference (1), unreadable (2)
    assert (good.returncode, good.stdout) == (0, "PASS\n"), good.stderr
    assert bad.returncode == 1
    assert bad.stdout.startswith(f"FAIL: strata[{index}].targets[0].id: expected "), bad.stdout
    assert broken.returncode == 2 and broken.stderr.startswith("ERROR:")


def test_downloaded_verifier_says_what_verify_draw_says(tmp_path: Path) -> None:
    """The single file is the verifier, not a copy of it: same lines on generated records."""
    script = tmp_path / "verify-draw.py"
    script.write_text(standalone.standalone_source(), "utf-8")
    rng = random.Random(7)
    records = {"example.json": example_record()}
    for n in range(15):
        rec = random_record(rng)
        records[f"r{n}.json"] = rec
        records[f"r{n}-tampered.json"] = tamper(rec, rng)[1]
    for name, rec in records.items():
        (tmp_path / name).write_text(json.dumps(rec, ensure_ascii=False), "utf-8")
        reference = subprocess.run(
            [sys.executable, "-m", "suiji_tenants.draws.verify", str(tmp_path / name)],
            cwd=Path(standalone.PACKAGE_DIR).parents[1],
            capture_output=True,
            text=True,
            check=False,
        )
        mine = run(script, tmp_path / name)
        assert (mine.returncode, mine.stdout, mine.stderr) == (
            reference.returncode,
            reference.stdout,
            reference.stderr,
        ), name


def test_the_file_is_generated_from_the_modules_and_follows_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = standalone.standalone_source()
    assert standalone.module_order() == ["engine", "record", "verify"]
    assert "from ." not in source
    assert source.count("from __future__ import annotations") == 1
    compile(source, "verify-draw.py", "exec")
    # A change in a module shows in the next generated file.
    package = tmp_path / "draws"
    shutil.copytree(standalone.PACKAGE_DIR, package)
    engine = package / "engine.py"
    engine.write_text(engine.read_text("utf-8") + "\n\nCHANGED_FOR_THE_TEST = 1\n", "utf-8")
    monkeypatch.setattr(standalone, "PACKAGE_DIR", package)
    standalone.standalone_source.cache_clear()
    try:
        assert "\nCHANGED_FOR_THE_TEST = 1\n" in standalone.standalone_source()
        # A helper defined differently in two modules cannot be inlined silently.
        record = package / "record.py"
        record.write_text(record.read_text("utf-8") + "\n\ndef _err():\n    pass\n", "utf-8")
        standalone.standalone_source.cache_clear()
        with pytest.raises(standalone.StandaloneError, match="_err is also defined in engine.py"):
            standalone.standalone_source()
    finally:
        standalone.standalone_source.cache_clear()
