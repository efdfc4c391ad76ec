from django.utils.functional import SimpleLazyObject

from triage.header import header


def _header(request):
    """The header's state for this request, read once and only when a template asks."""
    if not hasattr(request, "_triage_header"):
        request._triage_header = SimpleLazyObject(lambda: header(request.user))
    return request._triage_header


def running_timer(request) -> dict:
    """The running timer, shown in every page's header."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    # Lazy: fragments that never render the header never run the query.
    state = _header(request)
    return {"running_timer": SimpleLazyObject(lambda: state.running)}


def email_status(request) -> dict:
    """The address still waiting for its verification link, if any (the banner)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    state = _header(request)
    return {"pending_email": SimpleLazyObject(lambda: state.pending_email)}
