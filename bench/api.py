"""The API's cost: POST /api/v1/entries against the quick-entry page POST and /healthz on
the same gunicorn (config/gunicorn.py), one keep-alive client, interleaved rounds.

    DATABASE_URL=postgres://… .venv/bin/python bench/api.py [--rounds 7 --requests 150]

The page POST is timed twice: as the log page sends it (htmx, answered with the rendered
message and week total the page swaps in) and as a browser without JavaScript sends it
(answered with a redirect, not followed here — the browser would then load the whole log
page). Each round sends one request of each kind in turn, `--requests` times, and times
each apart, so load on the machine hits every kind alike.
Prints requests/s per round and the medians and ratios. Targets: the API entry ≥ 1.2× the
page POST (the issue: "no template to render", so the page's rendered answer) and ≥ 60% of
/healthz.
"""

import argparse
import http.client
import json
import statistics
import time
import uuid
from datetime import date, timedelta

from common import setup_django


class KeepAlive:
    """One keep-alive connection that reconnects when the server closed an idle one."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body=None, headers=None) -> int:
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                response.read()
                return response.status
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=150)
    args = parser.parse_args()
    setup_django(allow_sqlite=True)
    from django.contrib.auth import get_user_model
    from load import PASSWORD, Session

    from tests.gunicorn_server import GunicornServer
    from triage.models import ApiToken, OwnerSettings, Task

    name = f"api-{uuid.uuid4().hex[:8]}"
    user = get_user_model().objects.create_user(name, f"{name}@example.com", PASSWORD)
    settings = OwnerSettings.of(user)
    settings.onboarded = True
    settings.save()
    Task.objects.create(owner=user, title="Invoicing", category="bookkeeping")
    _, token = ApiToken.objects.issue(user, "bench")
    from django.db import connection

    with connection.cursor() as cursor:  # the statistics a running database keeps
        cursor.execute("ANALYZE")
    # The per-token limit (120 a minute) would be all this measured: lift it here. Per
    # second, so the throttle's history holds about as many entries as the default's (a
    # minute's worth at this rate would be thousands, pickled to the shared cache each time).
    server = GunicornServer(workers=2, AXES_FAILURE_LIMIT="1000", API_RATE_LIMIT="100000/s")
    server.start()
    days = iter(date(2000, 1, 3) + timedelta(days=n) for n in range(100_000))
    try:
        page = Session(server.port)
        page.log_in(name)
        api = KeepAlive(server.port)
        health = KeepAlive(server.port)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        def api_entry():
            body = json.dumps({"text": f"1m invoicing {next(days)}"})
            status = api.request("POST", "/api/v1/entries", body, headers)
            assert status == 201, status

        on_log_page = {
            "HX-Request": "true",
            "HX-Current-URL": f"http://127.0.0.1:{server.port}/log/",
        }

        def page_entry():
            status, answer = page.request(
                "POST",
                "/log/quick/",
                {"entry": f"1m invoicing {next(days)}", "next": "/log/"},
                on_log_page,
            )
            assert status == 200 and b"Logged" in answer, (status, answer[:300])

        def page_entry_without_javascript():
            status, _ = page.request(
                "POST", "/log/quick/", {"entry": f"1m invoicing {next(days)}", "next": "/log/"}
            )
            assert status == 302, status
            # A browser would show the "Logged …" message on the next page and drop it;
            # here nobody reads it, so forget it rather than let the cookie grow.
            page.cookies.pop("messages", None)

        def healthz():
            assert health.request("GET", "/healthz") == 200

        kinds = {
            "API entry": api_entry,
            "page POST": page_entry,
            "page POST, no JS": page_entry_without_javascript,
            "/healthz": healthz,
        }
        rates = {kind: [] for kind in kinds}
        for _ in range(2 * args.requests // 10):  # warm up: imports, caches, connections
            for action in kinds.values():
                action()
        for round_number in range(1, args.rounds + 1):
            # One request of each kind in turn, timed apart: a slow second on this shared
            # machine slows every kind alike instead of whichever ran then.
            spent = dict.fromkeys(kinds, 0.0)
            for _ in range(args.requests):
                for kind, action in kinds.items():
                    started = time.perf_counter()
                    action()
                    spent[kind] += time.perf_counter() - started
            line = []
            for kind in kinds:
                rates[kind].append(args.requests / spent[kind])
                line.append(f"{kind} {rates[kind][-1]:6.1f}/s")
            print(f"round {round_number}: " + "   ".join(line))
        medians = {kind: statistics.median(values) for kind, values in rates.items()}
        print("medians: " + "   ".join(f"{kind} {value:.1f}/s" for kind, value in medians.items()))
        print(
            f"API entry ÷ page POST: {medians['API entry'] / medians['page POST']:.2f}× "
            "(target ≥ 1.2×)   "
            f"÷ page POST without JavaScript (302, not followed): "
            f"{medians['API entry'] / medians['page POST, no JS']:.2f}×   "
            f"API entry ÷ /healthz: {medians['API entry'] / medians['/healthz']:.0%} (target ≥ 60%)"
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
