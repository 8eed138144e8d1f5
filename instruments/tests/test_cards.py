"""The shipped cards hold every question of their source documents with its texts."""

import re
from pathlib import Path

import pytest

from instruments.loader import read_card
from instruments.models import InstrumentVersion

pytestmark = pytest.mark.django_db

SOURCES = Path(__file__).resolve().parent / "sources"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _source(name: str) -> str:
    return _norm((SOURCES / name).read_text(encoding="utf-8"))


def test_smail_has_seven_indicators_six_scale_questions_and_job_search():
    version = InstrumentVersion.objects.get(instrument__code="smail", number=1)
    assert version.is_published
    assert version.organisation is None
    assert version.indicators.count() == 7
    kinds = list(version.questions.order_by("number").values_list("kind", flat=True))
    assert kinds == ["scale"] * 6 + ["multi_choice"]
    scale = version.questions.filter(kind="scale").order_by("number")
    assert [q.indicator.number for q in scale] == [1, 2, 3, 4, 5, 6]
    # The seed has no level descriptions for SMAIL: none may be invented.
    assert all(q.levels == {} for q in scale)


def test_bip_has_eleven_indicators_nine_questions_with_four_levels_each():
    version = InstrumentVersion.objects.get(instrument__code="bip", number=1)
    assert version.indicators.count() == 11
    scale = list(version.questions.filter(kind="scale"))
    assert len(scale) == 9
    for question in scale:
        assert set(question.levels) == {"1", "2", "4", "5"}, question.code
        assert question.theme is not None
    multi = version.questions.get(kind="multi_choice")
    assert len(multi.options) == 9
    assert len(multi.exclusive_codes()) == 2
    salary = version.questions.get(kind="salary")
    assert len(salary.alternatives) == 2
    assert version.themes.count() == 6
    assert all(theme.help_questions for theme in version.themes.all())


@pytest.mark.parametrize(
    ("name", "source"),
    [("smail.json", "smail_handledarmanual.txt"), ("bip.json", "bip_progressionskort.txt")],
)
def test_every_swedish_question_text_is_the_source_text(name, source):
    data = read_card(name)
    text = _source(source)
    missing = []
    for question in data["questions"]:
        if question["kind"] == "salary":
            continue
        if _norm(question["text"]["sv"]).split("?")[0] not in text:
            missing.append(question["text"]["sv"])
        for level in question.get("levels", {}).values():
            if _norm(level["sv"]) not in text:
                missing.append(level["sv"])
        for option in question.get("options", []) if name == "bip.json" else []:
            if _norm(option["text"]["sv"]) not in text:
                missing.append(option["text"]["sv"])
    assert not missing


@pytest.mark.parametrize("name", ["smail.json", "bip.json"])
def test_every_text_has_an_english_translation_marked_as_such(name):
    data = read_card(name)
    assert data["translations"]["en"]["is_translation"] is True

    def walk(node):
        if isinstance(node, dict):
            if "sv" in node and isinstance(node["sv"], str):
                assert node.get("en"), node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
