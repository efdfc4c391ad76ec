from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "triage"

    def ready(self) -> None:
        from triage import auth, signals  # noqa: F401  (connects the receivers)
