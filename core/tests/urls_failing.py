from django.urls import include, path


def broken(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("broken/", broken), path("", include("config.urls"))]
