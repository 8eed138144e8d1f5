from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def sso_refused(request):
    return render(request, "signin/sso_refused.html", status=403)
