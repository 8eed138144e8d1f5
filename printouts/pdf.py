"""HTML to PDF with WeasyPrint: the same templates as the print views in the browser.

The stylesheet is inlined and the document refers to nothing else, so rendering
never fetches anything over the network.
"""

import threading
from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

# One document at a time per process: WeasyPrint (Pango) is not safe across threads, and
# gunicorn's workers answer with several (config/gunicorn.conf.py).
_weasyprint = threading.Lock()


@cache
def print_css() -> str:
    path = finders.find("css/print.css")
    assert isinstance(path, str)  # one name finds one file (or None when it is missing)
    with open(path, encoding="utf-8") as css:
        return css.read()


def pdf_bytes(template: str, context: dict, *, request=None) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    html = render_to_string(
        template, {**context, "for_pdf": True, "print_css": print_css()}, request=request
    )
    with _weasyprint:
        return HTML(string=html).write_pdf()


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def render_pdf(template: str, context: dict, *, request, filename: str) -> HttpResponse:
    return pdf_response(pdf_bytes(template, context, request=request), filename=filename)
