"""Tests for core/deadlines.py: the deadline grammar as the directives write it."""
from __future__ import annotations

import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.deadlines import (
    Deadline,
    DeadlineKind,
    find_deadline,
    parse_date,
    parse_deadline,
    parse_period,
)
from core.errors import DeadlinePhraseError, InvalidDateError

D = DeadlineKind
SEEDS = Path("/work/shared/seeds")


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def variants(phrase: str) -> list[str]:
    """The phrase as written, capitalised, upper-cased and in NFD form."""
    out = [phrase, phrase[:1].upper() + phrase[1:], phrase.upper(), nfd(phrase), nfd(phrase.upper())]
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- parse_date

@pytest.mark.parametrize(
    "text, expected",
    [
        ("ngày 13 tháng 5 năm 2022", date(2022, 5, 13)),
        ("13 tháng 5 năm 2022", date(2022, 5, 13)),
        ("Ngày 13 tháng 05 năm 2022", date(2022, 5, 13)),
        ("13/5/2022", date(2022, 5, 13)),
        ("13/05/2022", date(2022, 5, 13)),
        ("13-5-2022", date(2022, 5, 13)),
        ("13.5.2022", date(2022, 5, 13)),
        ("13/5/22", date(2022, 5, 13)),
        ("2022-05-13", date(2022, 5, 13)),
        ("ngày 13/5/2022", date(2022, 5, 13)),
        (" 13/5/2022. ", date(2022, 5, 13)),
        ("29/02/2024", date(2024, 2, 29)),
        (nfd("ngày 13 tháng 5 năm 2022"), date(2022, 5, 13)),
    ],
)
def test_parse_date_forms(text, expected):
    assert parse_date(text) == expected


def test_parse_date_default_year():
    assert parse_date("13/5", default_year=2021) == date(2021, 5, 13)
    assert parse_date("ngày 13 tháng 5", default_year=2021) == date(2021, 5, 13)
    assert parse_date("13/5/2022", default_year=2021) == date(2022, 5, 13)


def test_parse_date_missing_year():
    with pytest.raises(InvalidDateError) as exc:
        parse_date("13/5")
    assert "«13/5»" in str(exc.value) and "thiếu năm" in str(exc.value)


@pytest.mark.parametrize(
    "text, why",
    [
        ("31/02/2021", "tháng 2 năm 2021 không có ngày 31"),
        ("29/02/2021", "không nhuận"),
        ("00/5/2022", "không có ngày 0"),
        ("13/13/2022", "không có tháng 13"),
        ("31/4/2022", "tháng 4 năm 2022 không có ngày 31"),
        ("ngày 32 tháng 1 năm 2022", "không có ngày 32"),
    ],
)
def test_parse_date_impossible(text, why):
    with pytest.raises(InvalidDateError) as exc:
        parse_date(text)
    msg = str(exc.value)
    assert f"«{text}»" in msg and why in msg and msg.startswith("Ngày không hợp lệ")


def test_parse_date_exact_message():
    with pytest.raises(InvalidDateError) as exc:
        parse_date("31/02/2021")
    assert str(exc.value) == "Ngày không hợp lệ: «31/02/2021» (tháng 2 năm 2021 không có ngày 31)."


@pytest.mark.parametrize("text", ["", "abc", "13/5/2022/1", "2022", "hôm nay"])
def test_parse_date_unreadable(text):
    with pytest.raises(InvalidDateError) as exc:
        parse_date(text)
    assert f"«{text}»" in str(exc.value)


FORMATS = [
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: f"{d.day}.{d.month}.{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
    lambda d: f"ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d: f"{d.day} tháng {d.month} năm {d.year}",
    lambda d: d.isoformat(),
]
dates = st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31))


@settings(max_examples=300, deadline=None)
@given(d=dates, fmt=st.sampled_from(FORMATS))
def test_parse_date_roundtrip(d, fmt):
    assert parse_date(fmt(d)) == d


@settings(max_examples=200, deadline=None)
@given(d=dates)
def test_parse_date_default_year_roundtrip(d):
    assert parse_date(f"{d.day}/{d.month}", default_year=d.year) == d


@settings(max_examples=300, deadline=None)
@given(y=st.integers(1970, 2069), m=st.integers(0, 14), day=st.integers(0, 35))
def test_invalid_day_month_always_raises(y, m, day):
    try:
        expected = date(y, m, day)
    except ValueError:
        expected = None
    text = f"{day}/{m}/{y}"
    if expected is None:
        with pytest.raises(InvalidDateError):
            parse_date(text)
    else:
        assert parse_date(text) == expected


# --------------------------------------------------------------------------- grammar table

# (phrase, doc_year, kind, start, due)
GRAMMAR = [
    # trước D: the day before
    ("trước ngày 20/8/2021", None, D.DATE, None, date(2021, 8, 19)),
    ("trước 20/8/2021", None, D.DATE, None, date(2021, 8, 19)),
    ("hoàn thành trước 20/8/2021", None, D.DATE, None, date(2021, 8, 19)),
    ("hoàn thành trước ngày 20/8/2021", None, D.DATE, None, date(2021, 8, 19)),
    ("trước ngày 20/8", 2021, D.DATE, None, date(2021, 8, 19)),
    ("trước ngày 13 tháng 9 năm 2021", None, D.DATE, None, date(2021, 9, 12)),
    ("Thời gian thực hiện: Trước ngày 20/8/2021.", None, D.DATE, None, date(2021, 8, 19)),
    # that day
    ("chậm nhất ngày 18/8/2021", None, D.DATE, None, date(2021, 8, 18)),
    ("chậm nhất là ngày 18/8/2021", None, D.DATE, None, date(2021, 8, 18)),
    ("chậm nhất 18/8/2021", None, D.DATE, None, date(2021, 8, 18)),
    ("chậm nhất là 18/8/2021", None, D.DATE, None, date(2021, 8, 18)),
    ("hoàn thành chậm nhất là ngày 15/8/2021", None, D.DATE, None, date(2021, 8, 15)),
    ("ngày 16/8/2021", None, D.DATE, None, date(2021, 8, 16)),
    ("16/8/2021", None, D.DATE, None, date(2021, 8, 16)),
    ("đến ngày 16/8/2021", None, D.DATE, None, date(2021, 8, 16)),
    ("đến 16/8/2021", None, D.DATE, None, date(2021, 8, 16)),
    ("đến hết ngày 15/9/2021", None, D.DATE, None, date(2021, 9, 15)),
    ("cho đến hết ngày 15/9/2021", None, D.DATE, None, date(2021, 9, 15)),
    ("trong ngày 16/8/2021", None, D.DATE, None, date(2021, 8, 16)),
    ("trong ngày 16/8", 2021, D.DATE, None, date(2021, 8, 16)),
    # months
    ("trong tháng 8/2021", None, D.DATE, date(2021, 8, 1), date(2021, 8, 31)),
    ("trong tháng 8 năm 2021", None, D.DATE, date(2021, 8, 1), date(2021, 8, 31)),
    ("trong tháng 8", 2021, D.DATE, date(2021, 8, 1), date(2021, 8, 31)),
    ("tháng 8/2021", None, D.DATE, date(2021, 8, 1), date(2021, 8, 31)),
    ("trong tháng 2/2024", None, D.DATE, date(2024, 2, 1), date(2024, 2, 29)),
    ("trong tháng 8 - 9/2021", None, D.DATE, date(2021, 8, 1), date(2021, 9, 30)),
    ("trong tháng 8-9/2021", None, D.DATE, date(2021, 8, 1), date(2021, 9, 30)),
    ("tháng 8-9/2021", None, D.DATE, date(2021, 8, 1), date(2021, 9, 30)),
    ("trong tháng 8 và tháng 9/2021", None, D.DATE, date(2021, 8, 1), date(2021, 9, 30)),
    ("tháng 8 và tháng 9/2021", None, D.DATE, date(2021, 8, 1), date(2021, 9, 30)),
    ("cho đến tháng 4/2022", None, D.DATE, None, date(2022, 4, 30)),
    ("đến hết tháng 4/2022", None, D.DATE, None, date(2022, 4, 30)),
    ("cho đến hết tháng 4/2022", None, D.DATE, None, date(2022, 4, 30)),
    ("đến tháng 4/2022", None, D.DATE, None, date(2022, 4, 30)),
    ("trước tháng 9/2022", None, D.DATE, None, date(2022, 8, 31)),
    ("trước tháng 1/2022", None, D.DATE, None, date(2021, 12, 31)),
    ("trước tháng 3/2024", None, D.DATE, None, date(2024, 2, 29)),
    # quarters
    ("đến hết quý I năm 2022", None, D.DATE, None, date(2022, 3, 31)),
    ("trong quý II/2022", None, D.DATE, date(2022, 4, 1), date(2022, 6, 30)),
    ("quý 3 năm 2022", None, D.DATE, date(2022, 7, 1), date(2022, 9, 30)),
    ("trong quý IV năm 2022", None, D.DATE, date(2022, 10, 1), date(2022, 12, 31)),
    ("trong quý III", 2022, D.DATE, date(2022, 7, 1), date(2022, 9, 30)),
    ("trước quý II năm 2022", None, D.DATE, None, date(2022, 3, 31)),
    # years
    ("năm 2021", None, D.DATE, date(2021, 1, 1), date(2021, 12, 31)),
    ("hết năm 2021", None, D.DATE, None, date(2021, 12, 31)),
    ("đến hết năm 2021", None, D.DATE, None, date(2021, 12, 31)),
    ("trong năm 2022", None, D.DATE, date(2022, 1, 1), date(2022, 12, 31)),
    ("Năm 2022 - 2023", None, D.DATE, date(2022, 1, 1), date(2023, 12, 31)),
    ("năm 2022-2023", None, D.DATE, date(2022, 1, 1), date(2023, 12, 31)),
    ("Thực hiện trong thời gian 2 năm (2022 - 2023)", None, D.DATE, date(2022, 1, 1), date(2023, 12, 31)),
    # ranges
    ("trong tháng 8/2021 cho đến hết năm 2021", None, D.DATE, date(2021, 8, 1), date(2021, 12, 31)),
    ("từ ngày 16/8/2021 đến ngày 30/8/2021", None, D.DATE, date(2021, 8, 16), date(2021, 8, 30)),
    ("từ tháng 8/2021 đến hết tháng 10/2021", None, D.DATE, date(2021, 8, 1), date(2021, 10, 31)),
    # recurring
    ("thường xuyên", None, D.RECURRING, None, None),
    ("thực hiện thường xuyên", None, D.RECURRING, None, None),
    ("triển khai thực hiện thường xuyên", None, D.RECURRING, None, None),
    ("xác định đây là nhiệm vụ thường xuyên", None, D.RECURRING, None, None),
    ("xác định là nhiệm vụ thường xuyên", None, D.RECURRING, None, None),
    ("Thời gian thực hiện: thường xuyên.", None, D.RECURRING, None, None),
    ("định kỳ hằng tuần", None, D.RECURRING, None, None),
    ("định kỳ hàng tháng", None, D.RECURRING, None, None),
    ("định kỳ ngày 15 và 30 hàng tháng", None, D.RECURRING, None, None),
    ("Thường xuyên, định kỳ", None, D.RECURRING, None, None),
    # immediate
    ("ngay", None, D.IMMEDIATE, None, None),
    ("khẩn trương", None, D.IMMEDIATE, None, None),
    ("triển khai ngay", None, D.IMMEDIATE, None, None),
    ("triển khai thực hiện ngay", None, D.IMMEDIATE, None, None),
    ("thực hiện ngay lập tức", None, D.IMMEDIATE, None, None),
    # until an event
    ("cho đến khi công bố hết dịch", None, D.UNTIL_EVENT, None, None),
    ("đến khi công bố hết dịch", None, D.UNTIL_EVENT, None, None),
    ("trong thời gian có dịch", None, D.UNTIL_EVENT, None, None),
    ("trong thời gian có dịch COVID-19", None, D.UNTIL_EVENT, None, None),
    ("đến khi có thông báo mới", None, D.UNTIL_EVENT, None, None),
    ("triển khai ngay và duy trì thường xuyên cho đến khi công bố hết dịch", None, D.UNTIL_EVENT, None, None),
    # a date beats ngay / khẩn trương
    ("chậm nhất ngày 18/8/2021 và tổ chức thực hiện ngay", None, D.DATE, None, date(2021, 8, 18)),
]


@pytest.mark.parametrize("phrase, doc_year, kind, start, due", GRAMMAR)
def test_parse_deadline_grammar(phrase, doc_year, kind, start, due):
    for v in variants(phrase):
        dl = parse_deadline(v, doc_year=doc_year)
        assert (dl.kind, dl.start, dl.due) == (kind, start, due), v
        assert dl.inherited is False
        assert dl.phrase and dl.phrase in unicodedata.normalize("NFC", v)


@pytest.mark.parametrize("phrase, doc_year, kind, start, due", GRAMMAR)
def test_find_deadline_grammar_in_sentence(phrase, doc_year, kind, start, due):
    """The same phrases found inside a sentence (bare month/year forms need a preposition)."""
    if phrase.lower().startswith(("tháng", "năm", "quý")):
        phrase = "trong " + phrase
    elif phrase[0].isdigit():
        phrase = "ngày " + phrase
    for v in variants(phrase):
        text = f"Sở Y tế chủ trì, phối hợp Sở Tài chính thực hiện; {v}."
        dl = find_deadline(text, doc_year=doc_year)
        assert (dl.kind, dl.due) == (kind, due), v
        nfc = unicodedata.normalize("NFC", text)
        assert dl.phrase and dl.phrase in nfc


@pytest.mark.parametrize("phrase", ["là ngày 16/8/2021", "chậm nhất là ngày 16/8/2021", "Hạn: 16/8/2021", "thời hạn là ngày 16/8/2021"])
def test_parse_deadline_with_la(phrase):
    assert parse_deadline(phrase).due == date(2021, 8, 16)


@pytest.mark.parametrize(
    "phrase",
    [
        "abc",
        "khi có hướng dẫn của Bộ Y tế",
        "khi được phân bổ vắc xin",
        "kích hoạt ngay",
        "ngay tại cơ sở",
        "sau 24 giờ khi có lệnh kích hoạt",
        "trước ngày 20/8/2021 nếu có thể",
        "Sở Y tế chủ trì",
    ],
)
def test_parse_deadline_rejects(phrase):
    with pytest.raises(DeadlinePhraseError) as exc:
        parse_deadline(phrase, doc_year=2021)
    msg = str(exc.value)
    assert f"«{phrase}»" in msg and "trước ngày 20/8/2021" in msg


@pytest.mark.parametrize("phrase", ["trước ngày 31/02/2021", "trong tháng 13/2021", "ngày 29/2/2021"])
def test_parse_deadline_impossible_date(phrase):
    with pytest.raises(InvalidDateError):
        parse_deadline(phrase)


def test_parse_deadline_missing_year():
    with pytest.raises(InvalidDateError) as exc:
        parse_deadline("trước ngày 20/8")
    assert "thiếu năm" in str(exc.value)


PERIOD = Deadline(D.DATE, due=date(2023, 12, 31), start=date(2022, 1, 1), phrase="Năm 2022 - 2023")


@pytest.mark.parametrize("blank", ["", "   ", "\n", ".", None])
def test_parse_deadline_blank(blank):
    assert parse_deadline(blank).kind is D.NONE
    assert parse_deadline(blank).needs_date
    inh = parse_deadline(blank, period=PERIOD)
    assert inh.inherited and inh.due == date(2023, 12, 31) and inh.kind is D.DATE
    assert not inh.needs_date


def test_needs_date():
    assert Deadline(D.IMMEDIATE).needs_date
    assert Deadline(D.NONE).needs_date
    assert not Deadline(D.RECURRING).needs_date
    assert not Deadline(D.UNTIL_EVENT).needs_date
    assert not Deadline(D.DATE, due=date(2021, 1, 1)).needs_date


# --------------------------------------------------------------------------- find_deadline: sentences

# (sentence, doc_year, kind, due, phrase)
SENTENCES = [
    ("Sở Y tế chịu trách nhiệm triển khai trong tháng 8 - 9/2021.", 2021, D.DATE, date(2021, 9, 30), "trong tháng 8 - 9/2021"),
    ("Sở Tài chính tham mưu UBND tỉnh trước ngày 17/8/2021.", 2021, D.DATE, date(2021, 8, 16), "trước ngày 17/8/2021"),
    ("Sở Kế hoạch và Đầu tư tham mưu UBND tỉnh trước ngày 17/8/2021.", 2021, D.DATE, date(2021, 8, 16), "trước ngày 17/8/2021"),
    ("Các sở, ban, ngành, UBND các huyện, thị xã, thành phố theo chức năng, nhiệm vụ được giao xây dựng kế hoạch chi tiết để triển khai thực hiện; xác định đây là nhiệm vụ thường xuyên.", 2021, D.RECURRING, None, "xác định đây là nhiệm vụ thường xuyên"),
    ("Sở Y tế tổ chức triển khai ngay và duy trì thường xuyên cho đến khi công bố hết dịch.", 2021, D.UNTIL_EVENT, None, "tổ chức triển khai ngay và duy trì thường xuyên cho đến khi công bố hết dịch"),
    ("Sở Y tế chịu trách nhiệm bắt đầu triển khai trong tháng 8/2021.", 2021, D.DATE, date(2021, 8, 31), "trong tháng 8/2021"),
    ("Sở Y tế chịu trách nhiệm triển khai trong tháng 8/2021 cho đến hết năm 2021 tùy vào diễn biến dịch bệnh.", 2021, D.DATE, date(2021, 12, 31), "trong tháng 8/2021 cho đến hết năm 2021"),
    ("Tổ chức tiêm vắc xin phòng Covid-19 cho người dân cho đến tháng 4/2022.", 2021, D.DATE, date(2022, 4, 30), "cho đến tháng 4/2022"),
    ("Thực hiện hỗ trợ lương thực, thực phẩm cho người dân gặp khó khăn theo Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ. Hoàn thành chậm nhất là ngày 15/8/2021.", 2021, D.DATE, date(2021, 8, 15), "Hoàn thành chậm nhất là ngày 15/8/2021"),
    ("Ban Quản lý Khu kinh tế, UBND các huyện, thị xã, thành phố hoàn chỉnh phương án chậm nhất ngày 18/8/2021 và tổ chức thực hiện ngay.", 2021, D.DATE, date(2021, 8, 18), "chậm nhất ngày 18/8/2021"),
    ("Sở Công Thương chủ trì tham mưu UBND tỉnh phương án cụ thể, chậm nhất là ngày 16/8/2021.", 2021, D.DATE, date(2021, 8, 16), "chậm nhất là ngày 16/8/2021"),
    ("Sở Thông tin và Truyền thông chủ trì phối hợp Sở Y tế. Thời gian thực hiện: trước ngày 15/8/2021.", 2021, D.DATE, date(2021, 8, 14), "trước ngày 15/8/2021"),
    ("Sở Xây dựng rà soát, xây dựng phương án, hoàn thành trước 20/8/2021.", 2021, D.DATE, date(2021, 8, 19), "hoàn thành trước 20/8/2021"),
    ("Sở Y tế báo cáo UBND tỉnh Trước ngày 20/8.", 2021, D.DATE, date(2021, 8, 19), "Trước ngày 20/8"),
    ("kết quả thực hiện báo cáo UBND tỉnh **trước ngày 13 tháng 9 năm 2021.**", 2021, D.DATE, date(2021, 9, 12), "trước ngày 13 tháng 9 năm 2021"),
    ("phấn đấu mục tiêu đến hết ngày 15/9/2021, tỉnh Đồng Nai cơ bản kiểm soát được dịch", 2021, D.DATE, date(2021, 9, 15), "đến hết ngày 15/9/2021"),
    ("- Đến hết quý I năm 2022: Hoàn thành việc tiêm mũi 02 cho người dân từ 12 tuổi đến dưới 18 tuổi.", 2022, D.DATE, date(2022, 3, 31), "Đến hết quý I năm 2022"),
    ("Sở Thông tin và Truyền thông chủ trì phối hợp Sở Y tế, UBND huyện, thị xã, thành phố thực hiện trong tháng 8/2021.", 2021, D.DATE, date(2021, 8, 31), "trong tháng 8/2021"),
    ("Khảo sát, lập phương án bố trí các khu vực cách ly. Báo cáo UBND tỉnh ngày 16/8/2021.", 2021, D.DATE, date(2021, 8, 16), "ngày 16/8/2021"),
    # recurring
    ("Sở Giao thông vận tải triển khai thực hiện nghiêm các quy định. *Thời gian thực hiện: Thường xuyên.*", 2021, D.RECURRING, None, "Thường xuyên"),
    ("các sở, ban, ngành tổ chức tuyên truyền, phổ biến. Thời gian thực hiện: thường xuyên.", 2021, D.RECURRING, None, "thường xuyên"),
    ("Văn phòng UBND tỉnh chủ trì, phối hợp Sở Thông tin và Truyền thông điều phối, kiểm tra, giám sát. Thực hiện thường xuyên.", 2021, D.RECURRING, None, "Thực hiện thường xuyên"),
    ("Sở Nội vụ, UBND các huyện, thị xã, thành phố triển khai thực hiện thường xuyên.", 2021, D.RECURRING, None, "triển khai thực hiện thường xuyên"),
    ("Thường xuyên rà soát các khâu, các điều kiện, biện pháp phòng, chống dịch bệnh để sẵn sàng đáp ứng.", 2021, D.RECURRING, None, "Thường xuyên"),
    ("1.11. Thường xuyên kiểm tra công tác cách ly, khoanh vùng, phong tỏa tại cơ sở.", 2021, D.RECURRING, None, "Thường xuyên"),
    ("- Thường xuyên, định kỳ kiểm tra, giám sát, đánh giá, sơ kết, tổng kết", 2022, D.RECURRING, None, "Thường xuyên, định kỳ"),
    ("b) Phối hợp với UBND các huyện, thị xã, thành phố thường xuyên kiểm tra, giám sát, đôn đốc, nhắc nhở các doanh nghiệp.", 2022, D.RECURRING, None, "thường xuyên"),
    ("d) Định kỳ hằng tuần đánh giá, phân loại xác định cấp độ dịch tại cấp xã, cấp huyện.", 2022, D.RECURRING, None, "Định kỳ hằng tuần"),
    ("Giao Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện; định kỳ ngày 15 và 30 hàng tháng báo cáo kết quả về UBND tỉnh.", 2021, D.RECURRING, None, "định kỳ ngày 15 và 30 hàng tháng"),
    ("Đề nghị các đơn vị, địa phương triển khai thực hiện, định kỳ hàng tuần báo cáo cho Ban Chỉ đạo.", 2021, D.RECURRING, None, "định kỳ hàng tuần"),
    # not recurring: an adjective of something else
    ("Chỉ đạo tổ chức thực hiện công tác thanh tra định kỳ, đột xuất trong phòng, chống dịch COVID-19.", 2022, D.NONE, None, None),
    ("Thực hiện nâng cao năng lực giám sát dịch tễ; triển khai đồng bộ giám sát trọng điểm và giám sát thường xuyên; tăng cường năng lực.", 2022, D.NONE, None, None),
    ("các cơ quan, tổ chức, doanh nghiệp phải thực hiện giám sát thường xuyên, định kỳ và cập nhật, báo cáo kết quả đánh giá nguy cơ lây nhiễm.", 2022, D.NONE, None, None),
    ("thiết lập và ứng trực thường xuyên đường dây nóng từ tỉnh đến cơ sở.", 2021, D.NONE, None, None),
    ("hướng dẫn người dân cập nhật thường xuyên trên các kênh thông tin.", 2021, D.NONE, None, None),
    ("khuyến khích người dân tự tổ chức xét nghiệm tầm soát Covid-19 định kỳ theo hướng dẫn của ngành y tế.", 2021, D.NONE, None, None),
    # immediate
    ("Chủ trì, phối hợp với các cơ quan liên quan đề xuất chính sách. Triển khai thực hiện ngay.", 2022, D.IMMEDIATE, None, "Triển khai thực hiện ngay"),
    ("Sở Y tế chủ trì, phối hợp UBND các huyện, thành phố khẩn trương thực hiện theo chỉ đạo.", 2021, D.IMMEDIATE, None, "khẩn trương"),
    ("Đề nghị Sở Y tế phân bổ ngay toàn bộ vắc xin Sinopharm cho các địa phương.", 2021, D.IMMEDIATE, None, "ngay"),
    # conditions are not deadlines
    ("b) Theo dõi và quản lý các khu cách ly tập trung, đảm bảo sẵn sàng các khu cách ly khi cần có thể kích hoạt ngay.", 2022, D.NONE, None, None),
    ("c) Chủ động phối hợp với chính quyền các cấp giải quyết có hiệu quả những vấn đề xã hội bức xúc ngay tại cơ sở.", 2022, D.NONE, None, None),
    ("tổ chức triển khai tiêm an toàn cho trẻ em từ 5 tuổi đến dưới 12 tuổi ngay khi được phân bổ vắc xin.", 2022, D.NONE, None, None),
    ("Triển khai tiêm vắc xin mũi thứ 4 khi có hướng dẫn của Bộ Y tế.", 2022, D.NONE, None, None),
    ("Lực lượng sẵn sàng có mặt sau 24 giờ khi có lệnh kích hoạt.", 2022, D.NONE, None, None),
    ("Kiểm soát chặt chẽ; trường hợp vượt thẩm quyền báo cáo ngay về UBND tỉnh, Ban Chỉ đạo phòng, chống Covid-19 tỉnh.", 2021, D.NONE, None, None),
    ("yêu cầu khắc phục ngay nếu cơ sở, đơn vị không đảm bảo các tiêu chí an toàn.", 2021, D.NONE, None, None),
    # document references are not deadlines
    ("Thực hiện theo Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ.", 2021, D.NONE, None, None),
    ("Căn cứ Nghị quyết số 68/NQ-CP ngày 17/3/2022 của Chính phủ.", 2022, D.NONE, None, None),
    ("Thực hiện Nghị quyết số 05-NQ/TU ngày 05/8/2021 của Ban Chấp hành Đảng bộ tỉnh", 2021, D.NONE, None, None),
    ("theo Nghị quyết số 128/NQ-CP ngày 11 tháng 10 năm 2021 của Chính phủ", 2022, D.NONE, None, None),
    ("Nghị quyết số 18/2008/NQ-QH12 ngày 03 tháng 6 năm 2008", 2022, D.NONE, None, None),
    ("Bình Phước, ngày 14 tháng 8 năm 2021", 2021, D.NONE, None, None),
    ("Kế hoạch năm 2022 của tỉnh về phòng, chống dịch.", 2022, D.NONE, None, None),
    # until an event
    ("Chỉ đạo công tác bảo đảm cung ứng đầy đủ, kịp thời lương thực, thực phẩm trong thời gian có dịch COVID-19.", 2022, D.UNTIL_EVENT, None, "trong thời gian có dịch COVID-19"),
    ("Các chốt kiểm soát hoạt động đến khi có thông báo mới.", 2021, D.UNTIL_EVENT, None, "đến khi có thông báo mới"),
    # a date beats everything
    ("Khẩn trương xây dựng các kế hoạch thu hút lao động khi dịch bệnh được kiểm soát. Sở Lao động - Thương binh và Xã hội tham mưu UBND tỉnh trước ngày 20/8/2021.", 2021, D.DATE, date(2021, 8, 19), "trước ngày 20/8/2021"),
    ("tổ chức cho các lực lượng chốt chặn; đồng thời, thường xuyên tổ chức tuần tra kiểm soát. Thời gian thực hiện: Trước ngày 20/8/2021.", 2021, D.DATE, date(2021, 8, 19), "Trước ngày 20/8/2021"),
    # nothing
    ("Duy trì các hoạt động văn hóa, thể thao phù hợp với tình hình dịch bệnh.", 2021, D.NONE, None, None),
]


@pytest.mark.parametrize("text, doc_year, kind, due, phrase", SENTENCES)
def test_find_deadline_sentences(text, doc_year, kind, due, phrase):
    for v in (text, nfd(text)):
        dl = find_deadline(v, doc_year=doc_year)
        assert (dl.kind, dl.due, dl.phrase) == (kind, due, phrase)
        assert not dl.inherited


def test_find_deadline_inherits_period():
    text = "Duy trì các hoạt động văn hóa, thể thao phù hợp."
    dl = find_deadline(text, period=PERIOD)
    assert dl.inherited and dl.kind is D.DATE and dl.due == date(2023, 12, 31)
    assert dl.phrase == "Năm 2022 - 2023"
    own = find_deadline("Hoàn thành trong tháng 8/2022.", period=PERIOD)
    assert not own.inherited and own.due == date(2022, 8, 31)
    assert find_deadline("", period=PERIOD).inherited
    assert find_deadline("", doc_year=2021).kind is D.NONE


def test_find_deadline_without_year_skips_yearless_dates():
    assert find_deadline("Báo cáo trước ngày 20/8.").kind is D.NONE
    assert find_deadline("Báo cáo trước ngày 20/8.", doc_year=2021).due == date(2021, 8, 19)


def test_find_deadline_impossible_date_does_not_raise():
    assert find_deadline("Báo cáo trước ngày 31/02/2021.").kind is D.NONE


# --------------------------------------------------------------------------- parse_period

@pytest.mark.parametrize(
    "text, start, due, phrase",
    [
        ("Năm 2022 - 2023", date(2022, 1, 1), date(2023, 12, 31), "Năm 2022 - 2023"),
        ("THỜI GIAN THỰC HIỆN: Năm 2022 - 2023", date(2022, 1, 1), date(2023, 12, 31), "THỜI GIAN THỰC HIỆN: Năm 2022 - 2023"),
        ("## II. THỜI GIAN THỰC HIỆN: Năm 2022 - 2023.", date(2022, 1, 1), date(2023, 12, 31), "THỜI GIAN THỰC HIỆN: Năm 2022 - 2023"),
        ("II. THỜI GIAN THỰC HIỆN\nThực hiện trong thời gian 2 năm (2022 - 2023). Tuy nhiên, tùy theo tình hình", date(2022, 1, 1), date(2023, 12, 31), "Thực hiện trong thời gian 2 năm (2022 - 2023)"),
        ("thực hiện trong thời gian 2 năm (2022 - 2023)", date(2022, 1, 1), date(2023, 12, 31), "thực hiện trong thời gian 2 năm (2022 - 2023)"),
        ("năm 2022", date(2022, 1, 1), date(2022, 12, 31), "năm 2022"),
        ("Kế hoạch giai đoạn 2021 - 2025", date(2021, 1, 1), date(2025, 12, 31), "giai đoạn 2021 - 2025"),
    ],
)
def test_parse_period(text, start, due, phrase):
    for v in (text, nfd(text)):
        p = parse_period(v)
        assert p is not None
        assert (p.kind, p.start, p.due, p.phrase, p.inherited) == (D.DATE, start, due, phrase, False)


@pytest.mark.parametrize("text", ["", "xyz", "Căn cứ Nghị quyết số 38/NQ-CP ngày 17/3/2022", "Năm 2023 - 2022"])
def test_parse_period_none(text):
    assert parse_period(text) is None


def test_parse_period_on_seed_documents():
    p = parse_period((SEEDS / "000_b58efc9185625b5d.txt").read_text(encoding="utf-8"))
    assert p is not None and p.due == date(2023, 12, 31)
    p = parse_period((SEEDS / "001_9e8a56f8ff9447c5.txt").read_text(encoding="utf-8"))
    assert p is not None and p.due == date(2023, 12, 31)
    # per-task "Thời gian thực hiện: Trước ngày …" lines are not the directive's period
    assert parse_period((SEEDS / "002_873e37694dc3bec6.txt").read_text(encoding="utf-8")) is None


# --------------------------------------------------------------------------- properties

@settings(max_examples=300, deadline=None)
@given(d=st.dates(min_value=date(1971, 1, 2), max_value=date(2068, 12, 31)), fmt=st.sampled_from(FORMATS[:5] + FORMATS[6:7]))
def test_truoc_ngay_is_day_before(d, fmt):
    dl = parse_deadline(f"trước ngày {fmt(d)}")
    assert dl.kind is D.DATE and dl.due == d - timedelta(days=1)
    found = find_deadline(f"Sở Y tế báo cáo trước ngày {fmt(d)}.")
    assert found.due == d - timedelta(days=1)


@pytest.mark.parametrize(
    "text, due",
    [
        ("trước ngày 1/3/2024", date(2024, 2, 29)),
        ("trước ngày 1/3/2023", date(2023, 2, 28)),
        ("trước ngày 1/1/2022", date(2021, 12, 31)),
        ("trước ngày 1/9/2021", date(2021, 8, 31)),
        ("trước ngày 01/05/2022", date(2022, 4, 30)),
    ],
)
def test_truoc_ngay_boundaries(text, due):
    assert parse_deadline(text).due == due


def _seed_sentences() -> list[str]:
    out = []
    for f in sorted(SEEDS.glob("*.txt")):
        for line in f.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if 20 < len(line) < 2000:
                out.append(line)
    return out


SEED_SENTENCES = _seed_sentences()


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_find_deadline_never_raises_on_any_text(text):
    dl = find_deadline(text, doc_year=2021)
    assert isinstance(dl, Deadline)
    if dl.phrase is not None:
        assert dl.phrase in unicodedata.normalize("NFC", text)


@st.composite
def mutated_seed(draw):
    s = draw(st.sampled_from(SEED_SENTENCES))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "nfd", "upper"]))
        i = draw(st.integers(0, len(s)))
        if op == "insert":
            s = s[:i] + draw(st.text(min_size=1, max_size=8)) + s[i:]
        elif op == "delete":
            j = draw(st.integers(i, min(len(s), i + 10)))
            s = s[:i] + s[j:]
        elif op == "replace" and i < len(s):
            s = s[:i] + draw(st.sampled_from(list("0123456789/-. ngàytháqu"))) + s[i + 1:]
        elif op == "nfd":
            s = nfd(s)
        elif op == "upper":
            s = s.upper()
    return s


@settings(max_examples=300, deadline=None)
@given(text=mutated_seed(), year=st.one_of(st.none(), st.integers(2000, 2030)))
def test_find_deadline_never_raises_on_mutated_seeds(text, year):
    dl = find_deadline(text, doc_year=year)
    assert isinstance(dl, Deadline)
    if dl.phrase is not None:
        assert dl.phrase in unicodedata.normalize("NFC", text)
    if dl.kind is D.DATE:
        assert dl.due is not None


@pytest.mark.parametrize(
    "blob",
    [
        "ngày " * 10_000,
        "trước ngày 1/" * 4_000,
        "thường xuyên " * 4_000,
        "tháng 8 - " * 5_000,
        "1/" * 25_000,
        "cho đến khi " * 4_000,
        "a" * 50_000,
        " " * 50_000,
        "quý I năm " * 5_000,
        "định kỳ ngày 15 và " * 2_500,
        "\n".join(SEED_SENTENCES)[:50_000],
    ],
)
def test_find_deadline_linear_on_50kb(blob):
    t0 = time.perf_counter()
    find_deadline(blob, doc_year=2021)
    parse_period(blob)
    assert time.perf_counter() - t0 < 1.0


def test_seed_documents_scan_without_error():
    for f in sorted(SEEDS.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        dl = find_deadline(text, doc_year=2021)
        assert dl.phrase is None or dl.phrase in text
