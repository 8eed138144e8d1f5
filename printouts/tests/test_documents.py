"""Issue 15 §7: the documents the participant keeps or signs, and the competence card
shown to an employer. Each is checked in its print view (the HTML the PDF is made from)
and in the PDF's own text."""

import datetime
import io
import re

import cssselect2
import pytest
import tinyhtml5
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from instruments.models import InstrumentVersion
from mapping import services as mapping_services
from mapping.tests.factories import make_meeting, make_summary
from matching.tests.factories import make_individual_plan
from participants.tests.factories import make_participant
from worktraining import services as worktraining_services
from worktraining.models import Competence
from worktraining.tests.factories import follow_up_data, make_placement

pytestmark = pytest.mark.django_db

SIGNATURE_LABELS = ["Namnteckning", "Namnförtydligande", "Ort och datum"]


@pytest.fixture
def coach():
    user = make_user(Role.COACH, UnitFactory(name="Arbetsmarknadsenheten Osby"))
    user.first_name, user.last_name, user.email = "Hanna", "Ek", "hanna.ek@osby.example"
    user.save()
    return user


@pytest.fixture
def participant(coach):
    return make_participant(coach=coach, first_name="Amina", last_name="Berg")


@pytest.fixture
def client_in(client, coach):
    client.force_login(coach)
    return client


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# The HTML parser and selectors WeasyPrint itself uses.
def _doc(html: str):
    return cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(html))


def _select(node, css: str) -> list:
    return list(node.query_all(css))


def _one(node, css: str):
    return next(node.query_all(css))


def _text(node) -> str:
    return " ".join(" ".join(node.etree_element.itertext()).split())


def _blocks(html: str) -> list:
    return _select(_doc(html), ".signature-block")


def _assert_signature_lines(html: str, parties: list[str]):
    blocks = _blocks(html)
    assert [_text(_one(b, ".signature-party")) for b in blocks] == parties
    for block in blocks:
        labels = [_text(el) for el in _select(block, ".signature-label")]
        assert labels == SIGNATURE_LABELS
        # Empty lines to write on: nothing typed into the system stands on them.
        assert all(not _text(el) for el in _select(block, ".signature-space"))


def test_mapping_summary_speaks_to_the_participant_and_has_signature_lines(
    client_in, coach, participant
):
    make_meeting(coach=coach, participant=participant)
    mapping = make_summary(
        coach=coach, participant=participant, summary="Du har lång erfarenhet av storkök."
    )
    mapping = mapping_services.mapping_approve(
        actor=coach,
        participant=participant,
        approved_on=mapping.summary_written_on,
        expected_version=mapping.version,
    )
    url = reverse("mapping:summary_print", args=[participant.pk, mapping.pk])
    html = client_in.get(url).content.decode()
    _assert_signature_lines(html, ["Deltagare", "Handledare"])
    text = _text(_one(_doc(html), "main"))
    # One voice: the printout's own words speak to "du", never of "Deltagaren".
    assert "Deltagaren" not in text
    assert "Din handledares bedömning" in text
    assert "skriven till dig" in text
    # The approval in the system is a record, not a signature.
    note = _text(_one(_doc(html), ".record-note"))
    assert "ersätter inte underskriften" in note
    pdf = _pdf_text(
        client_in.get(reverse("mapping:summary_pdf", args=[participant.pk, mapping.pk]))
    )
    for label in SIGNATURE_LABELS:
        assert label in pdf


def test_the_demo_mapping_summary_is_written_to_the_participant():
    from demo import mapping as demo_mapping

    with open(demo_mapping.__file__, encoding="utf-8") as file:
        source = file.read()
    summary = source[source.index("mapping_summary_save(") : source.index("written_on=")]
    assert "Deltagaren" not in summary
    assert " hen " not in summary
    assert re.search(r"\bDu har\b", summary)


def test_individual_plan_print_has_lines_and_never_a_typed_name_as_signature(
    client_in, coach, participant
):
    plan = make_individual_plan(coach=coach, participant=participant, signed=True)
    url = reverse("matching:plan_print", args=[participant.pk, plan.pk])
    html = client_in.get(url).content.decode()
    labels = [s["label"] for s in plan.signatures()]
    _assert_signature_lines(html, [str(label) for label in labels])
    names = [s["name"] for s in plan.signatures()]
    for block in _blocks(html):
        for name in names:
            assert name not in _text(block)
    notes = " ".join(_text(n) for n in _select(_doc(html), ".record-note"))
    assert all(name in notes for name in names)
    assert "ersätter inte underskriften" in notes
    pdf = _pdf_text(client_in.get(reverse("matching:plan_pdf", args=[participant.pk, plan.pk])))
    assert pdf.count("Namnförtydligande") == 3


def test_development_plan_has_lines_for_participant_supervisor_and_coach(
    client_in, coach, participant
):
    placement = make_placement(coach=coach, participant=participant)
    follow_up = worktraining_services.follow_up_save(
        actor=coach, placement=placement, follow_up=None, data=follow_up_data()
    )
    args = [participant.pk, placement.pk, follow_up.pk]
    html = client_in.get(reverse("worktraining:development_plan", args=args)).content
    _assert_signature_lines(
        html.decode(), ["Deltagare", "Handledare på arbetsplatsen", "Arbetsmarknadshandläggare"]
    )
    pdf = _pdf_text(client_in.get(reverse("worktraining:development_plan_pdf", args=args)))
    assert pdf.count("Ort och datum") == 3


def test_competence_card_is_a_document_for_an_employer(client_in, coach, participant):
    placement = make_placement(coach=coach, participant=participant)
    ratings = dict.fromkeys(Competence.values, (4, ""))
    ratings["punctuality"] = (5, "Alltid i tid")
    ratings["initiative"] = (2, "")
    worktraining_services.competence_card_save(
        actor=coach,
        placement=placement,
        assessed_on=placement.started_on + datetime.timedelta(days=60),
        ratings=ratings,
        expected_version=None,
    )
    args = [participant.pk, placement.pk]
    html = client_in.get(reverse("worktraining:competence_card_print", args=args)).content.decode()
    soup = _doc(html)
    issuer = _text(_one(soup, ".issuer"))
    assert "Arbetsmarknadsenheten Osby" in issuer
    assert str(coach.organisation) in issuer
    assert "Hanna Ek" in issuer
    assert "hanna.ek@osby.example" in issuer
    assert placement.started_on.isoformat() in issuer  # the period
    trs = _select(soup, "table.competences tbody tr")
    rows = {_one(tr, "th").etree_element.text.strip(): _text(_one(tr, "td")) for tr in trs}
    assert rows["Punktlighet"] == "Mycket god 5 av 5"
    assert rows["Initiativförmåga"] == "Behöver utvecklas 2 av 5"
    assert rows["Noggrannhet"] == "God 4 av 5"
    # Each competence explained in plain words.
    meanings = [_text(_one(tr, "th .small")) for tr in trs]
    assert len(meanings) == 6
    assert all(len(m) > 20 for m in meanings)
    # The scale's words are on the card, and a line to sign.
    scale = _text(_one(soup, ".scale-words"))
    for word in ("1 = behöver utvecklas mycket", "3 = fungerar", "5 = mycket god"):
        assert word in scale
    _assert_signature_lines(html, ["För Arbetsmarknadsenheten Osby"])
    pdf = _pdf_text(client_in.get(reverse("worktraining:competence_card_pdf", args=args)))
    assert "hanna.ek@osby.example" in pdf
    assert "Mycket god" in pdf
    assert "Namnteckning" in pdf


def _cell_boxes(html: str):
    """The laid-out table cells of the blank plan in the PDF engine, in CSS pixels."""
    from weasyprint import HTML

    document = HTML(string=html).render()
    cells = []
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if (
                getattr(box, "element_tag", None) in ("td", "th")
                and type(box).__name__ == "TableCellBox"
            ):
                cells.append(box)
            stack.extend(getattr(box, "children", []))
    return cells


def test_blank_smail_plan_has_room_to_write_by_hand(client_in, coach):
    from django.template.loader import render_to_string

    from printouts.pdf import print_css

    version = InstrumentVersion.objects.get(instrument__code="smail", organisation__isnull=True)
    response = client_in.get(reverse("printouts:blank_plan", args=[version.pk]))
    assert response.status_code == 200
    html = render_to_string(
        "printouts/blank_plan.html",
        {
            "version": version,
            "areas": version.plan_areas.all(),
            "for_pdf": True,
            "print_css": print_css(),
        },
    )
    cells = [c for c in _cell_boxes(html) if c.element_tag == "td"]
    assert cells
    cm = 96 / 2.54
    # Sub-goal and activity: at least 4.5 cm wide and 2.8 cm tall, room for a few lines.
    widths = sorted({round(c.width / cm, 1) for c in cells})
    assert widths[-1] >= 4.5, widths
    assert sum(1 for c in cells if c.width >= 4.5 * cm) == 2 * version.plan_areas.count()
    assert min(c.height for c in cells) >= 2.8 * cm
