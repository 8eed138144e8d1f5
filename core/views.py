from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.selectors import user_access


@login_required
def home(request):
    """Send each role to where their day starts."""
    access = user_access(request.user)
    if access.is_coach:
        return redirect("participants:caseload")
    if access.works_with_cases:
        return redirect("participants:list")
    if access.is_security_officer:
        return redirect("logreview:overview")
    if access.is_administrator:
        return redirect("accounts:organisation_overview")
    if access.is_county_analyst:
        return redirect("figures:county")
    return render(request, "core/no_role.html", status=403)


def csrf_failure(request, reason=""):
    return render(
        request,
        "403_csrf.html",
        {"title": _("Sidan hade gått ut")},
        status=403,
    )


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        # The API answers in JSON, also for an address that matches none of its paths.
        from django.http import JsonResponse

        return JsonResponse({"detail": _("Hittades inte.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors beyond the static page: the database may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
