from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from zhunru.api.main import api
from zhunru.core.errors import NotFound


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under /api/v1/: a JSON 404, like every other API error."""
    return JsonResponse(NotFound().as_dict(), status=404)


urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", not_found)]
