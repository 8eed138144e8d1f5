from django.urls import path

from . import views

app_name = "printouts"

urlpatterns = [
    path(
        "deltagare/<int:participant_id>/plan/<int:plan_id>/utskrift/",
        views.plan_print,
        name="plan",
    ),
    path("deltagare/<int:participant_id>/plan/<int:plan_id>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("arbetsmaterial/", views.materials, name="materials"),
    path("arbetsmaterial/kort/<int:version_id>.pdf", views.blank_card_pdf, name="blank_card"),
    path("arbetsmaterial/plan/<int:version_id>.pdf", views.blank_plan_pdf, name="blank_plan"),
    path("arbetsmaterial/tack/<int:version_id>.pdf", views.thanks_pdf, name="thanks"),
]
