"""The container's health check (the Dockerfile's HEALTHCHECK): `/healthz` of the gunicorn
in this container, asked by a host name the app accepts. Exit status 0 when it answers 200.

Asked as `127.0.0.1`, a production app (ALLOWED_HOSTS=triage.example.com) answers 400 —
Django refuses a host it does not serve — and the container would be marked unhealthy while
it works. No Django import: the check runs every 30 seconds and should cost next to nothing.
"""

import os
import sys
import urllib.error
import urllib.request


def host_to_send(allowed_hosts: str) -> str:
    """A Host header ALLOWED_HOSTS accepts: its first name (`.example.com`, a wildcard for
    the domain and its subdomains, as `example.com`); `localhost` for `*` or none."""
    for host in (name.strip() for name in allowed_hosts.split(",")):
        if host and host != "*":
            return host.lstrip(".")
    return "localhost"


def main() -> int:
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": host_to_send(os.environ.get("ALLOWED_HOSTS", ""))},
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError):  # an HTTPError (400, 503) is a URLError
        return 1


if __name__ == "__main__":
    sys.exit(main())
