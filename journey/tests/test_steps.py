"""The step apps register their steps with the journey (ADR 0019)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from employment import selectors as employment_selectors
from intake import selectors as intake_selectors
from journey import steps
from mapping import selectors as mapping_selectors
from matching import selectors as matching_selectors
from referrals import selectors as referral_selectors
from worktraining import selectors as worktraining_selectors


def test_every_step_app_registers_its_steps_in_the_handbooks_order():
    assert steps.step_sources() == [
        referral_selectors.journey_steps,
        intake_selectors.journey_steps,
        mapping_selectors.journey_steps,
        matching_selectors.journey_steps,
        worktraining_selectors.journey_steps,
        employment_selectors.journey_steps,
    ]
    assert steps.period_sources() == [("employment", employment_selectors.employment_periods)]


def test_an_app_outside_the_handbooks_order_cannot_register():
    with pytest.raises(ImproperlyConfigured, match="groupactivities"):
        steps.register("groupactivities", steps=lambda *, participant: [])


def test_a_step_app_that_did_not_register_is_an_error_not_a_missing_step(monkeypatch):
    registered = {k: v for k, v in steps._steps.items() if k != "mapping"}
    monkeypatch.setattr(steps, "_steps", registered)
    with pytest.raises(ImproperlyConfigured, match="mapping"):
        steps.step_sources()
