"""Rows for core/tests/test_authorization.py: work training's URLs against every role."""

import datetime

from worktraining import services
from worktraining.models import Competence

from .factories import follow_up_data, make_placement, save_schedule

# fmt: off
MATRIX = {
    #                                              coach manager admin analyst outsider anonymous
    "worktraining:due":                            (200,  200,    403,  403,    200,     "login"),
    "worktraining:placement":                      (200,  200,    403,  403,    404,     "login"),
    "worktraining:placement_create":               (200,  200,    403,  403,    404,     "login"),
    "worktraining:placement_edit":                 (200,  200,    403,  403,    404,     "login"),
    "worktraining:placement_end":                  (200,  200,    403,  403,    404,     "login"),
    "worktraining:schedule":                       (200,  200,    403,  403,    404,     "login"),
    "worktraining:adaptation_create":              (200,  200,    403,  403,    404,     "login"),
    "worktraining:adaptation_edit":                (200,  200,    403,  403,    404,     "login"),
    "worktraining:follow_up_create":               (200,  200,    403,  403,    404,     "login"),
    "worktraining:follow_up_edit":                 (200,  200,    403,  403,    404,     "login"),
    "worktraining:development_plan":               (200,  200,    403,  403,    404,     "login"),
    "worktraining:development_plan_pdf":           (200,  200,    403,  403,    404,     "login"),
    "worktraining:final_documentation":            (200,  200,    403,  403,    404,     "login"),
    "worktraining:final_documentation_print":      (200,  200,    403,  403,    404,     "login"),
    "worktraining:final_documentation_pdf":        (200,  200,    403,  403,    404,     "login"),
    "worktraining:competence_card":                (200,  200,    403,  403,    404,     "login"),
    "worktraining:competence_card_print":          (200,  200,    403,  403,    404,     "login"),
    "worktraining:competence_card_pdf":            (200,  200,    403,  403,    404,     "login"),
    "worktraining:three_party_meeting":            (200,  200,    403,  403,    404,     "login"),
}
# fmt: on

_CONVERTERS = {"placement_id", "followup_id", "adaptation_id"}


def _records(actors) -> dict:
    """An ongoing placement with everything on it, made once per test."""
    if "worktraining" not in actors:
        coach, participant = actors["coach"], actors["participant"]
        placement = make_placement(coach=coach, participant=participant)
        save_schedule(coach=coach, placement=placement, hours=[(10, 9), (20, 20)])
        adaptation = services.adaptation_save(
            actor=coach,
            placement=placement,
            adaptation=None,
            data={"what": "Inga tunga lyft", "why": "Ryggbesvär", "effect": ""},
        )
        follow_up = services.follow_up_save(
            actor=coach, placement=placement, follow_up=None, data=follow_up_data()
        )
        services.final_documentation_save(
            actor=coach,
            placement=placement,
            data={
                "written_on": datetime.date(2026, 3, 1),
                "summary": "Redo för anställning.",
                **dict.fromkeys(services.FINAL_DOCUMENTATION_FIELDS[1:-1], ""),
            },
            expected_version=None,
        )
        services.competence_card_save(
            actor=coach,
            placement=placement,
            assessed_on=datetime.date(2026, 3, 1),
            ratings=dict.fromkeys(Competence.values, (4, "")),
            expected_version=None,
        )
        actors["worktraining"] = {
            "placement_id": placement.pk,
            "followup_id": follow_up.pk,
            "adaptation_id": adaptation.pk,
        }
    return actors["worktraining"]


def url_kwargs(actors, converters) -> dict:
    if not _CONVERTERS & set(converters):
        return {}
    return {key: value for key, value in _records(actors).items() if key in converters}
