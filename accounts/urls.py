from allauth.account import views as allauth_views
from django.urls import path

from . import views

app_name = "accounts"

# Signing in and out is django-allauth's (the signin app); the paths and names stay.
urlpatterns = [
    path("logga-in/", allauth_views.login, name="login"),
    path("logga-ut/", allauth_views.logout, name="logout"),
    path("organisation/", views.organisation_overview, name="organisation_overview"),
]
