"""Sample report and reminder values for the writer tests (and for looking at the pages).

The content follows the seeds: Bình Phước, the plan of 14/08/2021 against COVID-19, the period
16/08–30/08/2021. `sample_report()` has several units, every category and flag, extended
deadlines, non-date deadlines, long texts and empty lists; `hostile_report()` puts text that
must neither break a file nor be interpreted (Rich markup, formulas, control characters, ANSI
escapes, tabs, very long words, bidi overrides) into every text field.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from core.reports.model import (
    CATEGORY_KEYS,
    FLAG_KEYS,
    REPORT_VERSION,
    Counts,
    ExtensionRow,
    Organisation,
    PeriodInfo,
    ReminderData,
    ReportData,
    Row,
    TrendPoint,
    UnitSection,
)

D = dt.date
ORG = Organisation(parent="UBND TỈNH BÌNH PHƯỚC", name="VĂN PHÒNG", place="Bình Phước", symbol="VP",
                   signer_title="KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG", signer_name="Nguyễn Văn Lộc")
PLAN = "Kế hoạch ngày 14/08/2021"
PLAN_LABEL = ("Kế hoạch số 189/KH-UBND ngày 14/08/2021 của UBND tỉnh Bình Phước về triển khai các biện "
              "pháp cấp bách phòng, chống dịch COVID-19 trên địa bàn tỉnh")
PERIOD = PeriodInfo(D(2021, 8, 16), D(2021, 8, 30), D(2021, 8, 30))
PREVIOUS = PeriodInfo(D(2021, 8, 1), D(2021, 8, 15), D(2021, 8, 15))
NEXT = PeriodInfo(D(2021, 8, 31), D(2021, 9, 15), D(2021, 9, 15))

LONG_TASK = ("Chủ trì, phối hợp với các sở, ban, ngành và UBND các huyện, thị xã, thành phố tổ chức rà soát, "
             "thống kê đầy đủ các đối tượng thuộc diện ưu tiên tiêm vắc xin phòng COVID-19 trên địa bàn; "
             "xây dựng kế hoạch tiếp nhận, bảo quản, phân bổ và tổ chức tiêm chủng an toàn, hiệu quả, "
             "bảo đảm tiến độ theo chỉ đạo của Bộ Y tế; định kỳ báo cáo kết quả thực hiện về UBND tỉnh "
             "(qua Sở Y tế) để tổng hợp, báo cáo Ban Chỉ đạo quốc gia phòng, chống dịch COVID-19.")

SO_Y_TE, CONG_AN, SO_TTTT = "Sở Y tế", "Công an tỉnh", "Sở Thông tin và Truyền thông"
DONG_XOAI, BU_DANG, MTTQ = "UBND thành phố Đồng Xoài", "UBND huyện Bù Đăng", "Ủy ban MTTQ Việt Nam tỉnh"


def row(assignment_id: int, unit: str, path: str, text: str, category: str, *, flags: tuple[str, ...] = (),
        due: dt.date | None = None, original_due: dt.date | None = None, kind: str = "date",
        phrase: str | None = None, completed_on: dt.date | None = None, days_late: int | None = None,
        role: str = "lead", reported_on: dt.date | None = None, status: str | None = None,
        progress: int | None = None, result: str = "", difficulties: str = "", proposals: str = "",
        directive: str = PLAN) -> Row:
    return Row(assignment_id=assignment_id, directive_title=directive, task_path=path, task_text=text,
               unit_name=unit, role=role, category=category, flags=flags, deadline_kind=kind,
               deadline_phrase=phrase, due=due, original_due=original_due if original_due else due,
               completed_on=completed_on, days_late=days_late, last_reported_on=reported_on,
               last_status=status, last_progress=progress, last_result=result,
               difficulties=difficulties, proposals=proposals)


def _rows() -> dict[str, list[Row]]:
    return {
        SO_Y_TE: [
            row(101, SO_Y_TE, "II.1.1", LONG_TASK, "overdue", due=D(2021, 8, 20), days_late=10,
                phrase="chậm nhất ngày 20/8/2021", reported_on=D(2021, 8, 25), status="blocked", progress=60,
                result="Đã rà soát 9/11 huyện, thị xã, thành phố; còn Bù Gia Mập và Lộc Ninh chưa gửi số liệu.",
                difficulties="Thiếu nhân lực y tế cơ sở; số liệu dân cư chưa thống nhất giữa các ngành.",
                proposals="Đề nghị UBND tỉnh chỉ đạo Công an tỉnh cung cấp dữ liệu dân cư để đối chiếu."),
            row(102, SO_Y_TE, "II.1.2", "Thành lập thêm 02 bệnh viện dã chiến điều trị bệnh nhân COVID-19.",
                "done_on_time", due=D(2021, 8, 25), completed_on=D(2021, 8, 24), reported_on=D(2021, 8, 24),
                status="done", progress=100, result="Đã thành lập Bệnh viện dã chiến số 3 và số 4 (Quyết định "
                                                    "số 2345/QĐ-SYT ngày 24/8/2021)."),
            row(103, SO_Y_TE, "II.1.3", "Tổ chức xét nghiệm tầm soát cho 100% người dân vùng đỏ.",
                "done_late", due=D(2021, 8, 18), completed_on=D(2021, 8, 22), days_late=4,
                phrase="trước ngày 19/8/2021", reported_on=D(2021, 8, 22), status="done", progress=100,
                result="Đã xét nghiệm 48.215 mẫu, phát hiện 37 ca dương tính."),
            row(104, SO_Y_TE, "II.1.4", "Bảo đảm cung ứng đủ thuốc, vật tư, sinh phẩm xét nghiệm.",
                "in_progress", flags=("due_soon", "awaiting"), due=D(2021, 9, 3), original_due=D(2021, 8, 27),
                reported_on=D(2021, 8, 29), status="done", progress=100,
                result="Đã mua sắm bổ sung 20.000 bộ kit xét nghiệm nhanh kháng nguyên."),
            row(105, SO_Y_TE, "III.2", "Thường xuyên cập nhật tình hình dịch bệnh trên địa bàn tỉnh.",
                "recurring", kind="recurring", phrase="thường xuyên", reported_on=D(2021, 8, 28),
                status="in_progress", progress=None,
                result="Cập nhật hằng ngày trên Cổng thông tin điện tử tỉnh."),
        ],
        CONG_AN: [
            row(201, CONG_AN, "II.2.1", "Tăng cường kiểm soát các chốt kiểm dịch ra, vào tỉnh.",
                "in_progress", flags=("due_soon",), due=D(2021, 9, 2), reported_on=D(2021, 8, 27),
                status="in_progress", progress=80, result="Duy trì 12 chốt kiểm dịch 24/24 giờ."),
            row(202, CONG_AN, "II.2.2", "Xử lý nghiêm các trường hợp vi phạm quy định phòng, chống dịch.",
                "recurring", flags=("unreported",), kind="recurring", phrase="thường xuyên",
                reported_on=D(2021, 8, 10), status="in_progress", result="Đã xử phạt 215 trường hợp."),
            row(203, CONG_AN, "II.1.1", LONG_TASK, "in_progress", role="coordinating", due=D(2021, 9, 10),
                original_due=D(2021, 8, 20), flags=("returned",)),
        ],
        SO_TTTT: [
            row(301, SO_TTTT, "II.4", "Đẩy mạnh tuyên truyền về tiêm vắc xin phòng COVID-19.",
                "overdue", due=D(2021, 8, 28), days_late=2, reported_on=None),
            row(302, SO_TTTT, "II.5", "Triển khai ứng dụng khai báo y tế điện tử tại các chốt kiểm soát.",
                "in_progress", kind="immediate", phrase="ngay"),
        ],
        DONG_XOAI: [
            row(401, DONG_XOAI, "II.6", "Thiết lập vùng cách ly y tế tại các khu vực có ca bệnh.",
                "overdue", due=D(2021, 8, 1), days_late=29, reported_on=D(2021, 8, 14), status="not_started",
                progress=0),
            row(402, DONG_XOAI, "II.7", "Hỗ trợ lương thực, thực phẩm cho người dân trong vùng phong tỏa.",
                "in_progress", kind="until_event", phrase="cho đến khi công bố hết dịch",
                reported_on=D(2021, 8, 26), status="in_progress", progress=50,
                result="Đã cấp 35 tấn gạo, 12.000 phần quà.\nTiếp tục vận động các nhà hảo tâm.",
                difficulties="Nguồn kinh phí hỗ trợ còn hạn chế.", proposals=""),
        ],
        BU_DANG: [
            row(501, BU_DANG, "II.6", "Thiết lập vùng cách ly y tế tại các khu vực có ca bệnh.",
                "done_on_time", due=D(2021, 8, 20), completed_on=D(2021, 8, 17), reported_on=D(2021, 8, 17),
                status="done", progress=100, result="Đã thiết lập 03 vùng cách ly."),
            row(502, BU_DANG, "II.8", "Rà soát người từ vùng dịch trở về địa phương.",
                "in_progress", kind="none", phrase=None),
        ],
        MTTQ: [],
    }


_UNIT_COUNTS = {  # (this period, previous period): more than the rows, as earlier work is counted too
    SO_Y_TE: (Counts(done_on_time=3, done_late=1, in_progress=1, overdue=1, recurring=1, due_soon=1, awaiting=1),
              Counts(done_on_time=2, in_progress=3, overdue=1, recurring=1, unreported=1)),
    CONG_AN: (Counts(in_progress=2, recurring=1, due_soon=1, returned=1, unreported=1),
              Counts(in_progress=2, recurring=1)),
    SO_TTTT: (Counts(overdue=1, in_progress=1), Counts(in_progress=2)),
    DONG_XOAI: (Counts(done_on_time=1, overdue=1, in_progress=1), Counts(done_on_time=1, in_progress=2)),
    BU_DANG: (Counts(done_on_time=2, in_progress=1), Counts(done_on_time=1, in_progress=2)),
    MTTQ: (Counts(done_on_time=2), Counts(done_on_time=2)),
}


def add_counts(*counts: Counts) -> Counts:
    keys = CATEGORY_KEYS + FLAG_KEYS
    return Counts(**{k: sum(c.get(k) for c in counts) for k in keys})


def _extensions() -> tuple[ExtensionRow, ...]:
    return (
        ExtensionRow(104, PLAN, "II.1.4", "Bảo đảm cung ứng đủ thuốc, vật tư, sinh phẩm xét nghiệm.", SO_Y_TE,
                     D(2021, 8, 27), D(2021, 9, 3), D(2021, 8, 26), "Chờ nhà cung cấp giao hàng đợt 2."),
        ExtensionRow(203, PLAN, "II.1.1", LONG_TASK, CONG_AN, D(2021, 8, 20), D(2021, 9, 10), D(2021, 8, 19),
                     "Phối hợp cung cấp dữ liệu dân cư cần thêm thời gian."),
    )


def sample_report(**changes) -> ReportData:
    """A realistic report on one directive; keyword arguments replace fields."""
    rows = _rows()
    units = tuple(UnitSection(name, *_UNIT_COUNTS[name], rows=tuple(rows[name])) for name in rows)
    every = [r for u in units for r in u.rows]
    by_id = {r.assignment_id: r for r in every}
    counts = add_counts(*(u.counts for u in units))
    previous = add_counts(*(u.previous for u in units))
    data = ReportData(
        version=REPORT_VERSION, organisation=ORG, directive_id=1, directive_label=PLAN_LABEL,
        directive_title=PLAN, period=PERIOD, previous=PREVIOUS, next=NEXT, made_on=D(2021, 8, 30),
        counts=counts, previous_counts=previous, units=units,
        overdue=tuple(by_id[i] for i in (401, 101, 301)),
        completed=tuple(by_id[i] for i in (102, 103, 501)),
        due_next=tuple(by_id[i] for i in (201, 104, 203)),
        extensions=_extensions(),
        unreported=(by_id[202],),
        awaiting=(),  # an empty list: the report says so in one line
        trend=(TrendPoint(PeriodInfo(D(2021, 7, 16), D(2021, 7, 31), D(2021, 7, 31)), None, Counts(in_progress=9)),
               TrendPoint(PREVIOUS, previous.on_time_rate, previous),
               TrendPoint(PERIOD, counts.on_time_rate, counts)),
    )
    return dataclasses.replace(data, **changes)


def empty_report() -> ReportData:
    """A directive with nothing assigned yet: every table and list is empty."""
    return sample_report(counts=Counts(), previous_counts=Counts(), units=(), overdue=(), completed=(),
                         due_next=(), extensions=(), unreported=(), awaiting=(), trend=())


# --- hostile text -------------------------------------------------------------------------------

HOSTILE = {
    "markup": "[bold]x[/] [red]đỏ[/red]",
    "formula": '=HYPERLINK("http://example.invalid","bấm vào đây")',
    "plus": "+1",
    "minus": "-1 nhiệm vụ",
    "at": "@SUM(A1:A2)",
    "bell": "Chuông\x07 kêu",
    "ansi": "\x1b[31mChữ đỏ\x1b[0m",
    "tab": "Cột 1\tCột 2",
    "long_word": "Đ" * 40 + "x" * 400,
    "bidi": "abc\u202edef",
    "pipe": "a | b\nc",
    "nul": "không\x00 hợp lệ\x0b\x0c",
    "decomposed": "Thu\u0309 tu\u031bo\u031b\u0301ng",  # "Thủ tướng" in NFD
}
HOSTILE_ALL = " ".join(HOSTILE.values())


def hostile_report() -> ReportData:
    """sample_report() with hostile text in the names, texts and results."""
    base = sample_report()

    def spoil(r: Row, i: int) -> Row:
        values = list(HOSTILE.values())
        return dataclasses.replace(r, task_text=values[i % len(values)] + " " + r.task_text,
                                   task_path=r.task_path + "\t", last_result=values[(i + 1) % len(values)],
                                   difficulties=values[(i + 2) % len(values)], proposals=HOSTILE["formula"],
                                   directive_title=HOSTILE["markup"] + " " + r.directive_title)

    units = []
    counter = 0
    for u in base.units:
        rows = []
        for r in u.rows:
            rows.append(spoil(r, counter))
            counter += 1
        units.append(dataclasses.replace(u, unit_name=u.unit_name + " " + HOSTILE["ansi"], rows=tuple(rows)))
    first = units[0].rows
    org = dataclasses.replace(ORG, place="Bình Phước\x07", signer_name=HOSTILE["markup"])
    return dataclasses.replace(
        base, organisation=org, units=tuple(units), directive_label=HOSTILE["formula"] + " " + HOSTILE["bell"],
        overdue=(first[0], units[3].rows[0]), completed=(first[1],), due_next=(),
        extensions=(dataclasses.replace(base.extensions[0], reason=HOSTILE_ALL, task_text=HOSTILE["plus"]),),
        unreported=(), awaiting=(first[3],), number="25/BC-VP\x1b[0m")


def large_report(units: int = 40, rows_per_unit: int = 50) -> ReportData:
    """A province-wide report of units × rows_per_unit listed assignments, for timing."""
    template = _rows()[SO_Y_TE]
    sections = []
    for u in range(units):
        name = f"UBND xã số {u + 1:02d}"
        rows = tuple(dataclasses.replace(template[i % len(template)], assignment_id=u * 1000 + i, unit_name=name)
                     for i in range(rows_per_unit))
        counts = Counts(in_progress=rows_per_unit)
        sections.append(UnitSection(name, counts, counts, rows))
    total = add_counts(*(s.counts for s in sections))
    every = [r for s in sections for r in s.rows]
    return sample_report(units=tuple(sections), counts=total, previous_counts=total,
                         overdue=tuple(r for r in every if r.category == "overdue"), trend=())


# --- reminders ----------------------------------------------------------------------------------


def sample_reminder(**changes) -> ReminderData:
    rows = _rows()[SO_Y_TE]
    data = ReminderData(
        version=REPORT_VERSION, organisation=ORG, unit_name=SO_Y_TE, as_of=D(2021, 8, 30),
        made_on=D(2021, 8, 31), directive_title=PLAN,
        overdue=(rows[0], dataclasses.replace(rows[0], assignment_id=106, task_path="II.1.6", days_late=3,
                                              task_text="Báo cáo nhu cầu kinh phí mua sắm trang thiết bị.",
                                              due=D(2021, 8, 27), original_due=D(2021, 8, 20))),
        due_soon=(rows[3],), reply_by=D(2021, 9, 15))
    return dataclasses.replace(data, **changes)


def empty_reminder() -> ReminderData:
    return sample_reminder(overdue=(), due_soon=(), directive_title=None)


def hostile_reminder() -> ReminderData:
    base = sample_reminder()
    spoiled = tuple(dataclasses.replace(r, task_text=HOSTILE_ALL, last_result=HOSTILE["formula"],
                                        directive_title=HOSTILE["markup"]) for r in base.overdue)
    return dataclasses.replace(base, unit_name=SO_Y_TE + HOSTILE["bell"] + HOSTILE["ansi"], overdue=spoiled,
                               directive_title=None, number=HOSTILE["nul"])


# --- the limited report on every directive, checked against the full one ---------------------

def pressing_order(row) -> tuple:
    """A unit section's order when rows are limited: overdue (most days late first), awaiting
    confirmation or returned, in progress, recurring, done; then by due date, then id."""
    rank = (0 if row.category == "overdue" else 1 if {"awaiting", "returned"} & set(row.flags)
            else 2 if row.category == "in_progress" else 3 if row.category == "recurring" else 4)
    return (rank, row.due is None, row.due or dt.date.min, row.assignment_id)


def due_order(row) -> tuple:
    return (row.due is None, row.due or dt.date.min, row.assignment_id)


def assert_limited_is_head_of_full(cut, full, limits) -> None:
    """`cut` (a report with `limits`) has `full`'s figures, and per unit and per list the head
    of `full`'s rows in the limited order, with what it leaves out counted — and leaves
    something out somewhere."""
    from core.reports.model import LIST_KEYS

    assert (cut.counts, cut.previous_counts, cut.trend) == (full.counts, full.previous_counts, full.trend)
    assert [(u.unit_name, u.counts, u.previous) for u in cut.units] == \
        [(u.unit_name, u.counts, u.previous) for u in full.units]
    limited_somewhere = False
    for mine, every in zip(cut.units, full.units, strict=True):
        assert list(mine.rows) == sorted(every.rows, key=pressing_order)[:limits.unit_rows]
        assert len(mine.rows) + mine.more_rows == len(every.rows)
        limited_somewhere |= mine.more_rows > 0
    for key in LIST_KEYS:
        rows, every = getattr(cut, key), getattr(full, key)
        ordered = list(every) if key == "extensions" else sorted(every, key=due_order)
        assert list(rows) == ordered[:limits.list_rows], key
        assert cut.list_total(key) == full.list_total(key) == len(every), key
        limited_somewhere |= getattr(cut.omitted, key) > 0
    assert limited_somewhere
