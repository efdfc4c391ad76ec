from django.utils.functional import SimpleLazyObject

from triage.models import TimeLog


def running_timer(request) -> dict:
    """The running timer, shown in every page's header."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}

    def load():
        return (
            TimeLog.objects.filter(owner=request.user, end__isnull=True)
            .select_related("task")
            .first()
        )

    # Lazy: fragments that never render the header never run the query.
    return {"running_timer": SimpleLazyObject(load)}
