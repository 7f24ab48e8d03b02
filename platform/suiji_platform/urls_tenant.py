"""URLs inside an organisation, mounted under /o/<code>/ by OrganisationPathMiddleware."""

from django.conf import settings
from django.urls import path, re_path

from suiji_api.core.views import SuijiGraphQLView

from . import spa

urlpatterns = [
    path("graphql/", SuijiGraphQLView.as_view(graphiql=settings.GRAPHIQL_ENABLED), name="graphql"),
    # A POST without the trailing slash keeps its body through a 308 (a 301 would drop it).
    path("graphql", spa.graphql_with_slash),
    re_path(r"^(?!static/|graphql$).*$", spa.index, name="app"),
]
