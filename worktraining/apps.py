from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktrainingConfig(AppConfig):
    name = "worktraining"
    verbose_name = _("Arbetsträning och uppföljning")
