from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogReviewConfig(AppConfig):
    name = "logreview"
    verbose_name = _("Logguppföljning")
