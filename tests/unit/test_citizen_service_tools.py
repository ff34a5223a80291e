import datetime

import pytest
from conftest import load_addon_module

phone = load_addon_module("citizen_service", "tools/phone.py")
workdays = load_addon_module("citizen_service", "tools/workdays.py")


@pytest.mark.parametrize(
    "raw",
    ["477 123 4567", "(477) 123-4567", "4771234567", "+52 477 123 4567", "0052 477 123 4567"],
)
def test_normalize_mexican_numbers(raw):
    assert phone.normalize_phone(raw) == "+524771234567"


def test_normalize_foreign_number():
    assert phone.normalize_phone("+34 954 59 00 10") == "+34954590010"


@pytest.mark.parametrize("raw", ["", "12", "abc", "477 123", None])
def test_invalid_numbers_raise(raw):
    with pytest.raises(ValueError):
        phone.normalize_phone(raw)


def test_phone_candidates_never_raise():
    assert phone.phone_candidates("nope") == []
    assert phone.phone_candidates("477-123-4567") == ["+524771234567"]


def test_business_days_skip_weekend():
    friday = datetime.date(2026, 11, 6)
    assert workdays.add_business_days(friday, 1) == datetime.date(2026, 11, 9)
    assert workdays.add_business_days(friday, 5) == datetime.date(2026, 11, 13)


def test_business_days_skip_holidays():
    friday = datetime.date(2026, 11, 13)
    revolution_day = datetime.date(2026, 11, 16)
    assert workdays.add_business_days(friday, 1, holidays={revolution_day}) == datetime.date(
        2026, 11, 17
    )


def test_zero_days_is_same_day_and_negative_refused():
    day = datetime.date(2026, 1, 2)
    assert workdays.add_business_days(day, 0) == day
    with pytest.raises(ValueError):
        workdays.add_business_days(day, -1)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("+524771234567", "477 123 4567"),
        ("477-215-63-00, 477-215-63-01", "477 215 6300, 477 215 6301"),
        ("4772156300; +52 55 1234 5678", "477 215 6300, 55 1234 5678"),
        ("072", "072"),
        ("", ""),
        (None, ""),
    ],
)
def test_format_national(raw, expected):
    assert phone.format_national(raw) == expected


def test_curp_inappropriate_words_get_an_x():
    curp = load_addon_module("citizen_service", "tools/curp.py")
    assert curp.name_word("caca") == "CXCA"
    assert curp.name_word("GOMC") == "GOMC"
    first = curp.name_word("CACA") + "220427HGTHSLA"
    assert curp.is_valid(first + curp.check_digit(first))
    assert not curp.is_valid("CACA220427HGTHSLA" + curp.check_digit("CACA220427HGTHSLA"))
