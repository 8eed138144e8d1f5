"""The shared cache: rate limits and used two-factor codes live in it."""

import environ
import pytest
from django.core.cache import caches
from django.core.management import call_command

from config.settings.base import DATABASE_CACHE_MAX_ENTRIES, database_cache_sized

pytestmark = pytest.mark.django_db


def test_the_database_cache_keeps_its_live_entries_past_djangos_default_size(settings):
    sized = database_cache_sized(environ.Env.cache_url_config("dbcache://test_cache_sized"))
    assert sized["OPTIONS"]["MAX_ENTRIES"] == DATABASE_CACHE_MAX_ENTRIES
    settings.CACHES = {
        **settings.CACHES,
        "sized": sized,
        "django_default": environ.Env.cache_url_config("dbcache://test_cache_default"),
    }
    call_command("createcachetable")
    for alias in ("sized", "django_default"):
        cache = caches[alias]
        # A live counter, first in the table's key order (the order Django culls in),
        # then more entries than Django's 300.
        cache.set("aaa-counter", 7, 600)
        cache.set_many({f"key-{i:04}": i for i in range(400)}, 600)
    assert caches["django_default"].get("aaa-counter") is None  # removed although live
    assert caches["sized"].get("aaa-counter") == 7


def test_another_size_can_be_set_in_cache_url():
    config = database_cache_sized(
        environ.Env.cache_url_config("dbcache://stegvis_cache?max_entries=5000")
    )
    assert config["OPTIONS"]["MAX_ENTRIES"] == 5000
