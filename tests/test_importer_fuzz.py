"""Property tests: any text parses to a valid draft (or a clean ImportDocumentError), in
roughly linear time."""
from __future__ import annotations

import json
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.importer import ImportDocumentError, draft_to_json, parse_text
from core.importer.reading import decode_text

SEEDS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "seeds").glob("*.txt"))
SEED_LINES = [p.read_text(encoding="utf-8").split("\n") for p in SEEDS]

NOISE = [
    "**", "# ", "## **1. 1. Sở Y tế**", "---", "\f", "Trang 2/5", "- 3 -", "a) a) Nội dung", "\t\t",
    "| STT | Nhiệm vụ | Đơn vị chủ trì | Thời hạn |", "|---|---|---|---|", "(Kèm theo Quyết định số 9/QĐ-UBND)",
    "KẾT LUẬN", "KẾ HOẠCH", "Số: 12-KL/TU", "Số: /KH-UBND", "Nơi nhận:", "PHỤ LỤC", "Điều 3.", "II.", "1.",
    "<sup>(1)</sup>", "~~855~~", "V/v", "Kính gửi:", "Đề nghị", "Giao , và", "phối hợp với", "(", ")", "*Thời gian thực hiện: ngay.*",
    "Bình Phước, ngày 31 tháng 2 năm 2021", "trước ngày 32/13/2021", "UBND các huyện, , thành phố", "\u202e\u200b",
]

VIET = st.characters(
    whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Po", "Pd", "Ps", "Pe"),
    whitelist_characters="\n\t*#|()-+:;,./đĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ",
)


def check_draft(text: str) -> None:
    draft = parse_text(text)
    data = draft_to_json(draft)
    json.dumps(data, ensure_ascii=False)
    assert data["documents"]
    for doc in data["documents"]:
        refs = [t["ref"] for t in doc["tasks"]]
        assert len(refs) == len(set(refs))
        for t in doc["tasks"]:
            assert isinstance(t["ref"], str) and t["ref"]
            assert isinstance(t["text"], str) and t["text"].strip()
            assert t["lead"]
            assert t["deadline"]["kind"] in ("date", "recurring", "immediate", "until_event", "none")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=VIET, max_size=3000))
def test_random_text_never_crashes(text):
    check_draft(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(NOISE) | st.text(alphabet=VIET, max_size=80), max_size=80))
def test_noise_lines_never_crash(lines):
    check_draft("\n".join(lines))


@st.composite
def mutated_seed(draw):
    lines = list(draw(st.sampled_from(SEED_LINES)))
    start = draw(st.integers(0, max(0, len(lines) - 1)))
    lines = lines[start:start + draw(st.integers(20, 220))]
    for _ in range(draw(st.integers(0, 12))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "noise", "cut"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "noise":
            lines.insert(i, draw(st.sampled_from(NOISE)) + " " + lines[i])
        else:
            k = draw(st.integers(0, max(0, len(lines[i]))))
            lines[i] = lines[i][:k]
    if draw(st.booleans()):
        lines = draw(st.permutations(lines))
    return "\n".join(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_mutated_seeds_give_valid_drafts(text):
    check_draft(text)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_fail_cleanly(data):
    try:
        text = decode_text(data, "x.txt")
    except ImportDocumentError as err:
        assert str(err)
        return
    check_draft(text)


def _best_time(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        parse_text(text)
        best = min(best, time.perf_counter() - t0)
    return best


def test_time_grows_roughly_linearly():
    """8 copies of a seed take well under 20 × one copy (catastrophic patterns would not)."""
    for path in (SEEDS[2], SEEDS[4]):
        one = path.read_text(encoding="utf-8")
        eight = "\n\n".join([one] * 8)
        t1 = _best_time(one, 3)
        t8 = _best_time(eight, 1)
        assert t8 < 20 * t1, (path.name, t1, t8)
        assert len(parse_text(eight).documents) == 8


def test_long_single_line_is_linear():
    line = "Sở Y tế chủ trì, phối hợp với Công an tỉnh, " * 20
    t1 = _best_time(line, 3)
    t8 = _best_time(line * 8, 1)
    assert t8 < 20 * t1 + 0.05
