"""Sessions that load their owner with them: the session row, the user and the owner's
settings in one query per request instead of three round trips.

The session table has the owner's id in a column (OwnerSession.owner, kept up to date on
every save), so loading it can join the user. The loaded owner waits in a context variable
for this request's `OwnerBackend.get_user`, which uses it only for the same user id (and
Django still checks the session's password hash against it). Every request makes a new
SessionStore, which clears what an earlier request on the thread left.

Every request runs this query, so it is written out (`owner_rows.load_with_owner`).
"""

import contextvars

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from triage.owner_rows import load_with_owner

_loaded_owner = contextvars.ContextVar("triage_loaded_owner", default=None)


class SessionStore(DatabaseSessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        _loaded_owner.set(None)

    @classmethod
    def get_model_class(cls):
        from triage.models import OwnerSession

        return OwnerSession

    def _get_session_from_db(self):
        session = load_with_owner(
            self.model, "session_key", self.session_key, expires_after=timezone.now()
        )
        if session is None:
            self._session_key = None  # as Django's own store does: a new session follows
        _loaded_owner.set(session.owner if session is not None else None)
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        session.owner_id = int(user_id) if user_id is not None else None
        return session


def loaded_owner(user_id):
    """The owner this request's session brought along, if it is `user_id`."""
    owner = _loaded_owner.get()
    return owner if owner is not None and str(owner.pk) == str(user_id) else None
