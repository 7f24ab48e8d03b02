"""URLs outside any organisation: the public GraphQL endpoint (login, me, public portal)."""

from django.conf import settings
from django.urls import include, path, re_path

from suiji_api.core.views import SuijiGraphQLView

from . import spa

urlpatterns = [
    path("graphql/", SuijiGraphQLView.as_view(graphiql=settings.GRAPHIQL_ENABLED), name="graphql"),
    # A POST without the trailing slash keeps its body through a 308 (a 301 would drop it).
    path("graphql", spa.graphql_with_slash),
    # The login captcha's images (django-simple-captcha), asked for after repeated failures.
    path("captcha/", include("captcha.urls")),
    re_path(r"^(?!static/|graphql$|captcha/).*$", spa.index, name="app"),
]
