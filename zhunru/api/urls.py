from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from zhunru.api.main import api
from zhunru.core.errors import NotFound


@csrf_exempt  # token-authenticated like the API: a POST to a wrong path is a JSON 404, not a CSRF page
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under /api/v1/: a JSON 404, like every other API error."""
    return JsonResponse(NotFound().as_dict(), status=404)


urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", not_found)]
