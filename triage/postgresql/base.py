"""Django's PostgreSQL backend, with a health check that costs no round trip.

Django checks a kept connection before each request's first query with `SELECT 1`: a
round trip (about 0.3 ms, an eighth of a page's bare request cycle) to catch a server that
restarted or dropped the connection since the last request. Such a server has said so on
the socket — PostgreSQL sends its termination notice and closes the connection — so an
idle connection whose socket has nothing to read is as good as the `SELECT 1` would find
it. Only when something is waiting there does the usual `SELECT 1` decide.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and _nothing_to_read(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()


def _nothing_to_read(connection) -> bool:
    """True when an open connection's socket has nothing waiting: no notice, no EOF."""
    if connection.closed or connection.broken:
        return False
    try:
        poller = select.poll()
        poller.register(connection.pgconn.socket, select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
    except Exception:  # no poll() on this system, no socket to poll: let SELECT 1 decide
        return False
