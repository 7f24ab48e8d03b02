"""URLs outside any organisation: the public GraphQL endpoint (login, me, public portal)."""

from django.conf import settings
from django.urls import include, path, re_path

from suiji_api.core.views import SuijiGraphQLView
from suiji_tenants.draws.views import verify_draw_script, verify_draw_script_sha256
from suiji_tenants.inspections.views import public_notice

from . import spa

urlpatterns = [
    path("graphql/", SuijiGraphQLView.as_view(graphiql=settings.GRAPHIQL_ENABLED), name="graphql"),
    # A POST without the trailing slash keeps its body through a 308 (a 301 would drop it).
    path("graphql", spa.graphql_with_slash),
    # The login captcha's images (django-simple-captcha), asked for after repeated failures.
    path("captcha/", include("captcha.urls")),
    # The draw verifier as one standard-library file, linked from every public draw page.
    path("verify-draw.py", verify_draw_script, name="verify-draw-script"),
    path("verify-draw.py.sha256", verify_draw_script_sha256, name="verify-draw-script-sha256"),
    # The public notice of one published result as PDF (一检查一通报), from the public index.
    path("public/results/<str:reference>.pdf", public_notice, name="public-result-pdf"),
    re_path(r"^(?!static/|graphql$|captcha/).*$", spa.index, name="app"),
]
