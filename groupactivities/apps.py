from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupactivitiesConfig(AppConfig):
    name = "groupactivities"
    verbose_name = _("Gruppaktiviteter")
