from django.urls import path

from . import views

app_name = "groupactivities"

urlpatterns = [
    path("gruppaktiviteter/", views.group_list, name="list"),
    path("gruppaktiviteter/ny/", views.group_edit, name="create"),
    path("gruppaktiviteter/<int:group_id>/", views.group_detail, name="detail"),
    path("gruppaktiviteter/<int:group_id>/andra/", views.group_edit, name="edit"),
    path("gruppaktiviteter/<int:group_id>/narvaro/", views.attendance, name="attendance"),
    path("gruppaktiviteter/<int:group_id>/deltagare/ny/", views.member_add, name="member_add"),
    path(
        "gruppaktiviteter/<int:group_id>/deltagare/<int:membership_id>/avsluta/",
        views.member_end,
        name="member_end",
    ),
    path(
        "gruppaktiviteter/<int:group_id>/tillfallen/ny/", views.session_edit, name="session_create"
    ),
    path(
        "gruppaktiviteter/<int:group_id>/tillfallen/<int:session_id>/",
        views.session_edit,
        name="session_edit",
    ),
]
