"""URLs inside an organisation, mounted under /o/<code>/ by OrganisationPathMiddleware."""

from django.conf import settings
from django.urls import path, re_path

from suiji_api.core.views import SuijiGraphQLView
from suiji_tenants.draws import views as draw_views
from suiji_tenants.inspections import evidence_views
from suiji_tenants.inspections import views as inspection_views
from suiji_tenants.registries import views as registry_views

from . import spa
from .oversight import views as oversight_views

urlpatterns = [
    path("graphql/", SuijiGraphQLView.as_view(graphiql=settings.GRAPHIQL_ENABLED), name="graphql"),
    path("registries/templates/<str:kind>.xlsx", registry_views.template, name="registry-template"),
    path("registries/export/<str:kind>.xlsx", registry_views.export, name="registry-export"),
    path("registries/uploads/", registry_views.upload, name="registry-upload"),
    path(
        "registries/import-reports/<str:name>",
        registry_views.error_report,
        name="registry-import-report",
    ),
    path("oversight/export.xlsx", oversight_views.export, name="oversight-export"),
    path("draws/<str:reference>/record.json", draw_views.record_json, name="draw-record"),
    path("draws/<str:reference>/commit.json", draw_views.commit_json, name="draw-commit"),
    path("inspections/files/<str:job_id>", inspection_views.job_file, name="inspection-file"),
    path("evidence/", evidence_views.upload, name="evidence-upload"),
    path("evidence/<int:pk>", evidence_views.download, name="evidence-file"),
    # A POST without the trailing slash keeps its body through a 308 (a 301 would drop it).
    path("graphql", spa.graphql_with_slash),
    # Only the registries' file endpoints bypass the web app; its pages live under registries too.
    re_path(
        r"^(?!static/|graphql$|evidence/|oversight/export\.xlsx$|registries/(?:templates|export|uploads|import-reports)/|inspections/files/).*$",
        spa.index,
        name="app",
    ),
]
