"""Which keys reach which operations; the records themselves are scoped by the selectors."""

from rest_framework.permissions import BasePermission

from accounts.selectors import user_access


class WorksWithCases(BasePermission):
    """Participants and their records: keys with the coach or manager role."""

    def has_permission(self, request, view):
        return bool(request.user and user_access(request.user).works_with_cases)


class ReadsFigures(BasePermission):
    """The management figures: managers (their units) and county analysts (the county)."""

    def has_permission(self, request, view):
        if not request.user:
            return False
        access = user_access(request.user)
        return access.is_manager or access.is_county_analyst
