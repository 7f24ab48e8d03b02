"""The source roots named platform/ and graphql/ must not shadow the stdlib or graphql-core."""

import importlib
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_import_platform_is_the_standard_library() -> None:
    platform = importlib.import_module("platform")
    assert Path(platform.__file__).parent == Path(sysconfig.get_paths()["stdlib"])
    assert callable(platform.python_version)


def test_import_graphql_is_graphql_core() -> None:
    graphql = importlib.import_module("graphql")
    assert "site-packages" in graphql.__file__
    assert hasattr(graphql, "GraphQLSchema")


def test_source_roots_have_no_init_file() -> None:
    for root in ("platform", "tenants", "graphql"):
        assert (REPO / root).is_dir()
        assert not (REPO / root / "__init__.py").exists(), root


def test_packages_live_in_their_roots() -> None:
    import suiji_api
    import suiji_platform
    import suiji_tenants

    assert Path(suiji_platform.__file__).parent == REPO / "platform" / "suiji_platform"
    assert Path(suiji_tenants.__file__).parent == REPO / "tenants" / "suiji_tenants"
    assert Path(suiji_api.__file__).parent == REPO / "graphql" / "suiji_api"
