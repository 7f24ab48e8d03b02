"""`make demo` leaves a published, verifiable draw per county (idempotent)."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from suiji_platform.organisations.models import Organisation
from suiji_tenants.draws import services
from suiji_tenants.draws.demo import seed_demo_draws
from suiji_tenants.draws.models import Draw, DrawStatus
from suiji_tenants.plans.models import PlanTask
from suiji_tenants.registries.demo import seed_demo_registries
from suiji_tenants.registries.models import Project

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_seed_demo_draws_publishes_a_verifiable_draw(tmp_path: Path) -> None:
    organisation = Organisation.objects.get(code="533124")
    seed_demo_registries(organisation, entities=600, projects=10, officers=40, experts=5)
    assert seed_demo_draws(organisation)
    assert not seed_demo_draws(organisation)
    with schema_context(organisation.schema_name):
        draw: Any = Draw.objects.get()
        assert draw.status == DrawStatus.PUBLISHED and draw.target_count > 0
        assert len(draw.witnesses) == 2
        # The plan also has a task on construction projects, left to draw.
        project_task = PlanTask.objects.get(target_kind="project")
        building = Project.objects.filter(construction_status="under_construction").count()
        assert services.preview_draw(project_task, 1).pool_size == building
    response = Client().get(f"/o/533124/draws/{draw.reference}/record.json")
    assert response.status_code == 200
    path = tmp_path / "record.json"
    path.write_bytes(response.content)
    # The console script's module, as an outsider runs it: no Django, no database.
    result = subprocess.run(
        [sys.executable, "-m", "suiji_tenants.draws.verify", str(path)],
        cwd=ROOT / "tenants",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS" in result.stdout
