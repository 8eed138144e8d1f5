from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("aktualiseringar/", views.inbox, name="inbox"),
    path("aktualiseringar/ny/", views.referral_create, name="create"),
    path("aktualiseringar/<int:referral_id>/", views.referral_detail, name="detail"),
    path("aktualiseringar/<int:referral_id>/andra/", views.referral_edit, name="edit"),
    path("aktualiseringar/<int:referral_id>/fordela/", views.referral_assign, name="assign"),
]
