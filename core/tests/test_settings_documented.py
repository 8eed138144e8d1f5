"""Every setting the application reads from the environment is documented twice: in
deploy/stegvis.env.example (what an installation fills in) and in the README's
configuration table. A new env("...") without both fails here."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_read() -> set[str]:
    names = set()
    for path in [*(ROOT / "config" / "settings").glob("*.py"), ROOT / "config/gunicorn.conf.py"]:
        text = path.read_text()
        names |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', text))
        names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z][A-Z0-9_]+)"', text))
    return names


def test_the_settings_are_found():
    names = settings_read()
    assert {"SECRET_KEY", "DATABASE_URL", "CACHE_URL", "LOG_FORMAT", "WEB_CONCURRENCY"} <= names
    assert len(names) > 40


def test_every_setting_is_in_the_environment_file_template():
    template = (ROOT / "deploy" / "stegvis.env.example").read_text()
    documented = set(re.findall(r"\b([A-Z][A-Z0-9_]{3,})\b", template))
    assert sorted(settings_read() - documented) == []


def test_every_setting_is_in_the_readme_configuration_table():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Configuration") : readme.index("## Running in production")]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    assert sorted(settings_read() - documented) == []
