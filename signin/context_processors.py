from django.conf import settings


def sign_in(request):
    return {"mfa_required": settings.MFA_REQUIRED}
