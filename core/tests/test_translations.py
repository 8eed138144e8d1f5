"""The English catalogue is complete and up to date with the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
BASE = Path(settings.BASE_DIR)
# The project's own apps (folders with an apps.py) and what else holds strings.
APPS = sorted(p.name for p in BASE.iterdir() if (p / "apps.py").exists())
SOURCES = ["manage.py", "config", "templates", "locale", *APPS]


def _entries(path):
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


def test_every_string_has_an_english_translation():
    entries = _entries(PO)
    untranslated = [e.msgid for e in entries if not e.translated()]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"Untranslated: {untranslated[:10]}"
    assert not fuzzy, f"Fuzzy: {fuzzy[:10]}"


def test_the_catalogue_has_every_string_in_the_code(tmp_path):
    for name in SOURCES:
        source = Path(settings.BASE_DIR) / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    fresh = {(e.msgctxt, e.msgid) for e in _entries(tmp_path / PO.relative_to(settings.BASE_DIR))}
    committed = {(e.msgctxt, e.msgid) for e in _entries(PO)}
    missing = sorted(m for _, m in fresh - committed)
    assert not missing, f"Run `make messages` and translate: {missing[:10]}"
