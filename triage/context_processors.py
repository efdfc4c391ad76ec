from django.utils.functional import SimpleLazyObject

from triage import timer


def running_timer(request) -> dict:
    """The running timer, shown in every page's header."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    # Lazy: fragments that never render the header never run the query.
    return {"running_timer": SimpleLazyObject(lambda: timer.running_log(request.user))}


def email_status(request) -> dict:
    """The address still waiting for its verification link, if any (the banner)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    from allauth.account.models import EmailAddress

    # Lazy: only full pages, which show the banner, run the query.
    return {
        "pending_email": SimpleLazyObject(
            lambda: (
                EmailAddress.objects.filter(user=user, verified=False)
                .order_by("-pk")
                .values_list("email", flat=True)
                .first()
                or ""
            )
        )
    }
