from django.contrib.auth.forms import AuthenticationForm

from core.forms import AccessibleFormMixin


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
