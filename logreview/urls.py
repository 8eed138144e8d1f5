from django.urls import path

from . import views

app_name = "logreview"

urlpatterns = [
    path("logguppfoljning/", views.overview, name="overview"),
    path("logguppfoljning/sok/", views.search, name="search"),
    path("logguppfoljning/export/<slug:file_format>/", views.export, name="export"),
    path("logguppfoljning/flagga/<slug:flag>/", views.flag, name="flag"),
    path("logguppfoljning/ny/", views.review_create, name="review_create"),
    path("logguppfoljning/<int:review_id>/", views.review_detail, name="review_detail"),
]
