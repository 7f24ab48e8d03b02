"""Serves the web app's index.html for every page route (the app routes on the client)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.views.decorators.csrf import ensure_csrf_cookie

_FALLBACK = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>随机 Suiji</title></head><body><p>前端尚未构建：请运行 <code>make demo</code>
（或 <code>npm --prefix frontend run build</code>）。The web app is not built yet.</p></body></html>"""


@ensure_csrf_cookie
def index(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    index_file = settings.FRONTEND_DIST / "index.html"
    try:
        body = index_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        body = _FALLBACK
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def graphql_with_slash(request: HttpRequest) -> HttpResponse:
    """308 to `graphql/`: unlike a 301, the browser repeats the POST with its body."""
    target = request.path + "/"
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target, preserve_request=True)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF failures answer in the API's shape, so the web app can show them."""
    return JsonResponse(
        {
            "errors": [
                {
                    "message": "页面已过期或缺少安全令牌，请刷新页面后重试。CSRF check failed.",
                    "extensions": {"code": "CSRF_FAILED"},
                }
            ]
        },
        status=403,
        json_dumps_params={"ensure_ascii": False},
    )
