from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class OwnerBackend(ModelBackend):
    """Django's model backend, loading the owner's settings with the user: every page needs
    both, and this saves a query on each request."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("owner_settings").filter(pk=user_id)
        user = user.first()
        return user if user and self.user_can_authenticate(user) else None
