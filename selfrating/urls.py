from django.urls import path

from . import views

app_name = "selfrating"

urlpatterns = [
    path("s/<str:token>/", views.open_link, name="open"),
    path("sjalvskattning/", views.start, name="start"),
    path("sjalvskattning/steg/<int:number>/", views.step, name="step"),
    path("sjalvskattning/granska/", views.review, name="review"),
    path("sjalvskattning/skicka/", views.submit, name="submit"),
    path("sjalvskattning/tack/", views.thanks, name="thanks"),
    path("sjalvskattning/sprak/", views.language, name="language"),
    path("surfplatta/lamna/", views.kiosk_exit, name="kiosk_exit"),
    path(
        "deltagare/<int:participant_id>/lankar/",
        views.invitations,
        name="invitations",
    ),
    path(
        "deltagare/<int:participant_id>/lankar/<int:invitation_id>/aterkalla/",
        views.revoke,
        name="revoke",
    ),
]
