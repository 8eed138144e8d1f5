import pytest


@pytest.fixture(autouse=True)
def _swedish(settings):
    settings.LANGUAGE_CODE = "sv"
