"""The WSGI app bench/requests.py runs under gunicorn: Triage itself, plus the floors.

- `/bare/insert/` (POST) and `/bare/week/` (GET): a bare Django view with no middleware at
  all — one INSERT; one week of the owner's rows as JSON. What any Django app pays.
- `/floor/week/` (GET): the same JSON week behind all of Triage's middleware (session, login,
  CSRF, CSP, htmx, the owner's settings): what the middleware itself costs.
- everything else: Triage, as `config.wsgi` serves it.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.handlers.exception import convert_exception_to_response  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from triage.models import TimeLog  # noqa: E402

OWNER_ID = int(os.environ.get("BENCH_OWNER_ID", "0"))


@csrf_exempt
def insert(request):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_floor (owner_id, note, created) VALUES (%s, %s, %s)",
            [OWNER_ID, request.POST.get("entry", ""), timezone.now()],
        )
    return HttpResponse(status=201)


def week(request):
    end = timezone.now()
    rows = TimeLog.objects.filter(
        owner_id=OWNER_ID, start__gte=end - timezone.timedelta(days=7), start__lt=end
    ).values("id", "start", "end", "task__title", "note")
    return JsonResponse({"logs": list(rows)})


urlpatterns = [
    path("bare/insert/", insert),
    path("bare/week/", week),
    path("floor/week/", week),
    path("", include("config.urls")),
]


class Triage(WSGIHandler):
    def get_response(self, request):
        request.urlconf = __name__  # the floors beside Triage's own URLs
        return super().get_response(request)


class Bare(Triage):
    """Django's request handling with no middleware."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


triage_app, bare_app = Triage(), Bare()


def application(environ, start_response):
    app = bare_app if environ.get("PATH_INFO", "").startswith("/bare/") else triage_app
    return app(environ, start_response)
