"""The demo's working-day calendar: Finnish public holidays, weekends and working hours."""

import datetime

import pytest

from portal.demo.calendar import (
    demo_date,
    demo_time,
    easter_sunday,
    is_working_day,
    public_holidays,
    working_day,
)

date = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5))],
)
def test_easter_sunday_is_the_western_easter(year, easter):
    assert easter_sunday(year) == easter


def test_public_holidays_of_2026_are_finlands():
    assert public_holidays(2026) == {
        date(2026, 1, 1),  # New Year's Day
        date(2026, 1, 6),  # Epiphany
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),  # May Day
        date(2026, 5, 14),  # Ascension Day
        date(2026, 6, 19),  # Midsummer Eve
        date(2026, 6, 20),  # Midsummer Day
        date(2026, 10, 31),  # All Saints' Day
        date(2026, 12, 6),  # Independence Day
        date(2026, 12, 24),  # Christmas Eve
        date(2026, 12, 25),  # Christmas Day
        date(2026, 12, 26),  # Boxing Day
    }


def test_all_saints_day_is_the_saturday_from_31_october_to_6_november():
    assert date(2025, 11, 1) in public_holidays(2025)
    assert date(2027, 11, 6) in public_holidays(2027)


def test_weekends_and_holidays_are_not_working_days():
    assert is_working_day(date(2026, 12, 4))  # a Friday
    assert not is_working_day(date(2026, 12, 5))  # a Saturday
    assert not is_working_day(date(2027, 12, 6))  # Independence Day, a Monday
    assert not is_working_day(date(2026, 12, 24))  # Christmas Eve, a Thursday
    assert not is_working_day(date(2027, 1, 6))  # Epiphany, a Wednesday


def test_working_day_counts_working_days_forward_past_christmas_and_new_year():
    assert working_day(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert working_day(date(2026, 12, 23), 3) == date(2026, 12, 30)
    assert working_day(date(2026, 12, 30), 2) == date(2027, 1, 4)


def test_working_day_counts_backward_when_the_offset_is_negative():
    assert working_day(date(2026, 4, 7), -1) == date(2026, 4, 2)  # over Easter
    assert working_day(date(2026, 12, 7), -1) == date(2026, 12, 4)


def test_working_day_zero_is_the_day_itself_or_the_next_working_day():
    assert working_day(date(2026, 12, 4), 0) == date(2026, 12, 4)
    assert working_day(date(2026, 12, 5), 0) == date(2026, 12, 7)
    assert working_day(date(2026, 12, 24), 0) == date(2026, 12, 28)


def test_every_offset_from_any_day_of_a_year_is_a_working_day():
    start = date(2026, 1, 1)
    for day in (start + datetime.timedelta(days=n) for n in range(366)):
        for offset in (-30, -1, 0, 1, 30):
            assert is_working_day(working_day(day, offset)), (day, offset)


def test_demo_date_and_time_read_the_data_files_notation():
    today = date(2026, 12, 4)  # a Friday
    assert demo_date({"working_days": 1}, today=today) == date(2026, 12, 7)
    moment = demo_time({"working_days": -1, "time": "13:00"}, today=today)
    assert moment.isoformat() == "2026-12-03T13:00:00+02:00"


@pytest.mark.parametrize(
    "spec",
    [
        {"working_days": 1, "time": "08:30"},
        {"working_days": 1, "time": "15:00", "minutes": 90},
        {"working_days": 1, "time": "17:00"},
    ],
)
def test_demo_time_refuses_times_outside_working_hours(spec):
    with pytest.raises(ValueError, match="working hours"):
        demo_time(spec, today=date(2026, 12, 4))


def test_demo_time_asks_for_quotes_when_yaml_read_the_time_as_a_number():
    with pytest.raises(ValueError, match="quotes"):
        demo_time({"working_days": 1, "time": 780}, today=date(2026, 12, 4))
