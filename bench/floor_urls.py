"""URLs for bench/dashboard.py: the app's own, plus a "floor" page.

The floor page goes through the same middleware as the dashboard (session, login, CSP,
time zone), runs the dashboard's own SQL statements bare on a cursor and returns an empty
200: what the dashboard would cost with no ORM, no domain code and no HTML.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path

STATEMENTS: list[str] = []  # set by the benchmark: the dashboard's statements, captured


def floor(request):
    with connection.cursor() as cursor:
        for sql in STATEMENTS:
            cursor.execute(sql)
            cursor.fetchall()
    return HttpResponse(b"")


urlpatterns = [path("bench-floor/", floor), path("", include("config.urls"))]
