from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "signin"
    verbose_name = _("Inloggning")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the security log's signal receivers)
