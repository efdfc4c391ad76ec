from django.utils.functional import SimpleLazyObject

from triage import timer


def running_timer(request) -> dict:
    """The running timer, shown in every page's header."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    # Lazy: fragments that never render the header never run the query.
    return {"running_timer": SimpleLazyObject(lambda: timer.running_log(request.user))}
