from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("organisation/gallring/", views.rule_edit, name="rule"),
    path(
        "deltagare/<int:participant_id>/gallring/", views.participant_retention, name="participant"
    ),
    path(
        "deltagare/<int:participant_id>/gallring/undantag/<int:hold_id>/upphav/",
        views.hold_lift,
        name="hold_lift",
    ),
    path("deltagare/<int:participant_id>/radera/", views.participant_erase, name="erase"),
]
