from accounts.selectors import user_access


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"access": None}
    return {"access": user_access(user)}
