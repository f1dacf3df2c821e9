"""Reporting periods: cycles as data (dateutil rrules) and pure functions over them.

A cycle is a set of report dates, the union of one or more rrules. A period runs from the
day after the previous report date to its report date, inclusive. Every computation below
is one generic algorithm over the rules; no cycle has its own code path.

    >>> p = period_containing(get_cycle("semi_monthly"), date(2021, 3, 31))
    >>> p.label
    '31/03–15/04/2021'
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil import rrule as _rr
from dateutil.relativedelta import relativedelta

from core.errors import ValidationError

__all__ = [
    "RuleSpec",
    "Cycle",
    "Period",
    "CYCLES",
    "DEFAULT_CYCLE",
    "WEEKDAYS",
    "get_cycle",
    "cycle_from_phrase",
    "report_dates",
    "period_containing",
    "period_bounds",
    "periods_between",
    "previous_period",
    "next_period",
    "is_working_day",
    "shift_to_working_day",
]

_FREQS = {"YEARLY": _rr.YEARLY, "MONTHLY": _rr.MONTHLY, "WEEKLY": _rr.WEEKLY}
_WEEKDAY_OBJS = {
    "MO": _rr.MO, "TU": _rr.TU, "WE": _rr.WE, "TH": _rr.TH,
    "FR": _rr.FR, "SA": _rr.SA, "SU": _rr.SU,
}
#: Weekday codes and their Vietnamese names.
WEEKDAYS: dict[str, str] = {
    "MO": "Thứ Hai", "TU": "Thứ Ba", "WE": "Thứ Tư", "TH": "Thứ Năm",
    "FR": "Thứ Sáu", "SA": "Thứ Bảy", "SU": "Chủ nhật",
}
# Rules with interval > 1 count their steps from this fixed anchor, so results never depend
# on the search window. Rules with interval 1 start at the search window.
_ANCHOR = datetime(2000, 1, 1)
# Bounded search for the neighbouring report date: windows of 40, 80, ... days, up to ~45 years.
_SEARCH_STEPS = 10
_FIRST_WINDOW = 40
_MAX_DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


@dataclass(frozen=True)
class RuleSpec:
    """One dateutil rrule, as data."""

    freq: str  # "YEARLY" | "MONTHLY" | "WEEKLY"
    interval: int = 1
    bymonth: tuple[int, ...] = ()
    bymonthday: tuple[int, ...] = ()  # negative = from the end (-1 = last day)
    byweekday: tuple[str, ...] = ()  # "MO".."SU"

    def __post_init__(self) -> None:
        if self.freq not in _FREQS:
            raise ValidationError(f"Tần suất chu kỳ «{self.freq}» không hợp lệ (YEARLY, MONTHLY, WEEKLY).")
        if self.interval < 1:
            raise ValidationError(f"Bước lặp của chu kỳ phải từ 1 trở lên, không phải {self.interval}.")
        for m in self.bymonth:
            if not 1 <= m <= 12:
                raise ValidationError(f"Tháng «{m}» không hợp lệ trong chu kỳ.")
        for md in self.bymonthday:
            if md == 0 or not -31 <= md <= 31:
                raise ValidationError(f"Ngày trong tháng «{md}» không hợp lệ trong chu kỳ.")
        for wd in self.byweekday:
            if wd not in _WEEKDAY_OBJS:
                raise ValidationError(f"Thứ «{wd}» không hợp lệ (MO, TU, WE, TH, FR, SA, SU).")
        months = self.bymonth or tuple(range(1, 13))
        if self.bymonthday and not any(abs(md) <= _MAX_DAYS[m] for m in months for md in self.bymonthday):
            # dateutil would scan to year 9999 looking for such a date; refuse it up front.
            raise ValidationError("Chu kỳ không bao giờ có ngày báo cáo (ngày không tồn tại trong các tháng đã chọn).")

    def to_rrule(self, window_start: datetime) -> _rr.rrule:
        kwargs: dict = {"interval": self.interval}
        if self.bymonth:
            kwargs["bymonth"] = self.bymonth
        if self.bymonthday:
            kwargs["bymonthday"] = self.bymonthday
        if self.byweekday:
            kwargs["byweekday"] = tuple(_WEEKDAY_OBJS[w] for w in self.byweekday)
        return _rr.rrule(_FREQS[self.freq], dtstart=self._dtstart(window_start), **kwargs)

    def _dtstart(self, window_start: datetime) -> datetime:
        """Interval 1: the window start. Otherwise the last step boundary counted from the
        fixed anchor that is not after the window start, so the phase never drifts."""
        if self.interval == 1:
            return window_start
        k = self.interval
        if self.freq == "WEEKLY":
            steps = (window_start - _ANCHOR).days // (7 * k)
            return _ANCHOR + timedelta(weeks=steps * k)
        months = (window_start.year - _ANCHOR.year) * 12 + window_start.month - _ANCHOR.month
        if self.freq == "MONTHLY":
            return _ANCHOR + relativedelta(months=(months // k) * k)
        return _ANCHOR + relativedelta(years=((window_start.year - _ANCHOR.year) // k) * k)


@dataclass(frozen=True)
class Cycle:
    """A reporting cycle: its report dates are the union of `rules`."""

    code: str
    name: str
    rules: tuple[RuleSpec, ...]


@dataclass(frozen=True)
class Period:
    """One reporting period, [start, end] inclusive; `report_on` is when the report is due."""

    start: date
    end: date
    report_on: date

    def __contains__(self, d: object) -> bool:
        if isinstance(d, datetime):
            d = d.date()
        return isinstance(d, date) and self.start <= d <= self.end

    @property
    def label(self) -> str:
        if self.start.year == self.end.year:
            return f"{self.start:%d/%m}–{self.end:%d/%m/%Y}"
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


# --------------------------------------------------------------------------- presets

_FEB_LAST = RuleSpec("YEARLY", bymonth=(2,), bymonthday=(-1,))

CYCLES: dict[str, Cycle] = {
    "semi_monthly": Cycle(
        "semi_monthly",
        "Định kỳ ngày 15 và 30 hàng tháng",
        (RuleSpec("MONTHLY", bymonthday=(15, 30)), _FEB_LAST),
    ),
    "weekly": Cycle("weekly", "Hàng tuần", (RuleSpec("WEEKLY", byweekday=("FR",)),)),
    "monthly": Cycle("monthly", "Hàng tháng", (RuleSpec("MONTHLY", bymonthday=(-1,)),)),
    "quarterly": Cycle(
        "quarterly", "Hàng quý", (RuleSpec("YEARLY", bymonth=(3, 6, 9, 12), bymonthday=(-1,)),)
    ),
    "semi_annual": Cycle("semi_annual", "6 tháng", (RuleSpec("YEARLY", bymonth=(6, 12), bymonthday=(-1,)),)),
    "annual": Cycle("annual", "Hàng năm", (RuleSpec("YEARLY", bymonth=(12,), bymonthday=(31,)),)),
}
DEFAULT_CYCLE = "semi_monthly"

_DEFAULT_WEEKDAY = "FR"


def _weekly_cycle(weekday: str) -> Cycle:
    if weekday == _DEFAULT_WEEKDAY:
        return CYCLES["weekly"]
    return Cycle(f"weekly@{weekday}", f"{WEEKDAYS[weekday]} hàng tuần", (RuleSpec("WEEKLY", byweekday=(weekday,)),))


def _monthly_cycle(days: tuple[int, ...]) -> Cycle:
    """Report on each given day of the month; 31 means the last day; 29/30 fall back to the
    last day of February (the only month shorter than 30 days)."""
    days = tuple(sorted(set(days)))
    if days == (31,):
        return CYCLES["monthly"]
    if days == (15, 30):
        return CYCLES["semi_monthly"]
    md = tuple(-1 if d == 31 else d for d in days)
    rules = [RuleSpec("MONTHLY", bymonthday=md)]
    if any(d >= 29 for d in days) and 31 not in days:
        rules.append(_FEB_LAST)
    names = " và ".join("cuối tháng" if d == 31 else str(d) for d in days)
    name = f"Định kỳ ngày {names} hàng tháng" if days != (31,) else "Hàng tháng"
    return Cycle("monthly@" + ",".join(str(d) for d in days), name, tuple(rules))


def get_cycle(spec: str | Cycle | None) -> Cycle:
    """Resolve a cycle spec: a preset code ("weekly"), or a parameterised preset
    ("weekly@FR", "monthly@20", "monthly@10,25"; 31 = last day). None/"" -> the default."""
    if isinstance(spec, Cycle):
        return spec
    raw = (spec or "").strip()
    if not raw:
        return CYCLES[DEFAULT_CYCLE]
    code, sep, param = raw.partition("@")
    code = code.strip().lower()
    param = param.strip()
    if not sep:
        if code in CYCLES:
            return CYCLES[code]
        raise _unknown(raw)
    if code == "weekly":
        wd = param.upper()
        if wd not in WEEKDAYS:
            raise ValidationError(
                f"Thứ báo cáo «{param}» trong chu kỳ «{raw}» không hợp lệ; dùng MO, TU, WE, TH, FR, SA hoặc SU."
            )
        return _weekly_cycle(wd)
    if code == "monthly":
        parts = [p.strip() for p in param.split(",")]
        if not parts or not all(p.isdigit() and 1 <= int(p) <= 31 for p in parts):
            raise ValidationError(
                f"Ngày báo cáo «{param}» trong chu kỳ «{raw}» không hợp lệ; dùng số từ 1 đến 31 (31 là ngày cuối tháng)."
            )
        return _monthly_cycle(tuple(int(p) for p in parts))
    raise _unknown(raw)


def _unknown(raw: str) -> ValidationError:
    known = ", ".join(CYCLES)
    return ValidationError(
        f"Không nhận ra chu kỳ báo cáo «{raw}». Dùng một trong: {known}; hoặc weekly@FR, monthly@20."
    )


# --------------------------------------------------------------------------- phrases


def _fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ -> d), collapse spaces."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d").replace("Đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text)


_EVERY = r"(?:hang|moi|tung)"
_WD_FOLDED = {
    "hai": "MO", "2": "MO", "ba": "TU", "3": "TU", "tu": "WE", "4": "WE", "nam": "TH", "5": "TH",
    "sau": "FR", "6": "FR", "bay": "SA", "7": "SA",
}
_SEMI_MONTHLY_RE = re.compile(r"\b(?:ngay )?15 (?:va|,) ?(?:ngay )?30\b|\bnua thang\b")
_DAYS_OF_MONTH_RE = re.compile(
    r"\bngay (\d{1,2}(?: ?(?:,|va) ?(?:ngay )?\d{1,2})*) " + _EVERY + r" thang\b"
)
_WEEKDAY_RE = re.compile(r"\b(?:vao )?(?:thu (hai|ba|tu|nam|sau|bay|[2-7])|chu nhat) " + _EVERY + r" tuan\b")
_GENERIC = (
    ("weekly", re.compile(r"\b" + _EVERY + r" tuan\b")),
    ("monthly", re.compile(r"\b" + _EVERY + r" thang\b")),
    ("quarterly", re.compile(r"\b" + _EVERY + r" quy\b")),
    ("semi_annual", re.compile(r"\b(?:6|sau) thang\b")),
    ("annual", re.compile(r"\b" + _EVERY + r" nam\b")),
)


def cycle_from_phrase(phrase: str | None) -> Cycle | None:
    """Recognise a reporting cycle in a directive's wording; None when there is none.

    "định kỳ ngày 15 và 30 hàng tháng" -> semi_monthly; "hàng/hằng tuần" -> weekly;
    "hàng tháng" -> monthly; "hàng quý" -> quarterly; "6/sáu tháng" -> semi_annual;
    "hàng năm" -> annual. "ngày 20 hàng tháng" -> monthly@20, "thứ Năm hàng tuần" -> weekly@TH.
    When several cycles are named, the one named first wins.
    """
    if not phrase:
        return None
    text = _fold(phrase)
    if _SEMI_MONTHLY_RE.search(text):
        return CYCLES["semi_monthly"]
    m = _DAYS_OF_MONTH_RE.search(text)
    if m:
        days = tuple(int(x) for x in re.findall(r"\d{1,2}", m.group(1)))
        if all(1 <= d <= 31 for d in days):
            return _monthly_cycle(days)
    m = _WEEKDAY_RE.search(text)
    if m:
        return _weekly_cycle(_WD_FOLDED[m.group(1)] if m.group(1) else "SU")
    best: tuple[int, str] | None = None
    for code, rx in _GENERIC:
        hit = rx.search(text)
        if hit and (best is None or hit.start() < best[0]):
            best = (hit.start(), code)
    return CYCLES[best[1]] if best else None


# --------------------------------------------------------------------------- periods


def _as_dt(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def report_dates(cycle: Cycle, start: date, end: date) -> list[date]:
    """Nominal report dates of `cycle` in [start, end], sorted, without duplicates."""
    if end < start:
        return []
    lo, hi = _as_dt(start), _as_dt(end)
    rs = _rr.rruleset()
    for spec in cycle.rules:
        rs.rrule(spec.to_rrule(lo))
    return [dt.date() for dt in rs.between(lo, hi, inc=True)]


def _clamp(d: date, days: int) -> date:
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _last_on_or_before(cycle: Cycle, d: date) -> date:
    width = _FIRST_WINDOW
    for _ in range(_SEARCH_STEPS):
        found = report_dates(cycle, _clamp(d, -width), d)
        if found:
            return found[-1]
        width *= 2
    raise _no_dates(cycle, d)


def _first_on_or_after(cycle: Cycle, d: date) -> date:
    width = _FIRST_WINDOW
    for _ in range(_SEARCH_STEPS):
        found = report_dates(cycle, d, _clamp(d, width))
        if found:
            return found[0]
        width *= 2
    raise _no_dates(cycle, d)


def _no_dates(cycle: Cycle, d: date) -> ValidationError:
    return ValidationError(f"Chu kỳ «{cycle.name}» không có ngày báo cáo nào gần ngày {d:%d/%m/%Y}.")


def _make_period(start: date, end: date, shift: str | None) -> Period:
    report_on = shift_to_working_day(end, shift) if shift else end
    return Period(start, end, report_on)


def period_containing(cycle: Cycle, d: date, *, shift: str | None = None) -> Period:
    """The period of `cycle` that contains `d`."""
    if isinstance(d, datetime):
        d = d.date()
    end = _first_on_or_after(cycle, d)
    prev = _last_on_or_before(cycle, d - timedelta(days=1))
    return _make_period(prev + timedelta(days=1), end, shift)


@lru_cache(maxsize=1 << 16)
def period_bounds(spec: str | None, d: date) -> tuple[date, date]:
    """(start, end) of the period of the cycle `spec` that holds `d`. Cached: the calendar's
    rules take a quarter of a millisecond, every page read asks for today's period again and
    a rebuild asks for the period of every check-in of a region."""
    period = period_containing(get_cycle(spec), d)
    return period.start, period.end


def next_period(cycle: Cycle, period: Period, *, shift: str | None = None) -> Period:
    return period_containing(cycle, period.end + timedelta(days=1), shift=shift)


def previous_period(cycle: Cycle, period: Period, *, shift: str | None = None) -> Period:
    return period_containing(cycle, period.start - timedelta(days=1), shift=shift)


def periods_between(cycle: Cycle, start: date, end: date, *, shift: str | None = None) -> list[Period]:
    """Every period overlapping [start, end], in order (empty when end < start)."""
    if end < start:
        return []
    first = period_containing(cycle, start, shift=shift)
    # One rruleset pass for the rest: the report dates after the first period's end.
    ends = report_dates(cycle, first.end + timedelta(days=1), _first_on_or_after(cycle, end))
    out = [first]
    for e in ends:
        out.append(_make_period(out[-1].end + timedelta(days=1), e, shift))
    return out


# --------------------------------------------------------------------------- working days


@lru_cache(maxsize=256)
def _vn_holidays(year: int) -> frozenset[date]:
    import holidays  # only when a report date is moved off holidays: keeps start-up light

    return frozenset(holidays.VN(years=year).keys())


def is_working_day(d: date) -> bool:
    """Not Saturday/Sunday and not a Vietnamese public holiday (incl. Tết, Giỗ Tổ, days off in lieu)."""
    if isinstance(d, datetime):
        d = d.date()
    return d.weekday() < 5 and d not in _vn_holidays(d.year)


_SHIFTS = {"before": -1, "after": 1}


def shift_to_working_day(d: date, direction: str) -> date:
    """`d` itself when it is a working day, else the previous ("before") or next ("after") one."""
    step = _SHIFTS.get((direction or "").strip().lower())
    if step is None:
        raise ValidationError(f"Hướng dời ngày «{direction}» không hợp lệ; dùng «before» (dời về trước) hoặc «after» (dời ra sau).")
    for _ in range(60):  # the longest Vietnamese break (Tết + weekends) is well under this
        if is_working_day(d):
            return d
        d += timedelta(days=step)
    raise ValidationError(f"Không tìm thấy ngày làm việc gần ngày {d:%d/%m/%Y}.")
