"""Synthetic workspaces for load tests and benchmarks (`dondoc gen`).

`generate(db, scale, seed=...)` fills a migrated, empty database with a plausible provincial
workspace: a unit registry (departments, districts, communes, forces, party and mass bodies,
groups with members, one renamed district), clerks, directives of every type over five years
(2019–2023) with their item trees, deadlines of every kind with the phrases documents use,
assignments (lead and coordinating, giao and đề nghị, some through groups) and a history of
check-ins, confirmations/returns and extensions that obeys the rules the services enforce.
The workspace's "today" is fixed (TODAY) so every category and flag occurs on it.

Scales: tiny (tests), province (one province, SQLite), region (ten provinces, PostgreSQL).

Deterministic: the same scale and seed always give the same database, row for row (string-
seeded RNGs per directive, keyed by seed, scale, province and the directive's place in the
plan; no wall-clock, no set iteration, no hash order). Sizes land on the scale's targets:
task counts are planned, assignments steered as they are made, and the intensity of periodic
reports is calibrated per province by a dry run of the history (see _Generator.run).

Fast: rows are plain tuples with ids assigned here (no RETURNING), written in batches of
~40k rows, parents first (Core executemany on SQLite with synchronous=OFF on the generating
connection only; COPY on PostgreSQL), so memory stays small (province: ~300 MB, ~1 minute).
Derived columns (name_folded, sort_key, alias_folded, text_folded, summary_folded) are
computed with core.text exactly as the mapper events of core/models.py do. No audit rows:
generated data is not a user action. On PostgreSQL the id sequences are moved past the data.
"""
from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from core.docnumber import parse_doc_number
from core.errors import ValidationError
from core.models import Base
from core.periods import get_cycle, report_dates
from core.text import fold, group_digits, nfc, sort_key

__all__ = ["SCALES", "Scale", "TODAY", "GENERATED_TABLES", "generate", "existing_rows", "empty_workspace",
           "refuse_unless_empty"]

TODAY = dt.date(2024, 1, 15)          # the workspace's "today" (settings: workspace_today)
FIRST_DAY = dt.date(2019, 1, 1)       # directives are signed from here ...
LAST_DAY = dt.date(2023, 12, 31)      # ... to here
SETTING_TODAY = "workspace_today"     # = core.services.workspace.SETTING_TODAY (test checks)
_T = TODAY.toordinal()


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: int
    units: int          # per province, groups included
    directives: int     # the rest are totals
    tasks: int          # task nodes (section nodes come on top)
    assignments: int
    checkins: int


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 1, 20, 30, 600, 2_000, 20_000),
    "province": Scale("province", 1, 300, 2_000, 40_000, 150_000, 1_500_000),
    "region": Scale("region", 10, 300, 20_000, 400_000, 1_500_000, 15_000_000),
}

# Tables written, in dependency order (parents first).
GENERATED_TABLES = (
    "units", "unit_aliases", "unit_group_members", "clerks", "clerk_units", "settings",
    "directives", "deadlines", "tasks", "assignments", "checkins", "confirmations", "extensions",
)
_COLUMNS: dict[str, tuple[str, ...]] = {
    "units": ("id", "key", "name", "short_name", "kind", "is_group", "parent_id", "valid_from",
              "valid_to", "successor_id", "name_folded", "sort_key", "version"),
    "unit_aliases": ("id", "unit_id", "alias", "alias_folded"),
    "unit_group_members": ("group_id", "member_id"),
    "clerks": ("id", "os_user", "display_name", "role", "active", "created_at", "version"),
    "clerk_units": ("clerk_id", "unit_id"),
    "settings": ("key", "value"),
    "directives": ("id", "doc_type", "number_text", "number", "number_year", "type_code",
                   "issuer_code", "office_code", "issuer", "signed_on", "place", "signer", "summary",
                   "summary_folded", "parent_id", "parent_refs", "period_start", "period_end",
                   "period_phrase", "reporting_cycle", "reporting_phrase", "source_file", "created_at",
                   "version"),
    "deadlines": ("id", "kind", "start", "due", "phrase", "inherited", "version"),
    "tasks": ("id", "directive_id", "parent_id", "kind", "label", "path", "position", "text",
              "text_folded", "assignment_line", "deadline_id", "version"),
    "assignments": ("id", "task_id", "unit_id", "role", "mode", "via_group_id", "deadline_id",
                    "assigned_on", "created_at", "version"),
    "checkins": ("id", "assignment_id", "reported_on", "completed_on", "clerk_id", "status", "progress",
                 "result", "difficulties", "proposals", "reference", "created_at"),
    "confirmations": ("id", "assignment_id", "checkin_id", "decision", "reason", "decided_on", "clerk_id",
                      "created_at"),
    "extensions": ("id", "assignment_id", "new_due", "reason", "status", "requested_on", "requested_by",
                   "decided_on", "decided_by", "decision_note", "created_at", "version"),
}
_JSON_COLUMNS = {"directives": ("parent_refs",)}
_BATCH_ROWS = 40_000  # rows buffered (all tables together) before they are written


# =============================================================================================
# Word lists. Literals are NFC; _n() makes sure of it once at import.
# =============================================================================================

def _n(items):
    if isinstance(items, str):
        return nfc(items)
    if isinstance(items, tuple):
        return tuple(_n(i) for i in items)
    if isinstance(items, list):
        return [_n(i) for i in items]
    if isinstance(items, dict):
        return {k: _n(v) for k, v in items.items()}
    return items


# (province, [(district kind, name)]); the first is the one of "province" scale.
PROVINCES = _n([
    ("Bình Phước", [("thành phố", "Đồng Xoài"), ("thị xã", "Bình Long"), ("thị xã", "Phước Long"),
                    ("huyện", "Chơn Thành"), ("huyện", "Bù Đăng"), ("huyện", "Bù Đốp"),
                    ("huyện", "Bù Gia Mập"), ("huyện", "Đồng Phú"), ("huyện", "Hớn Quản"),
                    ("huyện", "Lộc Ninh"), ("huyện", "Phú Riềng")]),
    ("Đồng Nai", [("thành phố", "Biên Hòa"), ("thành phố", "Long Khánh"), ("huyện", "Nhơn Trạch"),
                  ("huyện", "Long Thành"), ("huyện", "Trảng Bom"), ("huyện", "Thống Nhất"),
                  ("huyện", "Cẩm Mỹ"), ("huyện", "Xuân Lộc"), ("huyện", "Định Quán"),
                  ("huyện", "Tân Phú"), ("huyện", "Vĩnh Cửu")]),
    ("Bình Dương", [("thành phố", "Thủ Dầu Một"), ("thành phố", "Thuận An"), ("thành phố", "Dĩ An"),
                    ("thị xã", "Tân Uyên"), ("thị xã", "Bến Cát"), ("huyện", "Bàu Bàng"),
                    ("huyện", "Bắc Tân Uyên"), ("huyện", "Phú Giáo"), ("huyện", "Dầu Tiếng")]),
    ("Tây Ninh", [("thành phố", "Tây Ninh"), ("thị xã", "Hòa Thành"), ("thị xã", "Trảng Bàng"),
                  ("huyện", "Gò Dầu"), ("huyện", "Bến Cầu"), ("huyện", "Châu Thành"),
                  ("huyện", "Dương Minh Châu"), ("huyện", "Tân Biên"), ("huyện", "Tân Châu")]),
    ("Bà Rịa - Vũng Tàu", [("thành phố", "Vũng Tàu"), ("thành phố", "Bà Rịa"), ("thị xã", "Phú Mỹ"),
                           ("huyện", "Châu Đức"), ("huyện", "Xuyên Mộc"), ("huyện", "Long Điền"),
                           ("huyện", "Đất Đỏ"), ("huyện", "Côn Đảo")]),
    ("Long An", [("thành phố", "Tân An"), ("thị xã", "Kiến Tường"), ("huyện", "Bến Lức"),
                 ("huyện", "Cần Giuộc"), ("huyện", "Cần Đước"), ("huyện", "Đức Hòa"), ("huyện", "Đức Huệ"),
                 ("huyện", "Thủ Thừa"), ("huyện", "Tân Trụ"), ("huyện", "Châu Thành"),
                 ("huyện", "Thạnh Hóa"), ("huyện", "Tân Thạnh"), ("huyện", "Mộc Hóa"),
                 ("huyện", "Vĩnh Hưng"), ("huyện", "Tân Hưng")]),
    ("Lâm Đồng", [("thành phố", "Đà Lạt"), ("thành phố", "Bảo Lộc"), ("huyện", "Đức Trọng"),
                  ("huyện", "Lâm Hà"), ("huyện", "Đơn Dương"), ("huyện", "Di Linh"), ("huyện", "Bảo Lâm"),
                  ("huyện", "Đạ Huoai"), ("huyện", "Lạc Dương"), ("huyện", "Đam Rông"),
                  ("huyện", "Cát Tiên"), ("huyện", "Đạ Tẻh")]),
    ("Đắk Nông", [("thành phố", "Gia Nghĩa"), ("huyện", "Cư Jút"), ("huyện", "Đắk Mil"),
                  ("huyện", "Krông Nô"), ("huyện", "Đắk Song"), ("huyện", "Đắk R'Lấp"),
                  ("huyện", "Đắk Glong"), ("huyện", "Tuy Đức")]),
    ("Bình Thuận", [("thành phố", "Phan Thiết"), ("thị xã", "La Gi"), ("huyện", "Tuy Phong"),
                    ("huyện", "Bắc Bình"), ("huyện", "Hàm Thuận Bắc"), ("huyện", "Hàm Thuận Nam"),
                    ("huyện", "Tánh Linh"), ("huyện", "Đức Linh"), ("huyện", "Hàm Tân"),
                    ("huyện", "Phú Quý")]),
    ("Ninh Thuận", [("thành phố", "Phan Rang - Tháp Chàm"), ("huyện", "Bác Ái"), ("huyện", "Ninh Sơn"),
                    ("huyện", "Ninh Hải"), ("huyện", "Ninh Phước"), ("huyện", "Thuận Bắc"),
                    ("huyện", "Thuận Nam")]),
])
# District upgrades: (province, district) -> (kind before, first day of the new kind).
RENAMES = _n({
    ("Bình Phước", "Chơn Thành"): ("thị xã", dt.date(2022, 4, 10)),
    ("Bình Dương", "Tân Uyên"): ("thành phố", dt.date(2023, 5, 10)),
    ("Bình Dương", "Bến Cát"): ("thành phố", dt.date(2023, 5, 10)),
})

# Province-level bodies: (key, name, short name, kind, mode, aliases, weight).
# mode: "giao" for state bodies under the People's Committee, "de_nghi" for party, mass and
# central (vertical) bodies the province can only ask.
TOP_UNITS = _n([
    ("vp_ubnd", "Văn phòng UBND tỉnh", "VP UBND tỉnh", "office", "giao",
     ["VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"], 0.6),
    ("snv", "Sở Nội vụ", "SNV", "department", "giao", [], 2.0),
    ("stp", "Sở Tư pháp", "STP", "department", "giao", [], 1.5),
    ("skhdt", "Sở Kế hoạch và Đầu tư", "SKHĐT", "department", "giao", ["Sở KH&ĐT", "Sở KHĐT"], 2.5),
    ("stc", "Sở Tài chính", "STC", "department", "giao", [], 3.0),
    ("sct", "Sở Công Thương", "SCT", "department", "giao", ["Sở Công thương"], 2.0),
    ("snnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "SNN&PTNT", "department", "giao",
     ["Sở NN&PTNT", "Sở NNPTNT"], 2.5),
    ("sgtvt", "Sở Giao thông vận tải", "SGTVT", "department", "giao", ["Sở GTVT"], 2.0),
    ("sxd", "Sở Xây dựng", "SXD", "department", "giao", [], 2.0),
    ("stnmt", "Sở Tài nguyên và Môi trường", "STN&MT", "department", "giao", ["Sở TN&MT", "Sở TNMT"], 2.5),
    ("stttt", "Sở Thông tin và Truyền thông", "STT&TT", "department", "giao", ["Sở TT&TT", "Sở TTTT"], 2.0),
    ("sldtbxh", "Sở Lao động - Thương binh và Xã hội", "SLĐ-TB&XH", "department", "giao",
     ["Sở LĐ-TB&XH", "Sở LĐTBXH"], 2.0),
    ("svhttdl", "Sở Văn hóa, Thể thao và Du lịch", "SVH,TT&DL", "department", "giao",
     ["Sở VH,TT&DL", "Sở VHTTDL"], 1.5),
    ("skhcn", "Sở Khoa học và Công nghệ", "SKH&CN", "department", "giao", ["Sở KH&CN"], 1.0),
    ("sgddt", "Sở Giáo dục và Đào tạo", "SGD&ĐT", "department", "giao", ["Sở GD&ĐT", "Sở GDĐT"], 2.0),
    ("syt", "Sở Y tế", "SYT", "department", "giao", ["Ngành Y tế"], 3.0),
    ("sngv", "Sở Ngoại vụ", "SNgV", "department", "giao", [], 0.6),
    ("tt_tinh", "Thanh tra tỉnh", "TTT", "department", "giao", [], 1.2),
    ("bdt", "Ban Dân tộc", "BDT", "department", "giao", ["Ban Dân tộc tỉnh"], 0.8),
    ("bqlkkt", "Ban Quản lý Khu kinh tế", "BQLKKT", "department", "giao", ["BQL Khu kinh tế", "BQL KKT"], 1.0),
    ("cuc_thue", "Cục Thuế tỉnh", "CT", "agency", "de_nghi", ["Cục Thuế"], 1.0),
    ("kbnn", "Kho bạc Nhà nước tỉnh", "KBNN", "agency", "de_nghi", ["KBNN tỉnh"], 0.8),
    ("bhxh", "Bảo hiểm xã hội tỉnh", "BHXH", "agency", "de_nghi", ["BHXH tỉnh"], 0.8),
    ("nhnn", "Ngân hàng Nhà nước chi nhánh tỉnh", "NHNN", "agency", "de_nghi", ["NHNN chi nhánh tỉnh"], 0.6),
    ("cuc_tk", "Cục Thống kê tỉnh", "CTK", "agency", "de_nghi", ["Cục Thống kê"], 0.5),
    ("cqltt", "Cục Quản lý thị trường tỉnh", "QLTT", "agency", "de_nghi", ["Cục QLTT"], 0.8),
    ("dai_ptth", "Đài Phát thanh và Truyền hình tỉnh", "ĐPTTH", "media", "giao", ["Đài PT-TH tỉnh"], 0.6),
    ("bao_tinh", "Báo tỉnh", "Báo", "media", "de_nghi", [], 0.5),
    ("ca_tinh", "Công an tỉnh", "CA tỉnh", "force", "giao", ["CA tỉnh"], 2.5),
    ("bchqs", "Bộ Chỉ huy Quân sự tỉnh", "BCHQS tỉnh", "force", "giao", ["BCHQS tỉnh", "Bộ CHQS tỉnh"], 1.5),
    ("bdbp", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BĐBP tỉnh", "force", "giao", ["BĐBP tỉnh"], 0.8),
    ("btg_tu", "Ban Tuyên giáo Tỉnh ủy", "BTG TU", "party", "de_nghi", ["BTG Tỉnh ủy"], 0.6),
    ("bdv_tu", "Ban Dân vận Tỉnh ủy", "BDV TU", "party", "de_nghi", ["BDV Tỉnh ủy"], 0.5),
    ("btc_tu", "Ban Tổ chức Tỉnh ủy", "BTC TU", "party", "de_nghi", ["BTC Tỉnh ủy"], 0.4),
    ("bnc_tu", "Ban Nội chính Tỉnh ủy", "BNC TU", "party", "de_nghi", ["BNC Tỉnh ủy"], 0.4),
    ("ubkt_tu", "Ủy ban Kiểm tra Tỉnh ủy", "UBKT TU", "party", "de_nghi", ["UBKT Tỉnh ủy"], 0.3),
    ("mttq", "Ủy ban MTTQ Việt Nam tỉnh", "UBMTTQVN tỉnh", "mass_org", "de_nghi",
     ["UBMTTQVN tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], 1.0),
    ("tinh_doan", "Tỉnh Đoàn", "Tỉnh Đoàn", "mass_org", "de_nghi", [], 0.7),
    ("hlhpn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh", "mass_org", "de_nghi", ["Hội LHPN tỉnh"], 0.6),
    ("hnd", "Hội Nông dân tỉnh", "Hội ND tỉnh", "mass_org", "de_nghi", ["Hội ND tỉnh"], 0.5),
    ("hccb", "Hội Cựu chiến binh tỉnh", "Hội CCB tỉnh", "mass_org", "de_nghi", ["Hội CCB tỉnh"], 0.4),
    ("ldld", "Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh", "mass_org", "de_nghi", ["LĐLĐ tỉnh"], 0.5),
    ("batgt", "Ban An toàn giao thông tỉnh", "BATGT tỉnh", "steering", "giao", ["Ban ATGT tỉnh"], 0.5),
])
TINY_TOP = ("vp_ubnd", "syt", "sgddt", "stc", "skhdt", "stnmt", "sct", "ca_tinh", "mttq", "btg_tu")
TINY_DISTRICTS = (0, 3, 4)  # Đồng Xoài, Chơn Thành (renamed in 2022), Bù Đăng
_KIND_WEIGHT = {"district": 2.2, "commune": 0.03}

# Commune names: two syllables from these lists.
_COMMUNE_A = _n(["Tân", "Phú", "Thành", "Long", "An", "Bình", "Hưng", "Thuận", "Lộc", "Phước", "Minh",
                 "Hòa", "Đức", "Thịnh", "Lợi", "Tiến", "Hiệp", "Thạnh", "Mỹ", "Quang", "Trung", "Đồng",
                 "Xuân", "Nghĩa", "Khánh", "Hải", "Sơn", "Vĩnh", "Thống", "Đại", "Nhơn", "Phong"])
_COMMUNE_B = _n(["Lập", "Phú", "Hòa", "Thành", "Lợi", "Hưng", "Tiến", "Tâm", "Thịnh", "Bình", "An",
                 "Phước", "Long", "Lộc", "Hiệp", "Xuân", "Minh", "Đức", "Thuận", "Quang", "Khánh",
                 "Nghĩa", "Trung", "Hội", "Định", "Mỹ", "Châu", "Sơn", "Tài", "Nhất", "Phát", "Yên"])

# People.
_FAMILY = _n(["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
              "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai"])
_MIDDLE = _n(["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Tấn", "Hoài", "Thị",
              "Thị Thu", "Ngọc", "Thị Kim", "Thị Hồng"])
_GIVEN = _n(["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Huy", "Khoa", "Long", "Minh", "Nam", "Phong",
             "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Thành", "Trung", "Tuấn", "Việt", "Vinh", "Anh",
             "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai",
             "Ngân", "Nhung", "Phương", "Thảo", "Trang", "Tuyết", "Vân", "Yến"])

# A handful of clerks: (os_user, display name, role, unit keys of province 0; "d0"/"c0" = the
# first district / commune).
CLERKS = _n([
    ("vp.ha", "Nguyễn Thị Thu Hà", "office", []),
    ("vp.nam", "Lê Hoài Nam", "office", []),
    ("vp.trang", "Phạm Thu Trang", "office", []),
    ("syt.binh", "Trần Văn Bình", "unit", ["syt"]),
    ("sgddt.lan", "Võ Thị Lan", "unit", ["sgddt"]),
    ("stc.quan", "Đặng Minh Quân", "unit", ["stc", "skhdt"]),
    ("ca.long", "Phạm Thành Long", "unit", ["ca_tinh"]),
    ("huyen.mai", "Đỗ Thị Mai", "unit", ["d0"]),
    ("xa.phuc", "Huỳnh Văn Phúc", "unit", ["c0"]),
    ("xem.tuan", "Hoàng Anh Tuấn", "viewer", []),
    ("lanhdao.hung", "Bùi Quang Hùng", "viewer", []),
])

# Subjects of directives: (summary phrase, lead unit key, area heading, objects of tasks).
TOPICS = _n([
    ("công tác phòng, chống dịch bệnh truyền nhiễm", "syt", "y tế", [
        "công tác giám sát, phát hiện sớm các ca bệnh truyền nhiễm tại cộng đồng",
        "tiêm chủng mở rộng cho trẻ em trong độ tuổi",
        "kiểm tra an toàn thực phẩm tại các bếp ăn tập thể, cơ sở kinh doanh dịch vụ ăn uống",
        "nâng cao năng lực khám, chữa bệnh của tuyến y tế cơ sở",
        "bảo đảm cung ứng thuốc, vật tư, trang thiết bị y tế",
        "truyền thông phòng, chống sốt xuất huyết, tay chân miệng",
        "xây dựng kịch bản ứng phó với các tình huống dịch bệnh"]),
    ("nâng cao chất lượng giáo dục và đào tạo", "sgddt", "giáo dục", [
        "rà soát, sắp xếp mạng lưới trường, lớp học",
        "bảo đảm đủ giáo viên theo định mức cho năm học mới",
        "tổ chức kỳ thi tốt nghiệp trung học phổ thông an toàn, nghiêm túc",
        "đầu tư cơ sở vật chất, thiết bị dạy học tối thiểu",
        "phổ cập giáo dục mầm non cho trẻ em 5 tuổi",
        "phòng, chống đuối nước cho học sinh trong dịp hè"]),
    ("đẩy mạnh cải cách hành chính", "snv", "cải cách hành chính", [
        "rà soát, đơn giản hóa thủ tục hành chính",
        "nâng cao chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính",
        "kiểm tra công vụ, chấn chỉnh kỷ luật, kỷ cương hành chính",
        "sắp xếp tổ chức bộ máy, tinh giản biên chế",
        "vận hành hiệu quả Trung tâm Phục vụ hành chính công"]),
    ("chuyển đổi số và xây dựng chính quyền số", "stttt", "chuyển đổi số", [
        "cung cấp dịch vụ công trực tuyến toàn trình",
        "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "bảo đảm an toàn, an ninh thông tin mạng cho các hệ thống thông tin",
        "triển khai nền tảng chia sẻ, tích hợp dữ liệu của tỉnh",
        "phát triển hạ tầng viễn thông, phủ sóng di động tại các thôn, ấp"]),
    ("đẩy nhanh tiến độ giải ngân vốn đầu tư công", "skhdt", "đầu tư công", [
        "giải ngân kế hoạch vốn đầu tư công được giao",
        "tháo gỡ vướng mắc trong công tác bồi thường, giải phóng mặt bằng",
        "rà soát, điều chuyển vốn của các dự án chậm giải ngân",
        "hoàn thiện thủ tục đầu tư các dự án khởi công mới",
        "quyết toán vốn các dự án hoàn thành"]),
    ("tăng cường công tác thu, chi ngân sách nhà nước", "stc", "tài chính, ngân sách", [
        "thu ngân sách nhà nước đạt và vượt dự toán được giao",
        "thực hành tiết kiệm, chống lãng phí trong chi thường xuyên",
        "quản lý, sử dụng tài sản công đúng quy định",
        "xử lý nợ đọng thuế, chống thất thu ngân sách",
        "bố trí kinh phí thực hiện các chính sách an sinh xã hội"]),
    ("xây dựng nông thôn mới", "snnptnt", "nông nghiệp, nông thôn", [
        "xây dựng xã đạt chuẩn nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
        "phát triển sản phẩm OCOP",
        "phòng, chống bệnh dịch tả lợn châu Phi, cúm gia cầm",
        "chuyển đổi cơ cấu cây trồng, vật nuôi",
        "bảo đảm nước sạch cho người dân nông thôn"]),
    ("tăng cường quản lý nhà nước về đất đai, khoáng sản", "stnmt", "đất đai, khoáng sản", [
        "cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        "xử lý các trường hợp lấn, chiếm, sử dụng đất sai mục đích",
        "kiểm tra hoạt động khai thác khoáng sản trái phép",
        "lập, điều chỉnh kế hoạch sử dụng đất hằng năm cấp huyện",
        "xây dựng cơ sở dữ liệu đất đai"]),
    ("bảo vệ môi trường, xử lý rác thải sinh hoạt", "stnmt", "môi trường", [
        "thu gom, xử lý chất thải rắn sinh hoạt",
        "kiểm tra việc chấp hành pháp luật về bảo vệ môi trường của các cơ sở sản xuất",
        "quan trắc chất lượng môi trường nước mặt",
        "giảm thiểu rác thải nhựa trong sinh hoạt"]),
    ("bảo đảm trật tự, an toàn giao thông", "sgtvt", "an toàn giao thông", [
        "tuần tra, kiểm soát, xử lý vi phạm về nồng độ cồn, tốc độ",
        "khắc phục các điểm đen, điểm tiềm ẩn tai nạn giao thông",
        "kiểm tra tải trọng phương tiện tại các tuyến đường trọng điểm",
        "tuyên truyền an toàn giao thông trong trường học"]),
    ("tăng cường công tác phòng cháy, chữa cháy", "ca_tinh", "phòng cháy, chữa cháy", [
        "kiểm tra an toàn phòng cháy, chữa cháy tại các cơ sở kinh doanh karaoke, nhà trọ",
        "xây dựng mô hình tổ liên gia an toàn phòng cháy, chữa cháy",
        "thực tập phương án chữa cháy và cứu nạn, cứu hộ",
        "bảo đảm nguồn nước chữa cháy tại các khu công nghiệp"]),
    ("bảo đảm an ninh chính trị, trật tự an toàn xã hội", "ca_tinh", "an ninh, trật tự", [
        "tấn công, trấn áp các loại tội phạm",
        "phòng, chống tội phạm ma túy",
        "quản lý cư trú, làm căn cước công dân",
        "giải quyết các vụ việc phức tạp về an ninh nông thôn"]),
    ("công tác quốc phòng địa phương, tuyển chọn và gọi công dân nhập ngũ", "bchqs", "quốc phòng", [
        "tuyển chọn và gọi công dân nhập ngũ",
        "diễn tập khu vực phòng thủ",
        "huấn luyện lực lượng dân quân tự vệ",
        "giáo dục quốc phòng và an ninh cho các đối tượng"]),
    ("phòng, chống thiên tai và tìm kiếm cứu nạn", "snnptnt", "phòng, chống thiên tai", [
        "rà soát các khu vực có nguy cơ sạt lở, ngập úng",
        "bảo đảm an toàn hồ đập trong mùa mưa lũ",
        "chuẩn bị vật tư, phương tiện theo phương châm bốn tại chỗ",
        "khắc phục hậu quả thiên tai, ổn định đời sống nhân dân"]),
    ("quản lý, bảo vệ và phát triển rừng", "snnptnt", "lâm nghiệp", [
        "phòng cháy, chữa cháy rừng trong mùa khô",
        "xử lý các vụ phá rừng, lấn chiếm đất rừng",
        "trồng rừng tập trung và trồng cây phân tán",
        "chi trả dịch vụ môi trường rừng"]),
    ("bảo đảm an sinh xã hội, giảm nghèo bền vững", "sldtbxh", "an sinh xã hội", [
        "rà soát hộ nghèo, hộ cận nghèo",
        "chi trả kịp thời chế độ cho người có công, đối tượng bảo trợ xã hội",
        "giải quyết việc làm, đào tạo nghề cho lao động nông thôn",
        "hỗ trợ người lao động gặp khó khăn",
        "chăm lo Tết cho các gia đình chính sách, hộ nghèo"]),
    ("phát triển văn hóa, thể thao và du lịch", "svhttdl", "văn hóa, du lịch", [
        "tổ chức các hoạt động văn hóa, văn nghệ chào mừng các ngày lễ lớn",
        "bảo tồn, phát huy giá trị di tích lịch sử - văn hóa",
        "xây dựng đời sống văn hóa ở khu dân cư",
        "quảng bá, xúc tiến du lịch"]),
    ("bình ổn thị trường, chống buôn lậu, gian lận thương mại", "sct", "công thương", [
        "bảo đảm cung ứng hàng hóa thiết yếu dịp Tết",
        "kiểm tra, xử lý hàng giả, hàng kém chất lượng",
        "bảo đảm cung ứng điện cho sản xuất và sinh hoạt",
        "kết nối tiêu thụ nông sản cho nông dân"]),
    ("quản lý trật tự xây dựng, quy hoạch đô thị", "sxd", "xây dựng, đô thị", [
        "kiểm tra, xử lý công trình xây dựng không phép, sai phép",
        "lập, điều chỉnh quy hoạch chung đô thị",
        "phát triển nhà ở xã hội",
        "quản lý chất lượng công trình xây dựng"]),
    ("phát triển khoa học, công nghệ và đổi mới sáng tạo", "skhcn", "khoa học, công nghệ", [
        "hỗ trợ doanh nghiệp đổi mới công nghệ",
        "quản lý đo lường, chất lượng sản phẩm, hàng hóa",
        "xác lập quyền sở hữu trí tuệ cho sản phẩm đặc thù của địa phương"]),
    ("phổ biến, giáo dục pháp luật", "stp", "tư pháp", [
        "phổ biến, giáo dục pháp luật cho cán bộ và nhân dân",
        "kiểm tra, rà soát văn bản quy phạm pháp luật",
        "đăng ký và quản lý hộ tịch",
        "hòa giải ở cơ sở"]),
    ("giải quyết khiếu nại, tố cáo và phòng, chống tham nhũng", "tt_tinh", "thanh tra", [
        "giải quyết dứt điểm các vụ việc khiếu nại, tố cáo tồn đọng, kéo dài",
        "tiếp công dân định kỳ và đột xuất",
        "kê khai, công khai bản kê khai tài sản, thu nhập",
        "thực hiện kết luận thanh tra"]),
    ("thực hiện chính sách dân tộc", "bdt", "công tác dân tộc", [
        "hỗ trợ đất ở, nhà ở cho đồng bào dân tộc thiểu số",
        "thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số",
        "cấp phát báo, tạp chí cho người có uy tín"]),
    ("cải thiện môi trường đầu tư kinh doanh, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh", "skhdt",
     "môi trường đầu tư", [
        "hỗ trợ doanh nghiệp nhỏ và vừa, hộ kinh doanh chuyển lên doanh nghiệp",
        "đối thoại, tháo gỡ khó khăn cho doanh nghiệp",
        "cải thiện các chỉ số thành phần của chỉ số PCI"]),
    ("thu hút đầu tư vào các khu công nghiệp, khu kinh tế", "bqlkkt", "khu công nghiệp", [
        "xúc tiến đầu tư vào các khu công nghiệp",
        "bảo đảm hạ tầng xử lý nước thải tập trung tại các khu công nghiệp",
        "giải quyết nhà ở cho công nhân các khu công nghiệp"]),
    ("phát triển đối tượng tham gia bảo hiểm xã hội, bảo hiểm y tế", "bhxh", "bảo hiểm xã hội", [
        "phát triển người tham gia bảo hiểm xã hội tự nguyện",
        "giảm số tiền chậm đóng bảo hiểm xã hội, bảo hiểm y tế",
        "bảo đảm quyền lợi khám, chữa bệnh bảo hiểm y tế"]),
])

_VERBS = _n([
    "Chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức triển khai",
    "Tham mưu UBND tỉnh ban hành kế hoạch thực hiện",
    "Tăng cường kiểm tra, giám sát",
    "Rà soát, đánh giá thực trạng và đề xuất giải pháp về",
    "Xây dựng và tổ chức thực hiện phương án",
    "Đẩy mạnh công tác tuyên truyền về",
    "Hướng dẫn, đôn đốc các địa phương thực hiện",
    "Tổ chức sơ kết, đánh giá kết quả",
    "Bố trí nguồn lực thực hiện",
    "Triển khai có hiệu quả",
    "Chỉ đạo các đơn vị trực thuộc thực hiện nghiêm",
    "Kiện toàn tổ chức, phân công cán bộ phụ trách",
    "Tập trung chỉ đạo, thực hiện",
    "Nghiên cứu, đề xuất cơ chế, chính sách hỗ trợ",
])
_TAILS = _n([
    "", "", " trên địa bàn tỉnh", " trên địa bàn tỉnh", ", bảo đảm đúng quy định của pháp luật",
    "; kịp thời đề xuất UBND tỉnh xử lý những khó khăn, vướng mắc phát sinh",
    ", gắn với trách nhiệm của người đứng đầu", " theo đúng tiến độ đề ra",
    ", bảo đảm thực chất, hiệu quả, tránh hình thức",
])
_SECTION_I = _n(["MỤC ĐÍCH, YÊU CẦU", "MỤC TIÊU", "QUAN ĐIỂM, MỤC TIÊU"])
_SECTION_II = _n(["NHIỆM VỤ, GIẢI PHÁP", "NHIỆM VỤ TRỌNG TÂM", "NỘI DUNG THỰC HIỆN",
                  "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU"])
_SECTION_III = _n("TỔ CHỨC THỰC HIỆN")
_ORG_TASKS = _n([
    "Theo dõi, đôn đốc, tổng hợp tình hình thực hiện Kế hoạch; định kỳ báo cáo UBND tỉnh",
    "Căn cứ nhiệm vụ được giao, xây dựng kế hoạch cụ thể và tổ chức thực hiện",
    "Bố trí kinh phí thực hiện từ nguồn ngân sách được giao hằng năm",
    "Tuyên truyền, phổ biến nội dung Kế hoạch đến cán bộ, công chức và nhân dân",
    "Tổng hợp khó khăn, vướng mắc trong quá trình thực hiện, đề xuất UBND tỉnh xem xét, điều chỉnh",
])

# Directive types: (doc_type, type code, weight, tasks weight).
DOC_TYPES = _n([
    ("Kế hoạch", "KH", 30, 1.6),
    ("Công văn", None, 24, 0.25),
    ("Quyết định", "QĐ", 12, 1.0),
    ("Chỉ thị", "CT", 8, 1.0),
    ("Kết luận", "KL", 8, 0.6),
    ("Thông báo", "TB", 10, 0.4),
    ("Nghị quyết", "NQ", 8, 1.1),
])
_OFFICES = _n(["KGVX", "TH", "KT", "NC", "HCTC", "TCD"])
_NATIONAL_REFS = _n([
    ("Nghị quyết", "NQ-CP", "Chính phủ"), ("Chỉ thị", "CT-TTg", "Thủ tướng Chính phủ"),
    ("Quyết định", "QĐ-TTg", "Thủ tướng Chính phủ"), ("Công điện", "CĐ-TTg", "Thủ tướng Chính phủ"),
    ("Kế hoạch", "KH-BYT", "Bộ Y tế"), ("Thông tư", "TT-BTC", "Bộ Tài chính"),
    ("Nghị quyết", "NQ/TW", "Bộ Chính trị"), ("Kết luận", "KL/TW", "Ban Bí thư"),
])

# Reporting cycles: (core.periods spec, phrase as written, weight). A None spec is the
# default (twice a month) with no phrase in the document.
CYCLES = _n([
    ("semi_monthly",
     "Định kỳ ngày 15 và 30 hàng tháng báo cáo kết quả thực hiện về UBND tỉnh (qua Văn phòng UBND tỉnh)", 40),
    ("monthly", "Định kỳ hằng tháng báo cáo kết quả thực hiện về UBND tỉnh", 20),
    ("quarterly", "Định kỳ hằng quý báo cáo kết quả thực hiện về UBND tỉnh", 12),
    (None, None, 10),
    ("semi_annual", "Định kỳ 6 tháng báo cáo kết quả thực hiện về UBND tỉnh", 6),
    ("annual", "Định kỳ hằng năm báo cáo kết quả thực hiện về UBND tỉnh", 4),
    ("weekly", "Định kỳ hằng tuần báo cáo tình hình thực hiện về UBND tỉnh", 4),
    ("monthly@20", "Định kỳ ngày 20 hàng tháng báo cáo kết quả thực hiện về UBND tỉnh", 4),
])

# Deadline phrases of kinds other than "date".
RECURRING_PHRASES = _n(["thường xuyên", "Thường xuyên", "Thực hiện thường xuyên", "duy trì thường xuyên",
                        "Thường xuyên, liên tục", "định kỳ hằng quý", "hằng năm"])
IMMEDIATE_PHRASES = _n(["ngay", "Triển khai ngay", "khẩn trương", "thực hiện ngay"])
UNTIL_EVENT_PHRASES = _n(["cho đến khi công bố hết dịch", "cho đến khi hoàn thành",
                          "đến khi có chỉ đạo mới", "đến khi dịch bệnh được kiểm soát"])
_KIND_WEIGHTS = (("date", 66), ("recurring", 14), ("immediate", 5), ("until_event", 4), ("none", 11))
_ROMAN_Q = {1: "I", 2: "II", 3: "III", 4: "IV"}

# What units report.
_PROGRESS_RESULTS = _n([
    "Đã ban hành kế hoạch triển khai thực hiện; đang tổ chức thực hiện.",
    "Đã tổ chức hội nghị triển khai đến {k} đơn vị trực thuộc.",
    "Đang rà soát, tổng hợp số liệu; đã hoàn thành khoảng {p}% khối lượng công việc.",
    "Đã thành lập tổ công tác, phân công cán bộ phụ trách từng nội dung.",
    "Đã xây dựng dự thảo, đang lấy ý kiến góp ý của các cơ quan, đơn vị liên quan.",
    "Đã kiểm tra {k} cơ sở, phát hiện và xử lý {j} trường hợp vi phạm.",
    "Đã tuyên truyền {k} lượt trên hệ thống truyền thanh cơ sở, đăng {j} tin, bài trên cổng thông tin điện tử.",
    "Đang phối hợp với các đơn vị liên quan triển khai các nội dung được giao.",
    "Đã trình UBND tỉnh phương án; đang chờ ý kiến chỉ đạo.",
    "Đã giải ngân {p}% kế hoạch vốn được giao.",
    "Đã hoàn thành {j}/{k} nội dung; các nội dung còn lại đang triển khai.",
])
_DONE_RESULTS = _n([
    "Đã hoàn thành nhiệm vụ được giao; gửi báo cáo kết quả về Văn phòng UBND tỉnh.",
    "Đã trình UBND tỉnh ban hành quyết định phê duyệt.",
    "Đã hoàn thành {k}/{k} nội dung được giao.",
    "Đã tổ chức thực hiện xong; kết quả đạt {p}% chỉ tiêu đề ra.",
    "Đã hoàn thành việc kiểm tra {k} cơ sở; xử lý {j} trường hợp vi phạm, thu nộp ngân sách theo quy định.",
    "Đã ban hành văn bản hướng dẫn và tổ chức thực hiện xong.",
])
_RECURRING_RESULTS = _n([
    "Trong kỳ, đã thực hiện {k} cuộc kiểm tra; duy trì thường xuyên các nội dung được giao.",
    "Tiếp tục triển khai thường xuyên; trong kỳ không phát sinh vướng mắc.",
    "Duy trì thực hiện theo kế hoạch; đã tiếp nhận và xử lý {k} phản ánh của người dân.",
    "Trong kỳ, đã tổ chức {j} đợt tuyên truyền với khoảng {k}0 lượt người tham dự.",
    "Thực hiện thường xuyên; số liệu chi tiết tại phụ lục kèm theo báo cáo.",
])
_DIFFICULTIES = _n([
    "Thiếu nhân lực do cán bộ kiêm nhiệm nhiều việc.",
    "Kinh phí chưa được bố trí kịp thời.",
    "Số liệu từ các xã gửi về chậm, chưa đầy đủ.",
    "Vướng mắc trong công tác bồi thường, giải phóng mặt bằng.",
    "Hướng dẫn của bộ, ngành Trung ương chưa cụ thể.",
    "Thời tiết mưa kéo dài ảnh hưởng đến tiến độ thi công.",
    "Phần mềm, hạ tầng công nghệ thông tin chưa đồng bộ.",
    "Sự phối hợp giữa các đơn vị chưa chặt chẽ.",
])
_PROPOSALS = _n([
    "Đề nghị Sở Tài chính sớm thẩm định, bố trí kinh phí.",
    "Đề nghị UBND tỉnh gia hạn thời gian thực hiện.",
    "Đề nghị các sở, ngành hướng dẫn cụ thể để địa phương thực hiện.",
    "Đề nghị UBND tỉnh cho chủ trương điều chỉnh kế hoạch.",
    "Đề nghị tăng cường biên chế cho bộ phận chuyên môn.",
])
_RETURN_REASONS = _n([
    "Báo cáo chưa kèm văn bản chứng minh kết quả; đề nghị bổ sung.",
    "Kết quả chưa đáp ứng yêu cầu của văn bản chỉ đạo; đề nghị hoàn thiện lại.",
    "Số liệu chưa khớp với báo cáo của các đơn vị phối hợp; đề nghị rà soát.",
    "Chưa thực hiện đủ các nội dung được giao; đề nghị tiếp tục thực hiện.",
    "Báo cáo chưa đánh giá được hiệu quả; đề nghị bổ sung số liệu cụ thể.",
])
_EXTENSION_REASONS = _n([
    "Khối lượng công việc lớn, cần thêm thời gian.",
    "Chờ ý kiến thẩm định của các sở, ngành liên quan.",
    "Vướng mắc về kinh phí, đang đề nghị bổ sung dự toán.",
    "Thời tiết bất lợi ảnh hưởng đến tiến độ.",
    "Phải lấy ý kiến rộng rãi của các đối tượng chịu tác động.",
])


# =============================================================================================
# Small helpers
# =============================================================================================

def _slug(s: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in fold(s)).split())


def _dmy(d: dt.date) -> str:
    """As documents print dates: 5/8/2021."""
    return f"{d.day}/{d.month}/{d.year}"


def _dmy0(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _month_last(y: int, m: int) -> dt.date:
    return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))


def _ref_code(short: str | None) -> str:
    """"SGD&ĐT" -> "SGDĐT", "UBND huyện" -> "UBND"; a code for report numbers."""
    s = (short or "ĐV").split()[0]
    return "".join(c for c in s if c.isalnum()) or "ĐV"


def _weighted(rng: random.Random, items, weights_cum, total) -> Any:
    return items[bisect.bisect_right(weights_cum, rng.random() * total)]


def _cum(weights) -> tuple[list[float], float]:
    out, s = [], 0.0
    for w in weights:
        s += w
        out.append(s)
    return out, s


def _in_sentence(name: str) -> str:
    """"Các sở, ban, ngành tỉnh" inside a sentence: "các sở, ban, ngành tỉnh"."""
    return name[0].lower() + name[1:] if name.startswith("Các ") else name


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


@dataclass
class _Unit:
    id: int
    key: str
    name: str
    short: str | None
    kind: str
    mode: str
    weight: float
    diligence: float
    code: str
    province: int
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    members: list[int] = field(default_factory=list)   # groups
    clerk_id: int | None = None

    def valid_on(self, d: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= d) and (self.valid_to is None or d <= self.valid_to)


@dataclass
class _Plan:
    """One directive before its rows exist."""
    province: int
    index: int
    signed_on: dt.date
    doc_type: str
    type_code: str | None
    tasks: int = 0
    number_text: str | None = None
    issuer: str = ""
    issuer_kind: str = "ubnd"


# =============================================================================================
# Writing rows
# =============================================================================================

class _Writer:
    """Buffers rows (tuples in _COLUMNS order) and writes them in large batches, parents first.
    SQLite: Core executemany, one commit per batch. PostgreSQL: COPY, one transaction."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.pg = conn.dialect.name == "postgresql"
        self.buf: dict[str, list[tuple]] = {t: [] for t in GENERATED_TABLES}
        self.counts: dict[str, int] = {t: 0 for t in GENERATED_TABLES}
        self._tables = {t: Base.metadata.tables[t] for t in GENERATED_TABLES}

    def pending(self) -> int:
        return sum(len(b) for b in self.buf.values())

    def flush(self) -> None:
        for name in GENERATED_TABLES:
            rows = self.buf[name]
            if not rows:
                continue
            if self.pg:
                self._copy(name, rows)
            else:
                cols = _COLUMNS[name]
                self.conn.execute(self._tables[name].insert(), [dict(zip(cols, r)) for r in rows])
            self.counts[name] += len(rows)
            rows.clear()  # the same list: callers keep its bound append
        if not self.pg:
            self.conn.commit()

    def _copy(self, name: str, rows: list[tuple]) -> None:
        cols = _COLUMNS[name]
        json_at = [cols.index(c) for c in _JSON_COLUMNS.get(name, ())]
        raw = self.conn.connection.dbapi_connection
        col_list = ", ".join(f'"{c}"' for c in cols)
        with raw.cursor() as cur:
            with cur.copy(f'COPY "{name}" ({col_list}) FROM STDIN') as copy:
                for r in rows:
                    if json_at:
                        r = list(r)
                        for i in json_at:
                            r[i] = json.dumps(r[i])
                    copy.write_row(r)


# =============================================================================================
# The generator
# =============================================================================================

class _Generator:
    def __init__(self, conn: Connection, scale: Scale, seed: int, os_user: str | None,
                 progress: Callable[[str], None] | None):
        self.conn = conn
        self.scale = scale
        self.seed = seed
        self.os_user = os_user
        self.say = progress or (lambda _m: None)
        self.w = _Writer(conn)
        self.next_id = {t: 1 for t in GENERATED_TABLES}
        self.units: list[_Unit] = []
        self.by_key: dict[str, _Unit] = {}
        self.province_units: list[list[_Unit]] = []
        self.groups: list[list[_Unit]] = []
        self.office_clerks: list[int] = []
        self.cycle_days: dict[str | None, list[int]] = {}
        self._pools: dict[tuple[int, int], tuple[list[_Unit], list[float], float]] = {}
        self.exposure = 0.0  # dry run: expected periodic reports at intensity 1
        self.fixed = 0       # dry run: completion reports (not scaled by the intensity)
        self.task_nodes = 0  # task nodes made so far (assignments are steered by them)
        self.texts = _Texts(seed)
        self.t0 = time.perf_counter()

    def _id(self, table: str) -> int:
        i = self.next_id[table]
        self.next_id[table] = i + 1
        return i

    # --- registry ----------------------------------------------------------------------------

    def build_units(self) -> None:
        rng = random.Random(f"{self.seed}:{self.scale.name}:units")
        multi = self.scale.provinces > 1
        tiny = self.scale.units < 100  # the short lists (tests); the full registry otherwise
        for p in range(self.scale.provinces):
            pname, districts = PROVINCES[p]
            prefix = f"p{p:02d}_" if multi else ""
            placed: list[_Unit] = []
            groups: list[_Unit] = []
            first = len(self.units)

            def add(key, name, short, kind, mode, aliases, weight, parent=None, valid_from=None,
                    valid_to=None, is_group=False, local=False, successor=None):
                if multi and local and pname not in name:  # "Sở Y tế" -> "Sở Y tế tỉnh Long An"
                    name = f"{name} {pname}" if name.endswith("tỉnh") or "Tỉnh" in name else f"{name} tỉnh {pname}"
                code = "UBND" if kind in ("district", "commune") else _ref_code(short)
                u = _Unit(self._id("units"), prefix + key, name, short, kind, mode, weight,
                          round(rng.uniform(0.35, 1.0), 3), code, p, valid_from, valid_to)
                self.units.append(u)
                self.by_key[u.key] = u
                self.w.buf["units"].append((
                    u.id, u.key, name, short, "group" if is_group else kind, is_group,
                    parent.id if parent else None, valid_from, valid_to, successor.id if successor else None,
                    fold(name), sort_key(name), 1))
                for alias in aliases:
                    self.w.buf["unit_aliases"].append((self._id("unit_aliases"), u.id, alias, fold(alias)))
                if not is_group and kind != "people_committee":
                    placed.append(u)
                return u

            top = add("ubnd_tinh", f"UBND tỉnh {pname}", "UBND tỉnh", "people_committee", "giao",
                      [f"Ủy ban nhân dân tỉnh {pname}", "UBND tỉnh"] if not multi else
                      [f"Ủy ban nhân dân tỉnh {pname}"], 0)
            keys = TINY_TOP if tiny else [t[0] for t in TOP_UNITS]
            for key, name, short, kind, mode, aliases, weight in TOP_UNITS:
                if key not in keys:
                    continue
                if key == "bao_tinh":
                    name = f"Báo {pname}"
                add(key, name, short, kind, mode, aliases if not multi else aliases[:1], weight, parent=top,
                    local=True)
            # districts (one renamed), then communes filling the registry up to its size
            chosen = [districts[i] for i in TINY_DISTRICTS] if tiny else districts
            dunits: list[tuple[_Unit, str, str]] = []
            for dkind, dname in chosen:
                label = f"{dkind} {dname}" + (f", tỉnh {pname}" if multi else "")
                abbr = {"thành phố": "TP", "thị xã": "TX", "huyện": "Huyện"}
                renamed = RENAMES.get((pname, dname))
                if renamed:
                    new_kind, since = renamed
                    # the successor first: rows reference only rows already written
                    new_label = f"{new_kind} {dname}" + (f", tỉnh {pname}" if multi else "")
                    weight = _KIND_WEIGHT["district"]
                    new = add(f"ubnd_{_slug(new_kind)}_{_slug(dname)}", f"UBND {new_label}",
                              f"{abbr[new_kind]} {dname}", "district", "giao", [f"{new_kind.capitalize()} {dname}"],
                              weight, parent=top, valid_from=since)
                    old = add(f"ubnd_{_slug(dkind)}_{_slug(dname)}", f"UBND {label}", f"{abbr[dkind]} {dname}",
                              "district", "giao", [f"{dkind.capitalize()} {dname}"], weight, parent=top,
                              valid_to=since - dt.timedelta(days=1), successor=new)
                    dunits.append((old, dkind, dname))
                    dunits.append((new, new_kind, dname))
                else:
                    u = add(f"ubnd_{_slug(dkind)}_{_slug(dname)}", f"UBND {label}", f"{abbr[dkind]} {dname}",
                            "district", "giao", [f"UBND {abbr[dkind]} {dname}", f"{dkind.capitalize()} {dname}"],
                            _KIND_WEIGHT["district"], parent=top)
                    dunits.append((u, dkind, dname))
            current = [(u, k, n) for u, k, n in dunits if u.valid_to is None]
            n_groups = 2 if tiny else 6
            n_communes = max(len(current), self.scale.units - (len(self.units) - first) - n_groups)
            communes_of: dict[int, list[_Unit]] = {}
            for i in range(n_communes):
                d, dkind, dname = current[i % len(current)]
                used = communes_of.setdefault(d.id, [])
                ckind = ("phường" if dkind != "huyện" and rng.random() < 0.6 else
                         "thị trấn" if dkind == "huyện" and not used else "xã")
                def free(name: str) -> bool:  # "Thạnh Tiến" and "Thành Tiến" would share a key
                    return (name.split()[0] != name.split()[1] and all(name not in c.name for c in used)
                            and f"{prefix}xa_{_slug(dname)}_{_slug(name)}" not in self.by_key)

                for _ in range(50):
                    cname = f"{rng.choice(_COMMUNE_A)} {rng.choice(_COMMUNE_B)}"
                    if free(cname):
                        break
                else:  # a district with many communes (ten provinces): the first name still free
                    cname = next((f"{a} {b}" for a in _COMMUNE_A for b in _COMMUNE_B if free(f"{a} {b}")),
                                 f"{cname} {len(used) + 1}")
                cshort = {"phường": "Phường", "xã": "Xã", "thị trấn": "TT"}[ckind]
                c = add(f"xa_{_slug(dname)}_{_slug(cname)}", f"UBND {ckind} {cname}", f"{cshort} {cname}", "commune",
                        "giao", [f"{ckind.capitalize()} {cname}, {dkind} {dname}"], _KIND_WEIGHT["commune"], parent=d)
                used.append(c)
            # groups
            def group(key, name, members, aliases=()):
                g = add(key, name, None, "group", "giao", list(aliases), 0, is_group=True)
                g.members = [m.id for m in members]
                for m in members:
                    self.w.buf["unit_group_members"].append((g.id, m.id))
                groups.append(g)

            sfx = f" tỉnh {pname}" if multi else ""
            group("ubnd_huyen", f"UBND các huyện, thị xã, thành phố{sfx}", [u for u, _, _ in dunits],
                  ["UBND cấp huyện", "các huyện, thị xã, thành phố"])
            group("so_ban_nganh", f"Các sở, ban, ngành tỉnh{(' ' + pname) if multi else ''}",
                  [u for u in placed if u.kind in ("department", "agency")], ["các sở, ban, ngành"])
            if not tiny:
                group("doan_the", f"Các tổ chức chính trị - xã hội tỉnh{(' ' + pname) if multi else ''}",
                      [u for u in placed if u.kind == "mass_org"], ["các đoàn thể tỉnh"])
                group("llvt", f"Lực lượng vũ trang tỉnh{(' ' + pname) if multi else ''}",
                      [u for u in placed if u.kind == "force"])
                for d, dkind, dname in current[:2]:
                    group(f"xa_thuoc_{_slug(dname)}", f"UBND các xã, phường, thị trấn thuộc {dkind} {dname}"
                          + (f", tỉnh {pname}" if multi else ""), communes_of.get(d.id, []))
            self.province_units.append(placed)
            self.groups.append(groups)
        self.say(f"Đơn vị: {group_digits(len(self.units))} (trong đó {sum(len(g) for g in self.groups)} nhóm)")

    def build_clerks(self) -> None:
        created = dt.datetime(2019, 1, 1, 7, 30)
        p0 = self.province_units[0]
        first_district = next((u for u in p0 if u.kind == "district"), None)
        first_commune = next((u for u in p0 if u.kind == "commune"), None)
        prefix = "p00_" if self.scale.provinces > 1 else ""
        rows = list(CLERKS)
        if self.os_user and self.os_user not in {c[0] for c in rows}:
            rows.append((self.os_user, f"Quản trị ({self.os_user})", "admin", []))
        for user, name, role, keys in rows:
            cid = self._id("clerks")
            self.w.buf["clerks"].append((cid, user, name, role, True, created, 1))
            if role in ("office", "admin") and user != self.os_user:
                self.office_clerks.append(cid)
            for k in keys:
                u = first_district if k == "d0" else first_commune if k == "c0" else self.by_key.get(prefix + k)
                if u is None:
                    continue
                u.clerk_id = cid
                self.w.buf["clerk_units"].append((cid, u.id))
        self.w.buf["settings"].append((SETTING_TODAY, TODAY.isoformat()))

    # --- reporting cycles --------------------------------------------------------------------

    def _cycle_days(self, spec: str | None) -> list[int]:
        days = self.cycle_days.get(spec)
        if days is None:
            days = [d.toordinal() for d in report_dates(get_cycle(spec), dt.date(2018, 1, 1), dt.date(2027, 12, 31))]
            self.cycle_days[spec] = days
        return days

    # --- plan --------------------------------------------------------------------------------

    def plan(self, p: int) -> list[_Plan]:
        """The directives of province `p` in signing order: dates, types, numbers, sizes."""
        sc = self.scale
        per = sc.directives // sc.provinces
        span = (LAST_DAY - FIRST_DAY).days
        types, tw = [t[:2] for t in DOC_TYPES], _cum([t[2] for t in DOC_TYPES])
        task_weight = {t[0]: t[3] for t in DOC_TYPES}
        rng = random.Random(f"{self.seed}:{sc.name}:plan:{p}")
        days = sorted(rng.randint(0, span) for _ in range(per))
        days[-1] = (dt.date(2023, 12, 12) - FIRST_DAY).days  # a plan of last December: work due soon
        every = {(2 * t + 1) * per // (2 * len(types)): t for t in range(len(types))}
        pp = []
        for i, off in enumerate(days):
            d = FIRST_DAY + dt.timedelta(days=off)
            if d.weekday() >= 5:  # documents are signed on working days
                d -= dt.timedelta(days=d.weekday() - 4)
            doc_type, code = _weighted(rng, types, *tw)
            if i in every:  # every type occurs, whatever the scale
                doc_type, code = types[every[i]]
            if i >= len(days) - 2:  # an unnumbered plan, and a plan of last December
                doc_type, code = "Kế hoạch", "KH"
            pp.append(_Plan(p, i, d, doc_type, code))
        # tasks per directive: a weight per type with a long tail, scaled to the target
        weights = [task_weight[x.doc_type] * rng.lognormvariate(0, 0.6) for x in pp]
        target = sc.tasks // sc.provinces
        total = sum(weights)
        for x, wgt in zip(pp, weights):
            x.tasks = max(1, round(wgt * target / total))
        self._number(rng, pp, PROVINCES[p][0])
        pp.sort(key=lambda x: (x.signed_on, x.index))
        return pp

    def _number(self, rng: random.Random, plans: list[_Plan], pname: str) -> None:
        """Numbers and symbols as each issuer's registers give them: per year for state bodies,
        per term for party bodies, increasing with the signing date; a few plans unnumbered."""
        counters: dict[tuple, int] = {}
        used: set[tuple[str, str]] = set()
        volume = {"KH": 400, "QĐ": 3000, "CT": 25, "TB": 600, "KL": 150, "NQ": 40, None: 5000}
        for x in plans:
            y = x.signed_on.year
            frac = (x.signed_on - dt.date(y, 1, 1)).days / 366
            r = rng.random()
            if x.doc_type == "Kết luận" and r < 0.6 or x.doc_type == "Nghị quyết" and r < 0.5:
                body = "BCĐ" if x.doc_type == "Kết luận" and r < 0.1 else "TU"
                term = 2015 if x.signed_on < dt.date(2020, 10, 15) else 2020  # party registers run per term
                key: tuple = (body, x.type_code, term)
                n = counters.get(key, 0) + rng.randint(1, 4)
                shape = f"{{}}-{x.type_code}/{body}"
                x.issuer = (f"Ban Chỉ đạo tỉnh {pname}" if body == "BCĐ" else
                            f"Ban Chấp hành Đảng bộ tỉnh {pname}" if x.doc_type == "Nghị quyết" else
                            f"Ban Thường vụ Tỉnh ủy {pname}")
                x.issuer_kind = "party"
            elif x.doc_type == "Nghị quyết":
                key = ("HĐND", y)
                n = counters.get(key, 0) + rng.randint(1, 3)
                shape = f"{{}}/{y}/NQ-HĐND"
                x.issuer, x.issuer_kind = f"HĐND tỉnh {pname}", "hdnd"
            else:
                x.issuer = f"UBND tỉnh {pname}"
                legal = x.doc_type == "Quyết định" and r < 0.15
                key = ("UBND", x.type_code, y, legal)
                if legal:
                    n = counters.get(key, 0) + rng.randint(1, 3)
                else:
                    n = max(counters.get(key, 0) + 1, int(volume[x.type_code] * frac) + rng.randint(0, 9))
                shape = (f"{{}}/UBND-{rng.choice(_OFFICES)}" if x.type_code is None else
                         f"{{}}/{y}/{x.type_code}-UBND" if legal else f"{{}}/{x.type_code}-UBND")
            if x.doc_type == "Kế hoạch" and (r > 0.93 or x.index == len(plans) - 2):
                x.number_text = None  # "Số: /KH-UBND": stored without a number, as seed 002
                continue
            canon = parse_doc_number(shape.format(n)).text
            while (x.issuer, canon) in used:  # registers restart every year; the store is unique
                n += 1
                canon = parse_doc_number(shape.format(n)).text
            counters[key] = n
            used.add((x.issuer, canon))
            x.number_text = canon

    # --- one directive -----------------------------------------------------------------------

    def _pool(self, p: int, d: dt.date) -> tuple[list[_Unit], list[float], float]:
        cut = sum(1 for _k, since in RENAMES.values() if d >= since)
        key = (p, cut)
        got = self._pools.get(key)
        if got is None:
            units = [u for u in self.province_units[p] if u.valid_on(d)]
            got = (units, *_cum([u.weight for u in units]))
            self._pools[key] = got
        return got

    def run(self) -> None:
        """Province by province: first the directives, their item trees and assignments; then
        the history of every assignment, twice: a dry run measuring how many periodic reports
        it would hold at intensity 1, then the real one at the intensity that meets the target.
        The scenario of each assignment (its dates) comes from its own RNG stream, the reports
        from another, so both runs see the same scenarios."""
        sc = self.scale
        for p in range(sc.provinces):
            plans = self.plan(p)
            recent: list[tuple] = []
            ctxs: list[_DirectiveCtx] = []
            for x in plans:
                rng = random.Random(f"{self.seed}:{sc.name}:d:{p}:{x.index}")
                ctxs.append(self._directive(rng, x, recent))
                if self.w.pending() >= _BATCH_ROWS:
                    self.w.flush()
            self.w.flush()
            self.say(f"Tỉnh {PROVINCES[p][0]}: {group_digits(len(plans))} văn bản, "
                     f"{group_digits(self.task_nodes)} nhiệm vụ, "
                     f"{group_digits(self.next_id['assignments'] - 1)} phân công · {self._secs()} giây")
            self.exposure, self.fixed = 0.0, 0
            for ctx in ctxs:
                self._histories(ctx, None)
            want = sc.checkins / sc.provinces
            k = max(0.02, (want - self.fixed) / self.exposure) if self.exposure else 1.0
            step = max(1, len(ctxs) // 10)
            for n, ctx in enumerate(ctxs, 1):
                self._histories(ctx, k)
                ctx.assignments = []
                if self.w.pending() >= _BATCH_ROWS:
                    self.w.flush()
                if n % step == 0 or n == len(ctxs):
                    self.say(f"Lịch sử thực hiện: văn bản {group_digits(n)}/{group_digits(len(ctxs))} · "
                             f"{group_digits(self.next_id['checkins'] - 1)} báo cáo tiến độ · {self._secs()} giây")
            self.w.flush()

    def _secs(self) -> str:
        return f"{time.perf_counter() - self.t0:.1f}".replace(".", ",")

    def _histories(self, ctx: _DirectiveCtx, k: float | None) -> None:
        """The history of each assignment of one directive; k None: the dry run."""
        key = f"{self.seed}:{self.scale.name}:{ctx.plan.province}:{ctx.plan.index}"
        rs = random.Random(f"{key}:scenario")
        rc = None if k is None else random.Random(f"{key}:reports")
        for aid, unit, kind, due in ctx.assignments:
            self._history(ctx, rs, rc, (k or 1.0) * unit.diligence, aid, unit, kind, due)

    def _directive(self, rng: random.Random, x: _Plan, recent: list[tuple]) -> _DirectiveCtx:
        did = self._id("directives")
        topic = rng.choice(TOPICS)
        year = x.signed_on.year
        # what it implements
        parent_id, refs = None, []
        r = rng.random()
        if recent and r < 0.25 and x.doc_type in ("Kế hoạch", "Công văn", "Quyết định"):
            pid, ptype, pnum, pdate, pissuer = recent[-1 - int(rng.random() * min(len(recent), 40))]
            parent_id = pid
            refs = [f"{ptype} số {pnum} ngày {_dmy(pdate)} của {pissuer}" if pnum else
                    f"{ptype} ngày {_dmy(pdate)} của {pissuer}"]
        elif r < 0.55:
            ntype, code, body = rng.choice(_NATIONAL_REFS)
            rd = x.signed_on - dt.timedelta(days=rng.randint(10, 200))
            num = f"{rng.randint(1, 99):02d}-{code}" if "/" in code else f"{rng.randint(1, 1800)}/{code}"
            refs = [f"{ntype} số {num} ngày {_dmy(rd)} của {body}"]
        summary = self._summary(rng, x, topic, refs)
        period = self._period(rng, x)
        spec, rphrase, _w = _weighted(rng, CYCLES, *_CYCLES_CUM)
        summary_folded = fold(" ".join(filter(None, [x.doc_type, x.number_text, summary])))
        parsed = parse_doc_number(x.number_text) if x.number_text else None
        signer = _person(random.Random(f"{self.seed}:signer:{x.province}:{x.issuer_kind}:{year}:{rng.randint(0, 3)}"))
        self.w.buf["directives"].append((
            did, x.doc_type, x.number_text, parsed.number if parsed else None, parsed.year if parsed else None,
            parsed.type_code if parsed else x.type_code, parsed.issuer_code if parsed else None,
            parsed.office_code if parsed else None, x.issuer, x.signed_on, PROVINCES[x.province][0], signer,
            summary, summary_folded, parent_id, refs, period[0] if period else None,
            period[1] if period else None, period[2] if period else None, spec, rphrase, None,
            dt.datetime.combine(x.signed_on, dt.time(8, 0)), 1))
        if x.doc_type in ("Nghị quyết", "Chỉ thị", "Kết luận", "Kế hoạch", "Quyết định"):
            recent.append((did, x.doc_type, x.number_text, x.signed_on, x.issuer))
        ctx = _DirectiveCtx(did, x, topic, period, self._cycle_days(spec), rng)
        self._tree(ctx)
        ctx.rng = None
        return ctx

    def _summary(self, rng, x: _Plan, topic, refs) -> str:
        subject, _lead, _area, _objs = topic
        y = x.signed_on.year
        ref = refs[0] if refs else None
        t = x.doc_type
        phase = "2016 - 2020" if y <= 2020 else "2021 - 2025"
        if t == "Kế hoạch":
            options = [f"{subject} trên địa bàn tỉnh năm {y}", f"{subject} giai đoạn {phase}"]
            if ref:
                options += [f"Triển khai thực hiện {ref}"] * 2
        elif t == "Quyết định":
            options = [f"Ban hành Kế hoạch {subject} năm {y}", f"Phê duyệt Đề án {subject}",
                       f"Ban hành Quy chế phối hợp trong {subject}"]
        elif t == "Chỉ thị":
            options = [f"Về việc {subject} trên địa bàn tỉnh", f"Về {subject} trong tình hình mới"]
        elif t == "Công văn":
            options = [f"V/v {subject}", f"V/v báo cáo tình hình {subject}"]
            if ref:
                options.append(f"V/v triển khai {ref}")
        elif t == "Kết luận":
            options = [f"Kết luận của {x.issuer.replace(' ' + PROVINCES[x.province][0], '')} về {subject}",
                       f"Kết luận tại cuộc họp về {subject}"]
        elif t == "Thông báo":
            options = [f"Thông báo kết luận của Chủ tịch UBND tỉnh tại cuộc họp về {subject}",
                       f"Ý kiến chỉ đạo của Chủ tịch UBND tỉnh về {subject}"]
        else:
            options = [f"Về {subject} giai đoạn {phase}", f"Về {subject} năm {y}"]
        s = rng.choice(options)
        return s[0].upper() + s[1:]

    def _period(self, rng, x: _Plan) -> tuple[dt.date, dt.date, str] | None:
        if x.doc_type not in ("Kế hoạch", "Nghị quyết", "Quyết định") or rng.random() < 0.45:
            return None
        y = x.signed_on.year + (x.signed_on.month == 12)
        r = rng.random()
        if r < 0.5:
            return dt.date(y, 1, 1), dt.date(y, 12, 31), f"Năm {y}"
        if r < 0.75:
            return dt.date(y, 1, 1), dt.date(y + 1, 12, 31), f"Năm {y} - {y + 1}"
        a, b = (2016, 2020) if y <= 2020 else (2021, 2025)
        return dt.date(a, 1, 1), dt.date(b, 12, 31), f"Giai đoạn {a} - {b}"

    # --- item tree, deadlines, assignments ---------------------------------------------------

    def _tree(self, ctx: _DirectiveCtx) -> None:
        """The item tree: flat for letters and short documents; otherwise I (objectives, not
        tasks), II (tasks by subject, some as bullets under a heading), III (organisation)."""
        x, rng = ctx.plan, ctx.rng
        n = x.tasks
        topic = ctx.topic
        nodes: list[tuple[str, str, str, str | None, str, tuple]] = []  # path, label, kind, parent, role, topic
        structured = n >= 7 and x.doc_type not in ("Công văn", "Thông báo")
        if not structured:
            bullets = rng.random() < 0.2
            for i in range(1, n + 1):
                label = f"-{i}" if bullets else str(i)
                nodes.append((label, label, "task", None, "main", topic))
        else:
            org = max(1, round(n * 0.12))
            main = n - org
            if x.doc_type in ("Kế hoạch", "Quyết định", "Nghị quyết"):
                nodes.append(("I", "I", "section", None, "objective", topic))
            nodes.append(("II", "II", "section", None, "heading2", topic))
            subs = max(1, round(main / 6))
            others = [t for t in TOPICS if t is not topic]
            areas = [topic] + rng.sample(others, min(len(others), subs - 1))
            left = main
            for s in range(1, subs + 1):
                k = left if s == subs else max(1, round(main / subs))
                k = min(k, left - (subs - s))
                left -= k
                area = areas[(s - 1) % len(areas)]
                nodes.append((f"II.{s}", str(s), "section", "II", "sub", area))
                if k >= 3 and rng.random() < 0.15:
                    nodes.append((f"II.{s}.1", f"{s}.1", "section", f"II.{s}", "lead", area))
                    for j in range(1, k + 1):
                        nodes.append((f"II.{s}.1-{j}", f"-{j}", "task", f"II.{s}.1", "main", area))
                else:
                    for j in range(1, k + 1):
                        nodes.append((f"II.{s}.{j}", f"{s}.{j}", "task", f"II.{s}", "main", area))
            nodes.append(("III", "III", "section", None, "heading3", topic))
            for j in range(1, org + 1):
                nodes.append((f"III.{j}", str(j), "task", "III", "org", topic))
        ids: dict[str, int] = {}
        for pos, (path, label, kind, parent, role, area) in enumerate(nodes):
            tid = self._id("tasks")
            ids[path] = tid
            parent_id = ids[parent] if parent else None
            if kind == "section":
                text_ = self._section_text(rng, role, area)
                self.w.buf["tasks"].append((tid, ctx.id, parent_id, "section", label, path, pos, text_,
                                            fold(text_), None, None, 1))
                continue
            dl = self._deadline(ctx, role)
            if role == "org":
                body = rng.choice(_ORG_TASKS)
            else:
                body = f"{rng.choice(_VERBS)} {rng.choice(area[3])}{rng.choice(_TAILS)}"
            if dl[3] and not dl[4] and rng.random() < 0.7:  # the phrase as the document writes it
                body += {"date": "; hoàn thành ", "until_event": "; thực hiện "}.get(dl[0], "; thời gian thực hiện: ")
                body += dl[3]
            body += "."
            deadline_id = self._id("deadlines")
            kind_, start, due, phrase, inherited = dl
            self.w.buf["deadlines"].append((deadline_id, kind_, start, due, phrase, inherited, 1))
            line = self._assign(ctx, tid, deadline_id, dl, area)
            self.task_nodes += 1
            self.w.buf["tasks"].append((tid, ctx.id, parent_id, "task", label, path, pos, body, fold(body),
                                        line, deadline_id, 1))

    @staticmethod
    def _section_text(rng: random.Random, role: str, area: tuple) -> str:
        if role == "objective":
            return rng.choice(_SECTION_I)
        if role == "heading2":
            return rng.choice(_SECTION_II)
        if role == "heading3":
            return _SECTION_III
        if role == "sub":
            return f"Về {area[2]}"
        return f"{rng.choice(_VERBS)} {rng.choice(area[3])}, cụ thể:"

    def _deadline(self, ctx: _DirectiveCtx, role: str) -> tuple:
        """(kind, start, due, phrase, inherited) as a document would state it."""
        rng, x = ctx.rng, ctx.plan
        kind = _weighted(rng, _KINDS, *_KINDS_CUM)
        if role == "org" and rng.random() < 0.6:
            kind = "recurring"
        if x.doc_type == "Công văn" and kind == "none" and rng.random() < 0.6:
            kind = "immediate"
        if kind == "none":
            if ctx.period:
                s, e, ph = ctx.period
                return ("date", s, e, ph, True)
            return ("none", None, None, None, False)
        if kind == "recurring":
            return ("recurring", None, None, rng.choice(RECURRING_PHRASES), False)
        if kind == "immediate":
            return ("immediate", None, None, rng.choice(IMMEDIATE_PHRASES), False)
        if kind == "until_event":
            return ("until_event", None, None, rng.choice(UNTIL_EVENT_PHRASES), False)
        return self._date_deadline(rng, x)

    @staticmethod
    def _date_deadline(rng: random.Random, x: _Plan) -> tuple:
        signed = x.signed_on
        if signed >= dt.date(2023, 12, 1) and rng.random() < 0.35:
            due = TODAY + dt.timedelta(days=rng.randint(0, 5))  # due soon on the workspace's day
            return ("date", None, due, f"chậm nhất ngày {_dmy(due)}", False)
        r = rng.random()
        days = (rng.randint(7, 30) if r < 0.3 else rng.randint(30, 95) if r < 0.65 else
                rng.randint(95, 365) if r < 0.95 else rng.randint(365, 730))
        target = signed + dt.timedelta(days=days)
        y = target.year
        yr = "" if y == signed.year and rng.random() < 0.3 else f"/{y}"
        shape = rng.random()
        if shape < 0.40:
            nxt = target + dt.timedelta(days=1)  # "before the 20th" is due on the 19th
            if yr or nxt.year != signed.year:
                yr = f"/{nxt.year}"
            return ("date", None, target, f"trước ngày {nxt.day}/{nxt.month}{yr}", False)
        if shape < 0.55:
            return ("date", None, target, rng.choice(["chậm nhất ngày ", "chậm nhất là ngày ", "ngày "])
                    + f"{target.day}/{target.month}/{y}", False)
        if shape < 0.70:
            m = target.month
            return ("date", dt.date(y, m, 1), _month_last(y, m), f"trong tháng {m}/{y}", False)
        if shape < 0.77:
            m = target.month
            return ("date", None, _month_last(y, m), f"đến hết tháng {m}/{y}", False)
        if shape < 0.82:
            m = target.month % 12 + 1
            yy = y + (target.month == 12)
            return ("date", None, _month_last(y, target.month), f"trước tháng {m}/{yy}", False)
        if shape < 0.90:
            q = (target.month - 1) // 3 + 1
            end = _month_last(y, q * 3)
            if rng.random() < 0.5:
                return ("date", dt.date(y, q * 3 - 2, 1), end, f"trong quý {_ROMAN_Q[q]} năm {y}", False)
            return ("date", None, end, f"đến hết quý {_ROMAN_Q[q]} năm {y}", False)
        if shape < 0.95 and target.month < 12:
            m = target.month
            return ("date", dt.date(y, m, 1), _month_last(y, m + 1), f"trong tháng {m} - {m + 1}/{y}", False)
        if rng.random() < 0.5:
            return ("date", dt.date(y, 1, 1), dt.date(y, 12, 31), f"trong năm {y}", False)
        return ("date", None, dt.date(y, 12, 31), f"đến hết năm {y}", False)

    def _assign(self, ctx: _DirectiveCtx, tid: int, deadline_id: int, dl: tuple, area: tuple) -> str:
        """Assignments of one task; returns the assignment line as the document writes it."""
        rng, x = ctx.rng, ctx.plan
        sc = self.scale
        made = self.next_id["assignments"] - 1
        left_tasks = max(1, sc.tasks - self.task_nodes)
        want = max(1.0, (sc.assignments - made) / left_tasks)  # steer the mean to the target
        units, cum, total = self._pool(x.province, x.signed_on)
        groups = [g for g in self.groups[x.province] if g.members]
        picked: list[tuple[_Unit, str, _Unit | None]] = []   # (unit, role, via group)
        seen: dict[int, bool] = {}
        names_lead: list[str] = []
        names_coord: list[str] = []
        modes: list[str] = []

        def take(u: _Unit, role: str, via: _Unit | None) -> None:
            if u.id in seen or not u.valid_on(x.signed_on):
                return
            seen[u.id] = True
            picked.append((u, role, via))

        g_avg = sum(len(g.members) for g in groups) / max(1, len(groups))
        p_group = min(0.5, max(0.0, (want - 1.5) / (g_avg + 1))) if groups else 0.0
        lead_key = ("p%02d_" % x.province if sc.provinces > 1 else "") + area[1]
        lead = self.by_key.get(lead_key)
        if lead is None or not lead.valid_on(x.signed_on) or rng.random() < 0.35:
            lead = _weighted(rng, units, cum, total)
            if lead.kind == "commune":  # a province rarely puts a commune in charge
                lead = _weighted(rng, units, cum, total)
        if rng.random() < p_group:
            g = rng.choice(groups)
            as_lead = rng.random() < 0.6
            if not as_lead:
                take(lead, "lead", None)
                names_lead.append(lead.name)
            for mid in g.members:
                take(self.units[mid - 1], "lead" if as_lead else "coordinating", g)
            (names_lead if as_lead else names_coord).append(_in_sentence(g.name))
            extra = 0
        else:
            take(lead, "lead", None)
            names_lead.append(lead.name)
            mean_small = max(1.0, want - (0.3 if rng.random() < 0.1 else 0.0))
            extra = int(rng.expovariate(1 / max(0.01, mean_small - 1))) if mean_small > 1 else 0
            extra = min(extra, 12)
        co_lead = rng.random() < 0.12
        for _ in range(extra):
            u = _weighted(rng, units, cum, total)
            if u.id in seen:
                continue
            role = "lead" if co_lead else "coordinating"
            take(u, role, None)
            (names_lead if co_lead else names_coord).append(u.name)
        A = x.signed_on
        created = dt.datetime.combine(A, dt.time(8, 30))
        own_due_p = 0.05 if dl[0] == "date" and not dl[4] else 0.0
        for u, role, via in picked:
            aid = self._id("assignments")
            a_dl = deadline_id
            kind, due = dl[0], dl[2]
            if own_due_p and role == "lead" and rng.random() < own_due_p:
                own = self._date_deadline(rng, x)
                a_dl = self._id("deadlines")
                self.w.buf["deadlines"].append((a_dl, *own, 1))
                due = own[2]
            self.w.buf["assignments"].append((aid, tid, u.id, role, u.mode, via.id if via else None, a_dl, A,
                                              created, 1))
            modes.append(u.mode)
            ctx.assignments.append((aid, u, kind, due.toordinal() if due else None))
        verb = "Đề nghị" if modes and all(m == "de_nghi" for m in modes) else "Giao"
        line = f"{verb} {', '.join(names_lead)}"
        if names_coord:
            line += f" chủ trì, phối hợp với {', '.join(names_coord)} thực hiện."
        else:
            line += " thực hiện."
        return line

    # --- history -----------------------------------------------------------------------------

    def _history(self, ctx: _DirectiveCtx, rng: random.Random, rc: random.Random | None, lam: float,
                 aid: int, u: _Unit, kind: str, D: int | None) -> None:
        """One assignment's scenario (drawn from `rng`) played by a _History."""
        A = ctx.plan.signed_on.toordinal()
        h = _History(self, ctx, aid, u, lam, rc)
        if kind == "recurring":
            end = min(_T, ctx.period[1].toordinal()) if ctx.period else _T
            h.progress(A, end, None, None, recurring=True)
            return
        if kind != "date":
            self._open(h, rng, A, kind)
            return
        span = max(1, D - A)
        if D < _T:
            s = _weighted(rng, _PAST, *_PAST_CUM)
        else:
            s = _weighted(rng, _FUTURE, *_FUTURE_CUM)
        ri = rng.randint
        if s == "silent":
            return
        if s in ("on_time", "early"):
            C = A + ri(max(1, span // 3), span)
            if s == "early":
                C = min(C, A + ri(1, max(1, _T - A)))
            R = C + ri(0, 2)
            h.progress(A, R - 1, 10, 90) and h.done(C, R) and h.decide(R + ri(1, 12), "confirm")
        elif s == "late":
            C = D + 1 + min(300, int(rng.expovariate(1 / 25)))
            R = C + ri(0, 2)
            h.progress(A, R - 1, 10, 90, blocked_after=D) and h.done(C, R) and h.decide(R + ri(1, 12), "confirm")
        elif s in ("ext_granted", "ext_refused", "ext_pending"):
            Q = max(A + 1, D - ri(0, 10)) if s != "ext_pending" else max(A + 1, _T - ri(0, 10))
            N = max(D, Q) + ri(15, 120)
            if not h.progress(A, Q - 1, 10, 60):
                return
            if s == "ext_pending":
                h.extension(Q, None, N, "requested")
                return
            dec = Q + ri(0, 7)
            if not h.extension(Q, dec, N, "granted" if s == "ext_granted" else "refused"):
                return
            if s == "ext_granted":
                C = Q + ri(1, max(1, N - Q)) if rng.random() < 0.8 else N + ri(1, 40)
            else:
                C = max(D, dec) + ri(5, 60)
            C = max(C, dec)
            R = C + ri(0, 2)
            h.progress(dec + 1, R - 1, 60, 95) and h.done(C, R) and h.decide(R + ri(1, 12), "confirm")
        elif s == "stalled":
            stop = min(_T, D + ri(30, 200)) if D < _T else _T
            h.progress(A, stop, 10, 60, blocked_after=A + span // 2)
        elif s == "awaiting":
            R = max(A + 1, _T - ri(0, 25))
            C = max(A, R - ri(0, 3))
            h.progress(A, R - 1, 10, 90) and h.done(C, R)
        elif s == "returned_open":
            R1 = max(A + 2, _T - ri(15, 90))
            if R1 >= _T - 3:
                R1 = A + 1
            C1 = max(A, R1 - ri(0, 2))
            back = R1 + ri(1, 7)
            (h.progress(A, R1 - 1, 10, 90) and h.done(C1, R1) and
             h.decide(back, "return") and h.progress(back + 1, _T, 70, 90))
        elif s == "returned_redo":
            C1 = A + ri(max(1, span // 3), span)
            R1 = C1 + ri(0, 2)
            back = R1 + ri(1, 7)
            C2 = back + ri(5, 45)
            R2 = C2 + ri(0, 2)
            (h.progress(A, R1 - 1, 10, 90) and h.done(C1, R1) and h.decide(back, "return") and
             h.progress(back + 1, R2 - 1, 70, 95) and h.done(C2, R2) and h.decide(R2 + ri(1, 10), "confirm"))
        else:  # progress: still being done on the workspace's day
            h.progress(A, _T, 10, 80, blocked_after=_T - ri(0, 200) if rng.random() < 0.2 else None)

    def _open(self, h: _History, rng: random.Random, A: int, kind: str) -> None:
        s = _weighted(rng, _OPEN, *_OPEN_CUM)
        ri = rng.randint
        if s == "silent":
            return
        if s == "progress":
            h.progress(A, _T, 10, 80)
            return
        C = A + (ri(1, 30) if kind == "immediate" else ri(10, 400))
        if s == "awaiting":
            C = max(A + 1, _T - ri(0, 20))
        R = C + ri(0, 2)
        if not (h.progress(A, R - 1, 10, 90) and h.done(C, R)):
            return
        if s == "done":
            h.decide(R + ri(1, 10), "confirm")
        elif s == "returned":
            back = R + ri(1, 7)
            h.decide(back, "return", ) and h.progress(back + 1, _T, 70, 90)


_KINDS = [k for k, _ in _KIND_WEIGHTS]
_KINDS_CUM = _cum([w for _, w in _KIND_WEIGHTS])
_CYCLES_CUM = _cum([c[2] for c in CYCLES])
# Scenarios of dated assignments: due already past on the workspace's day, or still ahead.
_PAST_W = [("on_time", 46), ("late", 22), ("ext_granted", 7), ("ext_refused", 2), ("stalled", 6),
           ("silent", 3), ("awaiting", 4), ("returned_open", 4), ("returned_redo", 5), ("ext_pending", 1)]
_FUTURE_W = [("early", 12), ("progress", 50), ("awaiting", 8), ("returned_open", 5), ("silent", 9),
             ("ext_pending", 4), ("ext_granted", 4), ("stalled", 8)]
_OPEN_W = [("done", 45), ("progress", 30), ("awaiting", 7), ("returned", 5), ("silent", 13)]
_PAST, _PAST_CUM = [s for s, _ in _PAST_W], _cum([w for _, w in _PAST_W])
_FUTURE, _FUTURE_CUM = [s for s, _ in _FUTURE_W], _cum([w for _, w in _FUTURE_W])
_OPEN, _OPEN_CUM = [s for s, _ in _OPEN_W], _cum([w for _, w in _OPEN_W])
_TEXT_VARIANTS = 400


@dataclass
class _DirectiveCtx:
    id: int
    plan: _Plan
    topic: tuple
    period: tuple[dt.date, dt.date, str] | None
    cycle: list[int]          # report dates (ordinals) of the directive's cycle
    rng: random.Random | None  # while its rows are made
    assignments: list[tuple[int, _Unit, str, int | None]] = field(default_factory=list)  # id, unit, kind, due


class _Texts:
    """Pre-rendered report texts (numbers filled in), chosen by index at generation time."""

    def __init__(self, seed: int):
        rng = random.Random(f"{seed}:texts")

        def render(templates):
            return [t.format(k=rng.randint(2, 40), j=rng.randint(1, 9), p=rng.choice(range(10, 100, 5)))
                    for t in templates for _ in range(_TEXT_VARIANTS // len(templates) + 1)]

        self.progress = render(_PROGRESS_RESULTS)
        self.done = render(_DONE_RESULTS)
        self.recurring = render(_RECURRING_RESULTS)
        # mostly empty, as most reports have no difficulty or proposal
        self.difficulties = [""] * (3 * len(_DIFFICULTIES)) + list(_DIFFICULTIES)
        self.proposals = [""] * (4 * len(_PROPOSALS)) + list(_PROPOSALS)


class _History:
    """Writes one assignment's facts in date order. Every method returns False once a fact
    would fall after the workspace's day: the history stops there (what is left is what a
    clerk would see on that day), so a chain `a() and b() and c()` cuts itself short.

    Dry (rc None): nothing is written; the generator's `exposure` adds up the expected number
    of periodic reports and `fixed` the completion reports. Dates never depend on `rc`."""

    __slots__ = ("g", "ctx", "aid", "unit", "lam", "rc", "last_checkin", "last_day", "w")

    def __init__(self, g: _Generator, ctx: _DirectiveCtx, aid: int, unit: _Unit, lam: float,
                 rc: random.Random | None):
        self.g, self.ctx, self.aid, self.unit, self.lam, self.rc = g, ctx, aid, unit, lam, rc
        self.last_checkin: int | None = None
        self.last_day = ctx.plan.signed_on.toordinal()
        self.w = g.w.buf

    def _clerk(self) -> int | None:
        return self.unit.clerk_id or self.rc.choice(self.g.office_clerks)

    def _checkin(self, day: int, status: str, progress: int | None, completed: int | None, result: str,
                 hard: bool = False) -> None:
        g, rng = self.g, self.rc
        cid = g.next_id["checkins"]
        g.next_id["checkins"] = cid + 1
        d = dt.date.fromordinal(day)
        texts = g.texts
        diff = rng.choice(_DIFFICULTIES) if hard else rng.choice(texts.difficulties)
        prop = rng.choice(texts.proposals)
        ref = (f"Báo cáo số {rng.randint(5, 999)}/BC-{self.unit.code} ngày {d.day:02d}/{d.month:02d}/{d.year}"
               if rng.random() < 0.85 else "")
        self.w["checkins"].append((
            cid, self.aid, d, dt.date.fromordinal(completed) if completed else None, self._clerk(), status,
            progress, result, diff, prop, ref, dt.datetime(d.year, d.month, d.day, 7 + cid % 10, cid % 60)))
        self.last_checkin = cid
        self.last_day = day

    def progress(self, lo: int, hi: int, p0: int | None, p1: int | None, *, recurring: bool = False,
                 blocked_after: int | None = None) -> bool:
        """Periodic reports in [lo, hi], following the directive's reporting cycle; the
        intensity `lam` is reports per period (fractions drawn at random)."""
        lo = max(lo, self.last_day)
        stop = hi > _T
        hi = min(hi, _T)
        if hi < lo:
            return not stop
        rng, lam = self.rc, self.lam
        days = self.ctx.cycle
        i = bisect.bisect_left(days, lo)
        if rng is None:  # dry run: one expected count per period overlapping [lo, hi]
            j = bisect.bisect_left(days, hi)
            self.g.exposure += lam * (j - i + 1)
            return not stop
        texts = self.g.texts
        width = max(1, hi - lo)
        first = True
        while i < len(days):
            end = days[i]
            start = days[i - 1] + 1
            a, b = max(start, lo), min(end, hi)
            if a > b:
                break
            n = int(lam)
            if rng.random() < lam - n:
                n += 1
            if n:
                span = b - a
                when = [b - min(span, int(rng.random() * 5))]
                for _ in range(n - 1):
                    when.append(a + int(rng.random() * (span + 1)))
                when.sort()
                for day in when:
                    if recurring:
                        self._checkin(day, "in_progress", None, None, rng.choice(texts.recurring))
                        continue
                    if first and rng.random() < 0.15:
                        self._checkin(day, "not_started", 0, None, "")
                    elif blocked_after is not None and day > blocked_after and rng.random() < 0.6:
                        pct = p0 + (p1 - p0) * (day - lo) // width
                        self._checkin(day, "blocked", pct - pct % 5, None, rng.choice(texts.progress), hard=True)
                    else:
                        pct = p0 + (p1 - p0) * (day - lo) // width
                        self._checkin(day, "in_progress", pct - pct % 5, None, rng.choice(texts.progress))
                    first = False
            if end >= hi:
                break
            i += 1
        return not stop

    def done(self, completed: int, reported: int) -> bool:
        reported = max(reported, self.last_day, completed)
        if reported > _T:
            return False
        completed = max(completed, self.ctx.plan.signed_on.toordinal())
        if self.rc is None:
            self.g.fixed += 1
            self.last_checkin, self.last_day = 0, reported
            return True
        self._checkin(reported, "done", 100, completed, self.rc.choice(self.g.texts.done))
        return True

    def decide(self, day: int, decision: str) -> bool:
        day = max(day, self.last_day)
        if day > _T or self.last_checkin is None:
            return False
        self.last_day = day
        g, rng = self.g, self.rc
        if rng is None:
            return True
        fid = g.next_id["confirmations"]
        g.next_id["confirmations"] = fid + 1
        d = dt.date.fromordinal(day)
        self.w["confirmations"].append((
            fid, self.aid, self.last_checkin, decision,
            rng.choice(_RETURN_REASONS) if decision == "return" else "", d, rng.choice(g.office_clerks),
            dt.datetime(d.year, d.month, d.day, 14, fid % 60)))
        return True

    def extension(self, requested: int, decided: int | None, new_due: int, status: str) -> bool:
        requested = max(requested, self.last_day)
        if requested > _T:
            return False
        if decided is not None:
            decided = max(decided, requested)
            if decided > _T:  # not answered yet on the workspace's day
                decided, status = None, "requested"
        new_due = max(new_due, requested + 1)
        self.last_day = decided or requested
        g, rng = self.g, self.rc
        if rng is None:
            return status != "requested"
        eid = g.next_id["extensions"]
        g.next_id["extensions"] = eid + 1
        r = dt.date.fromordinal(requested)
        nd = dt.date.fromordinal(new_due)
        note = ("" if status == "requested" else f"Đồng ý gia hạn đến ngày {_dmy0(nd)}." if status == "granted"
                else "Không đồng ý gia hạn; đề nghị khẩn trương hoàn thành.")
        self.w["extensions"].append((
            eid, self.aid, nd, rng.choice(_EXTENSION_REASONS), status, r, self._clerk(),
            dt.date.fromordinal(decided) if decided else None,
            rng.choice(g.office_clerks) if decided else None, note,
            dt.datetime(r.year, r.month, r.day, 10, eid % 60), 1))
        return status != "requested"


# =============================================================================================
# Public API
# =============================================================================================

def existing_rows(db) -> dict[str, int]:
    """Rows already in the tables `generate` writes (an unmigrated database counts as empty)."""
    from sqlalchemy import inspect

    with db.engine.connect() as conn:
        if not inspect(conn).has_table("directives"):
            return {}
        return {t: conn.execute(select(func.count()).select_from(Base.metadata.tables[t])).scalar_one()
                for t in GENERATED_TABLES}


def empty_workspace(db) -> None:
    """Delete every row of every table of the workspace, in one transaction."""
    tables = list(reversed(Base.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for t in tables:
                conn.execute(t.delete())


def refuse_unless_empty(db, force: bool = False) -> bool:
    """True when the database holds data that `force` allows to replace; raises (in
    Vietnamese) when it holds data and `force` is not given; False when it is empty."""
    rows = existing_rows(db)
    if not any(rows.values()):
        return False
    if force:
        return True
    if rows.get("directives"):
        raise ValidationError(
            f"Cơ sở dữ liệu {db.location} đã có {group_digits(rows['directives'])} văn bản chỉ đạo; không ghi đè. "
            "Dùng --force để xóa toàn bộ dữ liệu và tạo lại.")
    raise ValidationError(
        f"Cơ sở dữ liệu {db.location} đã có dữ liệu (đơn vị, cán bộ hoặc thiết lập); không ghi đè. "
        "Dùng --force để xóa toàn bộ dữ liệu và tạo lại.")


def _sync_sequences(conn: Connection) -> None:
    """PostgreSQL: ids were given here, so move each serial sequence past the largest id."""
    if conn.dialect.name != "postgresql":
        return
    for t in Base.metadata.sorted_tables:
        pk = list(t.primary_key.columns)
        if len(pk) != 1 or pk[0].name != "id" or not pk[0].autoincrement:
            continue
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence(:t, 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) "
            f'FROM "{t.name}"'), {"t": t.name})


def _after_facts(conn: Connection) -> None:
    """Called once every fact (check-in, decision, extension) is written, in the same
    connection. Derived tables are rebuilt here."""
    from core.fact_states import rebuild_all_states
    from core.state_counts import rebuild_checkin_days

    rebuild_all_states(conn)
    rebuild_checkin_days(conn)


def generate(db, scale: str | Scale = "tiny", *, seed: int = 1, force: bool = False,
             os_user: str | None = None, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Fill `db` (a db.engine.Database) with a synthetic workspace; returns rows per table.

    Refuses (ValidationError, in Vietnamese) a database that already holds data unless
    `force`, which first empties every table in one transaction. `os_user`, if given, is
    added as an administrator so whoever generated the workspace can try every action."""
    from db.migrate import ensure_schema

    sc = scale if isinstance(scale, Scale) else SCALES.get(scale)
    if sc is None:
        raise ValidationError(f"Quy mô «{scale}» không hợp lệ; chọn một trong: {', '.join(SCALES)}.")
    if not 1 <= sc.provinces <= len(PROVINCES):
        raise ValidationError(f"Số tỉnh phải từ 1 đến {len(PROVINCES)}, không phải {sc.provinces}.")
    ensure_schema(db.engine)
    if refuse_unless_empty(db, force):
        empty_workspace(db)
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.dbapi_connection if sqlite else None
        if sqlite:  # this connection only: durability is pointless for a generated workspace
            raw.execute("PRAGMA synchronous=OFF")
            raw.execute("PRAGMA cache_size=-131072")
            raw.execute("PRAGMA temp_store=MEMORY")
        try:
            conn.begin()  # PostgreSQL: COPY runs on the DBAPI connection, inside this transaction
            g = _Generator(conn, sc, seed, os_user, progress)
            g.build_units()
            g.build_clerks()
            g.run()
            _after_facts(conn)
            _sync_sequences(conn)
            conn.commit()
            if not sqlite:
                # Millions of rows just arrived, and autovacuum comes late (none had run 10 min
                # after a region was built). Without statistics the planner guesses: one unit's
                # overdue list took 12 s at region scale. Without a visibility map no index-only
                # scan is possible: the scorecards' latest check-ins took 1.8 s instead of 0.8 s.
                # VACUUM runs outside a transaction: 8.5 s for a region. The workspace's own
                # tables (a server holds other databases and schemas).
                tables = ", ".join(conn.dialect.identifier_preparer.quote(t.name) for t in Base.metadata.sorted_tables)
                conn.execution_options(isolation_level="AUTOCOMMIT")
                conn.execute(text(f"VACUUM (ANALYZE) {tables}"))
                conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            if sqlite:
                raw.execute("PRAGMA synchronous=NORMAL")
                raw.execute("PRAGMA cache_size=-2000")
                raw.execute("PRAGMA temp_store=DEFAULT")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = dict(g.w.counts)
    counts["task_nodes"] = g.task_nodes  # of "tasks", the nodes that are tasks (not sections)
    return counts
