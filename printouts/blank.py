"""Blank cards and plan forms, made once per card version, language and document and
then served from ``BLANK_FORMS_DIR`` (issue 16 §4: under 100 ms; WeasyPrint takes
seconds).

A published version never changes (instruments/models.py), so its file stays right.
The file's name also holds what else the rendering depends on: when the version was
published (a database made anew may reuse the id) and a digest of the print templates,
the print stylesheet and the compiled translations, so a new release makes new files
instead of serving old ones. The first request makes the file under a lock, so that
two requests at once do not both render; ``manage.py blank_forms_make`` makes them all
ahead (deploy). The forms are blank: no personal data is ever in these files.
"""

import fcntl
import hashlib
import logging
import os
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation

from instruments.models import InstrumentVersion
from instruments.selectors import question_list

from .pdf import pdf_bytes, print_css

logger = logging.getLogger(__name__)

CARD, PLAN = "card", "plan"
TEMPLATES = {CARD: "printouts/blank_card.html", PLAN: "printouts/blank_plan.html"}


def blank_context(document: str, version: InstrumentVersion) -> dict:
    if document == CARD:
        return {
            "version": version,
            "questions": question_list(version=version),
            "levels": [str(n) for n in range(version.scale_min, version.scale_max + 1)],
        }
    return {"version": version, "areas": version.plan_areas.all()}


@cache
def release_digest() -> str:
    """What the files depend on besides the version: templates, stylesheet, translations."""
    digest = hashlib.sha256(print_css().encode())
    folder = Path(settings.BASE_DIR) / "templates" / "printouts"
    for path in sorted(folder.glob("*.html")):
        digest.update(path.read_bytes())
    for locale in settings.LOCALE_PATHS:
        for path in sorted(Path(locale).glob("*/LC_MESSAGES/django.mo")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def blank_form_path(document: str, version: InstrumentVersion, language: str) -> Path:
    published = int(version.published_at.timestamp()) if version.published_at else 0
    name = f"{document}-{version.pk}-{published}-{language}-{release_digest()}.pdf"
    return Path(settings.BLANK_FORMS_DIR) / name


def blank_form_pdf(document: str, version: InstrumentVersion) -> bytes:
    """The blank document in the active language: from the store, or made and stored."""
    language = (translation.get_language() or "").split("-")[0]
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE.split("-")[0]
    path = blank_form_path(document, version, language)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 - held across the render
    except OSError:
        logger.warning("BLANK_FORMS_DIR %s is not writable; rendering", path.parent)
        return pdf_bytes(TEMPLATES[document], blank_context(document, version))
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        try:
            return path.read_bytes()  # made by the request we waited for
        except FileNotFoundError:
            pass
        pdf = pdf_bytes(TEMPLATES[document], blank_context(document, version))
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, path)  # readers see the whole file or none
    return pdf


def blank_forms_make(versions, languages) -> int:
    """Make every blank document of these versions in these languages (deploy)."""
    made = 0
    for version in versions:
        for language in languages:
            with translation.override(language):
                for document in TEMPLATES:
                    blank_form_pdf(document, version)
                    made += 1
    return made
