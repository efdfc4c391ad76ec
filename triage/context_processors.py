from django.utils.functional import SimpleLazyObject

from triage.header import for_request


def running_timer(request) -> dict:
    """The running timer, shown in every page's header."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    # Lazy: fragments that never render the header never run the query.
    state = for_request(request)
    return {"running_timer": SimpleLazyObject(lambda: state.running)}


def email_status(request) -> dict:
    """The address still waiting for its verification link, if any (the banner)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    state = for_request(request)
    return {"pending_email": SimpleLazyObject(lambda: state.pending_email)}
