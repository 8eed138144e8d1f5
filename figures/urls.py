from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("siffror/", views.manager, name="manager"),
    path("siffror/sammanfattning.pdf", views.manager_summary, name="summary"),
    path("lanet/siffror/", views.county, name="county"),
]
