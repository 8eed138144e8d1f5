from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfratingConfig(AppConfig):
    name = "selfrating"
    verbose_name = _("Självskattning via länk")
