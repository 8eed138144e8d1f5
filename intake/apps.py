from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Inskrivning och samtycke")

    def ready(self):
        # The app answers for its own steps of the journey (ADR 0019).
        from journey.steps import register

        from . import selectors

        register(self.label, steps=selectors.journey_steps)
