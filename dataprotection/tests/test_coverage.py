"""Every table that holds a participant's data is in the register extract.

The walk follows foreign keys (and one-to-one keys) from every installed model; a model
from which a chain of them reaches ``participants.Participant`` holds participant data.
A new such model that is not in ``dataprotection.registry.SECTIONS`` fails the test.
"""

import pytest
from django.apps import apps

from dataprotection.registry import NOT_IN_EXTRACT, SECTIONS, field_label, section_fields
from dataprotection.selectors import REFERENCES
from participants.models import Participant

SECTION_MODELS = {section.model for section in SECTIONS}


def _reaches_participant(model, seen=frozenset()) -> bool:
    if model is Participant:
        return True
    for field in model._meta.get_fields():
        if not (field.concrete and field.is_relation and (field.many_to_one or field.one_to_one)):
            continue
        target = field.related_model
        if target in seen or target is model:
            continue
        if _reaches_participant(target, seen | {model}):
            return True
    return False


def _models_with_participant_data() -> list:
    return [
        model for model in apps.get_models(include_auto_created=True) if _reaches_participant(model)
    ]


def test_the_walk_finds_direct_and_chained_keys():
    found = set(_models_with_participant_data())
    from assessments.models import Answer, Assessment
    from worktraining.models import CompetenceRating

    assert {Participant, Assessment, Answer, CompetenceRating} <= found


def _uncovered(section_models) -> list[str]:
    missing = []
    for model in _models_with_participant_data():
        if model in section_models or model._meta.label in NOT_IN_EXTRACT:
            continue
        if model._meta.auto_created:
            # A many-to-many table: covered when the model that declares the field is a
            # section, which lists the related ids in its rows.
            owner = next(
                m
                for m in apps.get_models()
                for m2m in m._meta.many_to_many
                if m2m.remote_field.through is model
            )
            if owner in section_models:
                continue
        missing.append(model._meta.label)
    return sorted(missing)


def test_every_model_with_participant_data_is_in_the_extract():
    missing = _uncovered(SECTION_MODELS)
    assert not missing, (
        "These models hold participant data but are not in the register extract; add a "
        f"Section to dataprotection/registry.py: {missing}"
    )


def test_a_model_left_out_of_the_registry_is_found():
    from assessments.models import Answer
    from plans.models import PlanRow

    assert _uncovered(SECTION_MODELS - {Answer}) == ["assessments.Answer"]
    # Without the plan rows, their many-to-many table of activities is uncovered too.
    assert _uncovered(SECTION_MODELS - {PlanRow}) == ["plans.PlanRow", "plans.PlanRow_activities"]


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
def test_each_section_path_leads_to_the_participant(section):
    path = section.path.split("__")
    model = section.model
    if path == ["pk"]:
        assert model is Participant
        return
    for name in path:
        model = model._meta.get_field(name).related_model
    assert model is Participant


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
def test_every_column_has_a_swedish_label_and_every_reference_a_name(section):
    section_models = {s.model_label for s in SECTIONS}
    for field in section_fields(section):
        assert field_label(section, field), f"{section.key}.{field.name} has no label"
        if field.is_relation:
            target = field.related_model._meta.label
            assert target in section_models or target in REFERENCES, (
                f"{section.key}.{field.name} refers to {target}: add it to REFERENCES"
            )


def test_section_keys_are_unique_and_secrets_stay_out():
    keys = [s.key for s in SECTIONS]
    assert len(keys) == len(set(keys))
    invitation = next(s for s in SECTIONS if s.key == "self_rating_invitations")
    assert "token_hash" not in {f.name for f in section_fields(invitation)}
    access_log = next(s for s in SECTIONS if s.key == "access_log")
    assert "ip_address" not in {f.name for f in section_fields(access_log)}
