"""Tests for core.periods: reporting cycles as data, periods, working days."""
from __future__ import annotations

import ast
import pathlib
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import ValidationError
from core.periods import (
    CYCLES,
    DEFAULT_CYCLE,
    Cycle,
    Period,
    RuleSpec,
    cycle_from_phrase,
    get_cycle,
    is_working_day,
    next_period,
    period_containing,
    periods_between,
    previous_period,
    report_dates,
    shift_to_working_day,
)

D = date
SEMI = CYCLES["semi_monthly"]


def _d(s: str) -> date:
    dd, mm, yy = (int(x) for x in s.split("/"))
    return date(yy, mm, dd)


# --------------------------------------------------------------------------- examples

PERIOD_CASES = [
    # cycle, day, expected start, expected end
    ("semi_monthly", "01/03/2021", "01/03/2021", "15/03/2021"),
    ("semi_monthly", "15/03/2021", "01/03/2021", "15/03/2021"),
    ("semi_monthly", "16/03/2021", "16/03/2021", "30/03/2021"),
    ("semi_monthly", "30/03/2021", "16/03/2021", "30/03/2021"),
    ("semi_monthly", "31/03/2021", "31/03/2021", "15/04/2021"),  # 31-day month
    ("semi_monthly", "10/04/2021", "31/03/2021", "15/04/2021"),
    ("semi_monthly", "16/04/2021", "16/04/2021", "30/04/2021"),
    ("semi_monthly", "01/05/2021", "01/05/2021", "15/05/2021"),  # April has no 31st
    ("semi_monthly", "31/05/2021", "31/05/2021", "15/06/2021"),
    ("semi_monthly", "31/07/2021", "31/07/2021", "15/08/2021"),
    ("semi_monthly", "20/08/2021", "16/08/2021", "30/08/2021"),
    ("semi_monthly", "31/01/2021", "31/01/2021", "15/02/2021"),
    # February: 2021 and 2100 are not leap years, 2024 and 2000 are
    ("semi_monthly", "16/02/2021", "16/02/2021", "28/02/2021"),
    ("semi_monthly", "28/02/2021", "16/02/2021", "28/02/2021"),
    ("semi_monthly", "01/03/2021", "01/03/2021", "15/03/2021"),
    ("semi_monthly", "16/02/2024", "16/02/2024", "29/02/2024"),
    ("semi_monthly", "28/02/2024", "16/02/2024", "29/02/2024"),
    ("semi_monthly", "29/02/2024", "16/02/2024", "29/02/2024"),
    ("semi_monthly", "01/03/2024", "01/03/2024", "15/03/2024"),
    ("semi_monthly", "20/02/2100", "16/02/2100", "28/02/2100"),
    ("semi_monthly", "01/03/2100", "01/03/2100", "15/03/2100"),
    ("semi_monthly", "29/02/2000", "16/02/2000", "29/02/2000"),
    ("semi_monthly", "28/02/2000", "16/02/2000", "29/02/2000"),
    ("semi_monthly", "01/03/2000", "01/03/2000", "15/03/2000"),
    # year boundary: report dates 15/12 and 30/12, then 15/01
    ("semi_monthly", "30/12/2021", "16/12/2021", "30/12/2021"),
    ("semi_monthly", "31/12/2021", "31/12/2021", "15/01/2022"),
    ("semi_monthly", "01/01/2022", "31/12/2021", "15/01/2022"),
    # weekly: Saturday–Friday, across a year end
    ("weekly", "01/01/2022", "01/01/2022", "07/01/2022"),  # Saturday
    ("weekly", "31/12/2021", "25/12/2021", "31/12/2021"),  # Friday
    ("weekly", "29/12/2020", "26/12/2020", "01/01/2021"),  # week straddles the year
    ("weekly", "02/01/2021", "02/01/2021", "08/01/2021"),
    ("weekly@FR", "29/12/2020", "26/12/2020", "01/01/2021"),
    ("weekly@MO", "29/12/2020", "29/12/2020", "04/01/2021"),  # Tuesday–Monday
    ("weekly@mo", "28/12/2020", "22/12/2020", "28/12/2020"),
    # monthly: last day of month
    ("monthly", "15/02/2024", "01/02/2024", "29/02/2024"),
    ("monthly", "31/12/2021", "01/12/2021", "31/12/2021"),
    ("monthly", "01/01/2022", "01/01/2022", "31/01/2022"),
    ("monthly@31", "10/04/2021", "01/04/2021", "30/04/2021"),
    ("monthly@20", "21/12/2021", "21/12/2021", "20/01/2022"),
    ("monthly@20", "20/12/2021", "21/11/2021", "20/12/2021"),
    ("monthly@30", "10/03/2021", "01/03/2021", "30/03/2021"),  # Feb → last day
    ("monthly@30", "20/02/2021", "31/01/2021", "28/02/2021"),
    ("monthly@10,25", "26/05/2021", "26/05/2021", "10/06/2021"),
    # quarterly, semi-annual, annual
    ("quarterly", "01/01/2021", "01/01/2021", "31/03/2021"),
    ("quarterly", "31/03/2021", "01/01/2021", "31/03/2021"),
    ("quarterly", "01/04/2021", "01/04/2021", "30/06/2021"),
    ("quarterly", "15/08/2021", "01/07/2021", "30/09/2021"),
    ("quarterly", "31/12/2021", "01/10/2021", "31/12/2021"),
    ("semi_annual", "01/01/2022", "01/01/2022", "30/06/2022"),
    ("semi_annual", "30/06/2022", "01/01/2022", "30/06/2022"),
    ("semi_annual", "01/07/2022", "01/07/2022", "31/12/2022"),
    ("annual", "01/01/2022", "01/01/2022", "31/12/2022"),
    ("annual", "31/12/2022", "01/01/2022", "31/12/2022"),
    ("annual", "29/02/2024", "01/01/2024", "31/12/2024"),
]


@pytest.mark.parametrize("spec, day, start, end", PERIOD_CASES)
def test_period_containing_examples(spec, day, start, end):
    p = period_containing(get_cycle(spec), _d(day))
    assert (p.start, p.end) == (_d(start), _d(end))
    assert p.report_on == p.end  # no shift: the nominal date
    assert _d(day) in p


def test_semi_monthly_sequence_feb_to_april_2021():
    got = [p.label for p in periods_between(SEMI, D(2021, 2, 1), D(2021, 4, 20))]
    assert got == [
        "31/01–15/02/2021",
        "16/02–28/02/2021",
        "01/03–15/03/2021",
        "16/03–30/03/2021",
        "31/03–15/04/2021",
        "16/04–30/04/2021",
    ]


def test_periods_between_across_year_end():
    got = [p.label for p in periods_between(SEMI, D(2021, 12, 20), D(2022, 1, 16))]
    assert got == ["16/12–30/12/2021", "31/12/2021–15/01/2022", "16/01–30/01/2022"]


def test_periods_between_weekly_year_end():
    got = [p.label for p in periods_between(CYCLES["weekly"], D(2020, 12, 20), D(2021, 1, 9))]
    assert got == [
        "19/12–25/12/2020",
        "26/12/2020–01/01/2021",
        "02/01–08/01/2021",
        "09/01–15/01/2021",
    ]


def test_periods_between_empty_and_single():
    assert periods_between(SEMI, D(2021, 3, 10), D(2021, 3, 1)) == []
    assert periods_between(SEMI, D(2021, 3, 3), D(2021, 3, 3)) == [period_containing(SEMI, D(2021, 3, 3))]


@pytest.mark.parametrize(
    "spec, start, end, expected",
    [
        ("semi_monthly", D(2021, 2, 1), D(2021, 3, 31), [D(2021, 2, 15), D(2021, 2, 28), D(2021, 3, 15), D(2021, 3, 30)]),
        ("semi_monthly", D(2024, 2, 1), D(2024, 2, 29), [D(2024, 2, 15), D(2024, 2, 29)]),
        ("semi_monthly", D(2000, 2, 16), D(2000, 2, 29), [D(2000, 2, 29)]),
        ("semi_monthly", D(2100, 2, 16), D(2100, 3, 1), [D(2100, 2, 28)]),
        ("quarterly", D(2021, 1, 1), D(2021, 12, 31), [D(2021, 3, 31), D(2021, 6, 30), D(2021, 9, 30), D(2021, 12, 31)]),
        ("semi_annual", D(2021, 1, 1), D(2022, 12, 31), [D(2021, 6, 30), D(2021, 12, 31), D(2022, 6, 30), D(2022, 12, 31)]),
        ("annual", D(2020, 6, 1), D(2022, 6, 1), [D(2020, 12, 31), D(2021, 12, 31)]),
        ("weekly", D(2021, 8, 1), D(2021, 8, 14), [D(2021, 8, 6), D(2021, 8, 13)]),
        ("monthly", D(2021, 1, 1), D(2021, 3, 31), [D(2021, 1, 31), D(2021, 2, 28), D(2021, 3, 31)]),
        ("semi_monthly", D(2021, 3, 16), D(2021, 3, 29), []),
    ],
)
def test_report_dates(spec, start, end, expected):
    assert report_dates(get_cycle(spec), start, end) == expected


def test_label_format():
    assert Period(D(2021, 8, 16), D(2021, 8, 30), D(2021, 8, 30)).label == "16/08–30/08/2021"
    assert Period(D(2021, 12, 31), D(2022, 1, 15), D(2022, 1, 14)).label == "31/12/2021–15/01/2022"


def test_contains():
    p = Period(D(2021, 3, 16), D(2021, 3, 30), D(2021, 3, 30))
    assert D(2021, 3, 16) in p and D(2021, 3, 30) in p
    assert D(2021, 3, 15) not in p and D(2021, 3, 31) not in p
    assert "16/03/2021" not in p


def test_next_and_previous_examples():
    p = period_containing(SEMI, D(2021, 2, 20))
    assert (p.start, p.end) == (D(2021, 2, 16), D(2021, 2, 28))
    n = next_period(SEMI, p)
    assert (n.start, n.end) == (D(2021, 3, 1), D(2021, 3, 15))
    assert previous_period(SEMI, n) == p
    q = previous_period(SEMI, p)
    assert (q.start, q.end) == (D(2021, 1, 31), D(2021, 2, 15))


# --------------------------------------------------------------------------- cycles & specs


def test_presets():
    assert set(CYCLES) == {"semi_monthly", "weekly", "monthly", "quarterly", "semi_annual", "annual"}
    assert DEFAULT_CYCLE == "semi_monthly"
    assert CYCLES["semi_monthly"].name == "Định kỳ ngày 15 và 30 hàng tháng"
    assert CYCLES["weekly"].name == "Hàng tuần"
    assert CYCLES["monthly"].name == "Hàng tháng"
    assert CYCLES["quarterly"].name == "Hàng quý"
    assert CYCLES["semi_annual"].name == "6 tháng"
    assert CYCLES["annual"].name == "Hàng năm"
    for code, c in CYCLES.items():
        assert c.code == code
        assert c.rules and all(isinstance(r, RuleSpec) for r in c.rules)


@pytest.mark.parametrize(
    "spec, code",
    [
        (None, "semi_monthly"),
        ("", "semi_monthly"),
        ("  ", "semi_monthly"),
        ("semi_monthly", "semi_monthly"),
        ("Weekly", "weekly"),
        ("weekly@FR", "weekly"),  # the default parameter is the preset itself
        ("weekly@fr", "weekly"),
        ("weekly@MO", "weekly@MO"),
        ("monthly@31", "monthly"),
        ("monthly@20", "monthly@20"),
        ("monthly@15,30", "semi_monthly"),
        ("monthly@25,10", "monthly@10,25"),
        ("quarterly", "quarterly"),
        ("semi_annual", "semi_annual"),
        ("annual", "annual"),
    ],
)
def test_get_cycle(spec, code):
    assert get_cycle(spec).code == code


def test_get_cycle_passes_cycle_through():
    assert get_cycle(SEMI) is SEMI


@pytest.mark.parametrize(
    "spec",
    ["fortnightly", "weekly@XX", "weekly@", "monthly@0", "monthly@32", "monthly@abc", "quarterly@3", "@FR"],
)
def test_get_cycle_unknown(spec):
    with pytest.raises(ValidationError) as exc:
        get_cycle(spec)
    msg = str(exc.value)
    assert spec in msg
    assert "chu kỳ" in msg.lower()


def test_rulespec_validation():
    with pytest.raises(ValidationError):
        RuleSpec("DAILY")
    with pytest.raises(ValidationError):
        RuleSpec("MONTHLY", bymonthday=(0,))
    with pytest.raises(ValidationError):
        RuleSpec("WEEKLY", byweekday=("XX",))
    with pytest.raises(ValidationError):
        RuleSpec("WEEKLY", interval=0)


def test_rule_without_report_dates_is_refused():
    with pytest.raises(ValidationError):
        RuleSpec("YEARLY", bymonth=(2,), bymonthday=(30,))
    with pytest.raises(ValidationError):
        RuleSpec("YEARLY", bymonth=(4, 6), bymonthday=(31, -31))
    RuleSpec("YEARLY", bymonth=(2,), bymonthday=(29,))  # leap years only: allowed
    leap = Cycle("leap", "29/02", (RuleSpec("YEARLY", bymonth=(2,), bymonthday=(29,)),))
    p = period_containing(leap, D(2021, 6, 1))
    assert (p.start, p.end) == (D(2020, 3, 1), D(2024, 2, 29))


def test_interval_rule_is_phase_stable():
    """A fortnightly rule counts from a fixed anchor, whatever the query window."""
    fortnight = Cycle("x", "Hai tuần một lần", (RuleSpec("WEEKLY", interval=2, byweekday=("FR",)),))
    dates = report_dates(fortnight, D(1995, 1, 1), D(1995, 3, 1))
    assert all((b - a).days == 14 for a, b in zip(dates, dates[1:]))
    for d in (D(1995, 1, 14), D(1995, 2, 2), D(2050, 7, 7)):
        p = period_containing(fortnight, d)
        assert p.days == 14 and d in p
        assert report_dates(fortnight, p.start, p.end) == [p.end]
    assert set(report_dates(fortnight, D(1995, 1, 10), D(1995, 3, 1))) <= set(dates)


# --------------------------------------------------------------------------- phrases

PHRASES = [
    ("định kỳ ngày 15 và 30 hàng tháng báo cáo kết quả về UBND tỉnh", "semi_monthly"),
    ("Định kỳ ngày 15 và ngày 30 hằng tháng", "semi_monthly"),
    ("DINH KY NGAY 15 VA 30 HANG THANG", "semi_monthly"),
    ("định kỳ hàng tuần báo cáo cho Ban Chỉ đạo phòng, chống COVID-19 tỉnh", "weekly"),
    ("báo cáo hằng tuần", "weekly"),
    ("Định Kỳ Hàng Tuần", "weekly"),
    ("định kỳ hàng tháng báo cáo", "monthly"),
    ("báo cáo hằng tháng về Sở", "monthly"),
    ("báo cáo hàng quý", "quarterly"),
    ("định kỳ hằng quý", "quarterly"),
    ("báo cáo 6 tháng và hàng năm", "semi_annual"),
    ("sơ kết sáu tháng", "semi_annual"),
    ("báo cáo hàng năm", "annual"),
    ("tổng kết hằng năm", "annual"),
    ("báo cáo trước ngày 20 hàng tháng", "monthly@20"),
    ("vào thứ Năm hàng tuần", "weekly@TH"),
    ("vào thứ sáu hằng tuần", "weekly"),
]


@pytest.mark.parametrize("phrase, code", PHRASES)
def test_cycle_from_phrase(phrase, code):
    c = cycle_from_phrase(phrase)
    assert c is not None and c.code == code


@pytest.mark.parametrize(
    "phrase",
    [None, "", "Giao Sở Y tế chủ trì, tham mưu UBND tỉnh", "hoàn thành trước ngày 30/6/2021", "báo cáo trong tháng 6"],
)
def test_cycle_from_phrase_none(phrase):
    assert cycle_from_phrase(phrase) is None


# --------------------------------------------------------------------------- working days & shift


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2022, 4, 29), True),  # Friday
        (D(2022, 4, 30), False),  # Saturday + Liberation Day
        (D(2022, 5, 2), False),  # compensatory day off
        (D(2022, 5, 3), False),
        (D(2022, 5, 4), True),
        (D(2022, 1, 31), False),  # Tết 2022
        (D(2022, 2, 4), False),
        (D(2022, 2, 7), True),
        (D(2022, 4, 11), False),  # Giỗ Tổ (10/04 Sunday) observed
        (D(2022, 9, 2), False),
        (D(2021, 3, 15), True),
        (D(2021, 3, 13), False),  # Saturday
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    "day, direction, expected",
    [
        (D(2022, 4, 30), "before", D(2022, 4, 29)),
        (D(2022, 4, 30), "after", D(2022, 5, 4)),
        (D(2022, 5, 1), "before", D(2022, 4, 29)),
        (D(2022, 1, 30), "before", D(2022, 1, 28)),
        (D(2022, 1, 30), "after", D(2022, 2, 7)),  # across the whole of Tết 2022
        (D(2022, 2, 2), "before", D(2022, 1, 28)),
        (D(2022, 2, 2), "after", D(2022, 2, 7)),
        (D(2021, 3, 15), "before", D(2021, 3, 15)),  # already a working day
        (D(2021, 3, 15), "after", D(2021, 3, 15)),
    ],
)
def test_shift_to_working_day(day, direction, expected):
    assert shift_to_working_day(day, direction) == expected


def test_shift_bad_direction():
    with pytest.raises(ValidationError):
        shift_to_working_day(D(2022, 4, 30), "sideways")


def test_shift_moves_only_report_on():
    p = period_containing(SEMI, D(2022, 4, 20), shift="before")
    assert (p.start, p.end, p.report_on) == (D(2022, 4, 16), D(2022, 4, 30), D(2022, 4, 29))
    assert p.label == "16/04–30/04/2022"
    p = period_containing(SEMI, D(2022, 1, 20), shift="after")
    assert (p.start, p.end, p.report_on) == (D(2022, 1, 16), D(2022, 1, 30), D(2022, 2, 7))
    ps = periods_between(SEMI, D(2022, 1, 1), D(2022, 2, 28), shift="before")
    assert [p.report_on for p in ps] == [D(2022, 1, 14), D(2022, 1, 28), D(2022, 2, 15), D(2022, 2, 28)]
    assert next_period(SEMI, ps[0], shift="before") == ps[1]
    assert previous_period(SEMI, ps[1], shift="before") == ps[0]


# --------------------------------------------------------------------------- structure


def test_core_periods_imports_no_ui():
    src = pathlib.Path(__file__).resolve().parents[1] / "core" / "periods.py"
    tree = ast.parse(src.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    assert not names & {"textual", "rich"}


# --------------------------------------------------------------------------- properties

ALL_CYCLES = list(CYCLES.values()) + [get_cycle("weekly@MO"), get_cycle("monthly@20"), get_cycle("monthly@29")]
cycles = st.sampled_from(ALL_CYCLES)
days = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
shifts = st.sampled_from(["before", "after"])
PROP = settings(max_examples=200, deadline=None)


@PROP
@given(cycles, days)
def test_prop_day_in_its_period(cycle, d):
    p = period_containing(cycle, d)
    assert d in p
    assert p.start <= p.end == p.report_on


@PROP
@given(cycles, days)
def test_prop_periods_tile(cycle, d):
    p = period_containing(cycle, d)
    n = next_period(cycle, p)
    assert n.start == p.end + timedelta(days=1)
    assert previous_period(cycle, n) == p
    q = previous_period(cycle, p)
    assert q.end + timedelta(days=1) == p.start
    assert next_period(cycle, q) == p


@PROP
@given(cycles, days)
def test_prop_end_is_report_date_and_only_one(cycle, d):
    p = period_containing(cycle, d)
    assert report_dates(cycle, p.start, p.end) == [p.end]


@PROP
@given(cycles, days, st.integers(min_value=0, max_value=400))
def test_prop_periods_between_cover(cycle, start, span):
    end = start + timedelta(days=span)
    ps = periods_between(cycle, start, end)
    assert ps
    assert ps[0].start <= start <= ps[0].end
    assert ps[-1].start <= end <= ps[-1].end
    for a, b in zip(ps, ps[1:]):
        assert b.start == a.end + timedelta(days=1)
    assert [p.end for p in ps[:-1]] == report_dates(cycle, ps[0].end, ps[-1].end)[:-1]
    assert ps == [period_containing(cycle, p.start) for p in ps]


@PROP
@given(cycles, days, shifts)
def test_prop_shift_report_on_is_working_day(cycle, d, shift):
    p = period_containing(cycle, d, shift=shift)
    nominal = period_containing(cycle, d)
    assert (p.start, p.end) == (nominal.start, nominal.end)
    assert is_working_day(p.report_on)
    assert abs((p.report_on - p.end).days) <= 10
    if shift == "before":
        assert p.report_on <= p.end
    else:
        assert p.report_on >= p.end
