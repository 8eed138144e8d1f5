from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/mall.xlsx", views.template_download, name="template"),
    path("import/<int:batch_id>/", views.preview, name="preview"),
]
