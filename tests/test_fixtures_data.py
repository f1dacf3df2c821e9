"""Checks on the hand-made fixtures: seed 002 dataset and the Bình Phước unit registry.

Standalone: json + stdlib + pytest only. The answer keys (copied from ../shared/gold into
fixtures/gold, so the check never depends on a folder outside the repository) are compared
with the dataset built from them.
"""
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
GOLD_DIR = FIXTURES / "gold"
GOLD_FILE = GOLD_DIR / "002_873e37694dc3bec6.gold.json"

# Key names that are not a registry name or alias: key name -> registry name.
KEY_NAME_MAP = {
    # "cùng cấp" next to "UBND các huyện, thị xã, thành phố" means the district level
    "Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp": "Ủy ban MTTQ Việt Nam cấp huyện",
}


def nfc(s):
    return unicodedata.normalize("NFC", s)


def norm_name(s):
    return re.sub(r"\s+", " ", nfc(s)).strip().casefold()


def squash(s):
    """Text modulo whitespace and markdown asterisks."""
    return re.sub(r"\s+", "", nfc(s).replace("*", ""))


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data():
    return load("seed_002.json")


@pytest.fixture(scope="module")
def registry():
    return load("units_binh_phuoc.json")


@pytest.fixture(scope="module")
def seed_text(data):
    return (FIXTURES / data["source_file"]).read_text(encoding="utf-8")


def tasks_of(data):
    return [n for n in data["nodes"] if n["kind"] == "task"]


def _d(s):
    return date.fromisoformat(s) if s else None


def valid_on(entry, day):
    vf, vt = _d(entry.get("valid_from")), _d(entry.get("valid_to"))
    return (vf is None or vf <= day) and (vt is None or day <= vt)


def make_resolver(registry, day, *, aliases):
    """name -> registry key, among entries valid on `day` (groups are always valid)."""
    table = {}
    entries = [(u, "unit") for u in registry["units"]] + [(g, "group") for g in registry["groups"]]
    for e, _ in entries:
        if not valid_on(e, day):
            continue
        names = [e["name"]] + (e.get("aliases", []) if aliases else [])
        for n in names:
            k = norm_name(n)
            assert table.get(k, e["key"]) == e["key"], f"ambiguous name {n!r} on {day}"
            table[k] = e["key"]
    return lambda name: table.get(norm_name(name))


# ---------------------------------------------------------------- dataset alone

def test_directive_header(data):
    d = data["directive"]
    assert d["doc_type"] == "Kế hoạch" and d["type_code"] == "KH"
    assert d["signed_on"] == "2021-08-14"
    assert d["reporting"]["cycle"] == "semi_monthly"


def test_all_strings_nfc_without_asterisks(data):
    def walk(x):
        if isinstance(x, str):
            assert x == nfc(x), x
            assert "*" not in x, x
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(data)


def test_node_refs_unique_and_parents_exist(data):
    refs = [n["ref"] for n in data["nodes"]]
    assert len(refs) == len(set(refs))
    seen = set()
    for n in data["nodes"]:
        ref = n["ref"]
        parent = re.sub(r"(-\d+|\.[^.\-]+)$", "", ref)
        if parent != ref:
            assert parent in seen, f"{ref}: parent {parent} missing or after it"
        seen.add(ref)
        assert n["kind"] in ("section", "task")
        assert n["text"].strip()
        lab = n["label"]
        last = ref.split(".")[-1]
        if "-" in last:
            assert lab == "-" + last.split("-")[-1], ref
        else:
            assert lab == last or lab.endswith("." + last) or lab == ref, ref


def test_texts_occur_in_seed(data, seed_text):
    hay = squash(seed_text)
    for n in data["nodes"]:
        assert squash(n["text"]) in hay, n["ref"]
        if n["kind"] == "task" and n["assignment_line"]:
            assert squash(n["assignment_line"]) in hay, n["ref"]


def test_task_fields(data, registry, seed_text):
    day = date.fromisoformat(data["directive"]["signed_on"])
    names = make_resolver(registry, day, aliases=False)
    kinds = {"date", "recurring", "immediate", "until_event", "none"}
    for t in tasks_of(data):
        for role in ("lead", "coordinating", "requested"):
            for name in t[role]:
                assert names(name), f"{t['ref']}: {name!r} is not a registry unit/group name"
        assert t["lead"], t["ref"]
        assert set(t["requested"]) <= set(t["lead"]) | set(t["coordinating"]), t["ref"]
        dl = t["deadline"]
        assert dl["kind"] in kinds
        assert (dl["due"] is not None) == (dl["kind"] == "date"), t["ref"]
        if dl["start"]:
            assert dl["start"] <= dl["due"]
        if dl["phrase"]:
            # as printed; usually in the task's own text or its assignment line, but a
            # shared trailing line (II.2.11) may give the time to a bullet that names its own unit
            assert squash(dl["phrase"]) in squash(seed_text), t["ref"]


# ---------------------------------------------------------------- registry alone

def test_registry_keys_and_links(registry):
    units = {u["key"]: u for u in registry["units"]}
    groups = {g["key"]: g for g in registry["groups"]}
    all_keys = [u["key"] for u in registry["units"]] + [g["key"] for g in registry["groups"]]
    assert len(all_keys) == len(set(all_keys)), "duplicate keys"
    kinds = {"people_committee", "office", "department", "force", "district", "commune_collective",
             "party", "mass_org", "media", "steering", "agency", "other"}
    for k in all_keys:
        assert re.fullmatch(r"[a-z0-9_]+", k), k
    for u in units.values():
        assert u["kind"] in kinds, u["key"]
        assert u["parent"] is None or u["parent"] in units, u["key"]
        assert u["successor"] is None or u["successor"] in units, u["key"]
        vf, vt = _d(u["valid_from"]), _d(u["valid_to"])
        if vf and vt:
            assert vf <= vt, u["key"]
        if u["successor"]:
            s = units[u["successor"]]
            assert vt is not None, u["key"]
            # a successor is either new (valid_from after the end) or an existing body
            assert s["valid_from"] is None or _d(s["valid_from"]) > vt, u["key"]
            assert s["valid_to"] is None or _d(s["valid_to"]) > vt, u["key"]
    for g in groups.values():
        assert g["members"], g["key"]
        assert len(g["members"]) == len(set(g["members"]))
        for m in g["members"]:
            assert m in units, (g["key"], m)


def test_registry_names_unambiguous(registry):
    """A name or alias may be shared only by entries whose validity does not overlap."""
    owners = {}
    for e in registry["units"] + registry["groups"]:
        for n in {norm_name(x) for x in [e["name"]] + e.get("aliases", [])}:
            owners.setdefault(n, []).append(e)
    for n, es in owners.items():
        for i, a in enumerate(es):
            for b in es[i + 1:]:
                a0, a1 = _d(a.get("valid_from")) or date.min, _d(a.get("valid_to")) or date.max
                b0, b1 = _d(b.get("valid_from")) or date.min, _d(b.get("valid_to")) or date.max
                assert a1 < b0 or b1 < a0, f"{n!r}: {a['key']} and {b['key']} overlap"


def test_registry_content(registry):
    units = {u["key"]: u for u in registry["units"]}
    groups = {g["name"]: g for g in registry["groups"]}
    district_names = {"UBND thành phố Đồng Xoài", "UBND thị xã Bình Long", "UBND thị xã Phước Long",
                      "UBND huyện Chơn Thành", "UBND huyện Bù Đăng", "UBND huyện Bù Đốp",
                      "UBND huyện Bù Gia Mập", "UBND huyện Đồng Phú", "UBND huyện Hớn Quản",
                      "UBND huyện Lộc Ninh", "UBND huyện Phú Riềng"}
    for gname in ("UBND các huyện, thị xã, thành phố", "UBND cấp huyện"):
        members = {units[m]["name"] for m in groups[gname]["members"]}
        assert members == district_names, gname
    for m in groups["UBND các huyện, thị xã, thành phố"]["members"]:
        assert units[m]["kind"] == "district"
        assert units[m]["valid_to"] == "2025-06-30" and units[m]["successor"] is None
    depts = {u["key"] for u in units.values() if u["kind"] == "department" and u["parent"] == "ubnd_tinh"}
    assert set(groups["Các sở, ban, ngành tỉnh"]["members"]) == depts
    on_2021 = {u["name"] for u in units.values() if valid_on(u, date(2021, 8, 14))}
    for name in ["Sở Nội vụ", "Sở Tư pháp", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Công Thương",
                 "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giao thông vận tải", "Sở Xây dựng",
                 "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông",
                 "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch",
                 "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Ngoại vụ",
                 "Thanh tra tỉnh", "Văn phòng UBND tỉnh", "Ban Dân tộc", "Ban Quản lý Khu kinh tế"]:
        assert name in on_2021, name
    # 2025-03-01 department mergers
    merged = {"Sở Kế hoạch và Đầu tư": "Sở Tài chính", "Sở Tài chính": "Sở Tài chính",
              "Sở Thông tin và Truyền thông": "Sở Khoa học và Công nghệ",
              "Sở Khoa học và Công nghệ": "Sở Khoa học và Công nghệ",
              "Sở Lao động - Thương binh và Xã hội": "Sở Nội vụ", "Sở Nội vụ": "Sở Nội vụ",
              "Sở Giao thông vận tải": "Sở Xây dựng", "Sở Xây dựng": "Sở Xây dựng",
              "Sở Tài nguyên và Môi trường": "Sở Nông nghiệp và Môi trường",
              "Sở Nông nghiệp và Phát triển nông thôn": "Sở Nông nghiệp và Môi trường"}
    old = {u["name"]: u for u in units.values() if u["valid_from"] is None and u["parent"] == "ubnd_tinh"}
    for name, new_name in merged.items():
        u = old[name]
        assert u["valid_to"] == "2025-02-28", name
        s = units[u["successor"]]
        assert s["name"] == new_name and s["valid_from"] == "2025-03-01", name
    resolve = make_resolver(registry, date(2021, 8, 14), aliases=True)
    for alias, name in [("BCHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"), ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
                        ("Sở TT&TT", "Sở Thông tin và Truyền thông"), ("UBMTTQVN tỉnh", "Ủy ban MTTQ Việt Nam tỉnh"),
                        ("Ngành Y tế", "Sở Y tế"), ("Bộ Chỉ huy Quân sự", "Bộ Chỉ huy Quân sự tỉnh")]:
        assert resolve(alias) is not None and resolve(alias) == resolve(name), alias


# ---------------------------------------------------------------- against the answer key

@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD_FILE.read_text(encoding="utf-8"))


def test_gold_document(gold, data):
    d, g = data["directive"], gold["document"]
    for k in ("doc_type", "number", "issuer", "signed_on", "reporting"):
        assert d[k] == g[k], k


def test_gold_task_list(gold, data):
    assert [t["ref"] for t in tasks_of(data)] == [t["ref"] for t in gold["tasks"]]


def test_gold_text_start(gold, data):
    mine = {t["ref"]: t for t in tasks_of(data)}
    for g in gold["tasks"]:
        text = nfc(mine[g["ref"]]["text"]).replace("*", "")
        assert text.startswith(nfc(g["text_start"]).replace("*", "")), g["ref"]


def test_gold_units_and_deadlines(gold, data, registry):
    day = date.fromisoformat(data["directive"]["signed_on"])
    resolve = make_resolver(registry, day, aliases=True)

    def keys(names, ref):
        out = []
        for n in names:
            k = resolve(KEY_NAME_MAP.get(n, n))
            assert k, f"{ref}: {n!r} does not resolve in the registry"
            out.append(k)
        return sorted(out)

    mine = {t["ref"]: t for t in tasks_of(data)}
    for g in gold["tasks"]:
        t = mine[g["ref"]]
        for role in ("lead", "coordinating"):
            assert keys(t[role], g["ref"]) == keys(g[role], g["ref"]), (g["ref"], role)
        dl = {k: v for k, v in t["deadline"].items() if k != "start"}
        assert dl == g["deadline"], g["ref"]
