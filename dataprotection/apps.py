from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataprotectionConfig(AppConfig):
    name = "dataprotection"
    verbose_name = _("Den registrerades rättigheter")
