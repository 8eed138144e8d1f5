from django.urls import path

from . import views

app_name = "worktraining"

P = "deltagare/<int:participant_id>/arbetstraning/"
PP = P + "<int:placement_id>/"

urlpatterns = [
    path("uppfoljningar/", views.due, name="due"),
    path(P, views.placement, name="placement"),
    path(P + "ny/", views.placement_create, name="placement_create"),
    path(PP + "andra/", views.placement_edit, name="placement_edit"),
    path(PP + "avsluta/", views.placement_end, name="placement_end"),
    path(PP + "schema/", views.schedule, name="schedule"),
    path(PP + "anpassningar/ny/", views.adaptation_edit, name="adaptation_create"),
    path(PP + "anpassningar/<int:adaptation_id>/", views.adaptation_edit, name="adaptation_edit"),
    path(PP + "uppfoljningar/ny/", views.follow_up_edit, name="follow_up_create"),
    path(PP + "uppfoljningar/<int:followup_id>/", views.follow_up_edit, name="follow_up_edit"),
    path(
        PP + "uppfoljningar/<int:followup_id>/utvecklingsplan/",
        views.development_plan_print,
        name="development_plan",
    ),
    path(
        PP + "uppfoljningar/<int:followup_id>/utvecklingsplan.pdf",
        views.development_plan_pdf,
        name="development_plan_pdf",
    ),
    path(PP + "slutdokumentation/", views.final_documentation, name="final_documentation"),
    path(
        PP + "slutdokumentation/utskrift/",
        views.final_documentation_print,
        name="final_documentation_print",
    ),
    path(
        PP + "slutdokumentation.pdf",
        views.final_documentation_pdf,
        name="final_documentation_pdf",
    ),
    path(PP + "kompetenskort/", views.competence_card, name="competence_card"),
    path(
        PP + "kompetenskort/utskrift/",
        views.competence_card_print,
        name="competence_card_print",
    ),
    path(PP + "kompetenskort.pdf", views.competence_card_pdf, name="competence_card_pdf"),
    path(PP + "trepartsmote/", views.three_party_meeting, name="three_party_meeting"),
]
