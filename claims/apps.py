from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"

    def ready(self) -> None:
        from claims.permissions import editors_group_ensure

        # Connected after django.contrib.auth's receiver (INSTALLED_APPS order), so the permissions exist by then.
        post_migrate.connect(editors_group_ensure, sender=self, dispatch_uid="claims.editors_group_ensure")
        # Registers the Celery tasks in web and worker processes alike: services send them by name (claims.dispatch).
        import claims.tasks  # noqa: F401
        import claims.webhooks  # noqa: F401
