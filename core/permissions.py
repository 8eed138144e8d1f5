"""View decorators for the roles. Record-level scoping lives in the selectors."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.selectors import user_access


def _role_required(check):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(user_access(request.user)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


case_worker_required = _role_required(lambda a: a.works_with_cases)
manager_required = _role_required(lambda a: a.is_manager)
administrator_required = _role_required(lambda a: a.is_administrator)
county_analyst_required = _role_required(lambda a: a.is_county_analyst)
security_officer_required = _role_required(lambda a: a.is_security_officer)
# The access log review (logguppföljning): managers for their units, security officers
# for the whole organisation. The selectors narrow the rows to that scope.
log_reviewer_required = _role_required(lambda a: a.reviews_access_log)
# Coaches browse the activity catalogue; managers and administrators also edit it.
catalogue_reader_required = _role_required(lambda a: a.works_with_cases or a.is_administrator)
# Background exports ("Mina exporter"): those who export figures and data sets.
exporter_required = _role_required(lambda a: a.is_manager or a.is_county_analyst)
