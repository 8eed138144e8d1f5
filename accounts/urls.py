from allauth.account import views as allauth_views
from django.urls import path

from . import views

app_name = "accounts"

# Signing in and out is django-allauth's (the signin app); the paths and names stay.
urlpatterns = [
    path("logga-in/", allauth_views.login, name="login"),
    path("logga-ut/", allauth_views.logout, name="logout"),
    path("organisation/", views.organisation_overview, name="organisation_overview"),
    path("organisation/anvandare/ny/", views.user_create, name="user_create"),
    path("organisation/anvandare/<int:user_id>/", views.user_detail, name="user_detail"),
    path("organisation/anvandare/<int:user_id>/andra/", views.user_edit, name="user_edit"),
    path(
        "organisation/anvandare/<int:user_id>/inaktivera/",
        views.user_deactivate,
        name="user_deactivate",
    ),
    path(
        "organisation/anvandare/<int:user_id>/ateraktivera/",
        views.user_reactivate,
        name="user_reactivate",
    ),
    path("organisation/anvandare/<int:user_id>/las-upp/", views.user_unlock, name="user_unlock"),
    path(
        "organisation/anvandare/<int:user_id>/losenordslank/",
        views.user_password_link,
        name="user_password_link",
    ),
    path("konto/", views.account, name="account"),
    path("konto/logga-ut-overallt/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("losenord/byt/", views.PasswordChangeView.as_view(), name="password_change"),
    path("losenord/glomt/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "losenord/glomt/skickat/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "losenord/nytt/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "losenord/nytt/klart/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
