from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("siffror/", views.manager, name="manager"),
    path("lanet/siffror/", views.county, name="county"),
]
