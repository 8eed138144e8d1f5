from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("Ledningens siffror")

    def ready(self):
        from activities.signals import activities_changed
        from assessments.signals import assessments_changed
        from downloads.registry import register

        from .exports import dataset_writer
        from .receivers import summaries_follow

        register("dataset", dataset_writer())

        for signal in (assessments_changed, activities_changed):
            signal.connect(summaries_follow, dispatch_uid="figures.summaries_follow")
