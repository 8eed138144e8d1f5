import datetime

import pytest
from django.core.exceptions import ValidationError

from participants.pin import is_coordination_number, mask_pin, normalise_pin

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("19811228-9874", "198112289874"),
        ("811228-9874", "198112289874"),
        ("8112289874", "198112289874"),
        ("198112289874", "198112289874"),
        (" 811228 - 9874 ", "198112289874"),
        ("121212+1212", "191212121212"),  # plus: 100 years or older
        ("121212-1212", "201212121212"),
    ],
)
def test_valid_numbers_are_normalised_to_twelve_digits(raw, expected):
    assert normalise_pin(raw, today=TODAY) == expected


def test_coordination_number_has_sixty_added_to_the_day():
    # 1981-12-28 as a coordination number: day 28 + 60 = 88, check digit computed by Luhn.
    pin = normalise_pin("811288-9863", today=TODAY)
    assert pin == "198112889863"
    assert is_coordination_number(pin)
    assert not is_coordination_number("198112289874")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("19811228-9875", "checksum"),
        ("811328-9874", "date"),  # month 13
        ("810230-1234", "date"),  # 30 February
        ("hello", "format"),
        ("1981122-9874", "format"),
        ("19811228+9874", "format"),
        ("20301228-9874", "date"),  # in the future
    ],
)
def test_invalid_numbers_are_rejected_with_a_reason(raw, code):
    with pytest.raises(ValidationError) as error:
        normalise_pin(raw, today=TODAY)
    assert error.value.code == code


def test_masking_hides_the_last_four_digits():
    assert mask_pin("198112289874") == "19811228-****"
    assert mask_pin("") == ""
