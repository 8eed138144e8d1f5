"""django-allauth's pages under Swedish paths, only those the site uses.

No sign-up, e-mail, or password change/reset pages: administrators create accounts
and passwords are changed through the accounts app. allauth reverses these names.
"""

from allauth.account import views as account_views
from allauth.socialaccount import views as social_views
from allauth.socialaccount.providers.openid_connect import urls as oidc_urls
from django.urls import include, path

from . import views

urlpatterns = [
    path("logga-in/", account_views.login, name="account_login"),
    path("logga-ut/", account_views.logout, name="account_logout"),
    path("konto/inaktivt/", account_views.account_inactive, name="account_inactive"),
    path("konto/bekrafta/", account_views.reauthenticate, name="account_reauthenticate"),
    path("tvafaktor/", include("allauth.mfa.urls")),
    path("sso/avbruten/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("sso/fel/", social_views.login_error, name="socialaccount_login_error"),
    # An identity no administrator has created never gets a sign-up form.
    path("sso/okand/", views.sso_refused, name="socialaccount_signup"),
    path("sso/", include(oidc_urls)),
]
