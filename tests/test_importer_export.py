"""The draft as JSON and as the store draft; a real store of seed 002 into a workspace."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from core.importer import (
    document_to_store_draft,
    draft_to_json,
    import_file,
    parse_text,
    suggest_units,
)
from core.models import Assignment, Directive, Task
from core.services.directives import store_directive
from core.services.units import resolver
from core.units import UnknownUnitError

ROOT = Path(__file__).resolve().parents[1]
SEED_002 = ROOT / "fixtures" / "seeds" / "002_873e37694dc3bec6.txt"


def test_json_shape_and_dates():
    data = draft_to_json(import_file(SEED_002))
    doc = data["documents"][0]
    assert doc["signed_on"] == "2021-08-14"
    assert doc["reporting"] == {"cycle": "semi_monthly",
                                "phrase": "định kỳ ngày 15 và 30 hàng tháng báo cáo kết quả về UBND tỉnh"}
    assert doc["period"] is None
    first = doc["tasks"][0]
    assert first["ref"] == "II.1.1"
    assert first["deadline"] == {"kind": "date", "start": None, "due": "2021-08-15",
                                 "phrase": "trước ngày 16/8/2021"}
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_period_in_json():
    data = draft_to_json(import_file(ROOT / "fixtures" / "seeds" / "001_9e8a56f8ff9447c5.txt"))
    assert data["documents"][0]["period"] == {"start": "2022-01-01", "end": "2023-12-31"}


def test_store_draft_keeps_the_tree_parents_first():
    draft = document_to_store_draft(import_file(SEED_002).documents[0], source_file="seeds/002.txt")
    assert draft["source_file"] == "seeds/002.txt"
    refs = [n["ref"] for n in draft["nodes"]]
    assert refs[:4] == ["II", "II.1", "II.1.1", "II.1.2"]
    seen = set()
    for n in draft["nodes"]:
        parent = n["ref"].rsplit("-", 1)[0] if "-" in n["ref"] else (
            n["ref"].rsplit(".", 1)[0] if "." in n["ref"] else None)
        assert parent is None or parent in seen, n["ref"]
        seen.add(n["ref"])
        if n["kind"] == "task":
            assert n["lead"] and n["deadline"]["kind"]
            assert set(n["requested"]) <= set(n["lead"])
    bullet = next(n for n in draft["nodes"] if n["ref"] == "II.1.2-3")
    assert bullet["label"] == "-3" and bullet["assignment_line"] == "Trách nhiệm của UBND cấp huyện:"


def test_a_letter_and_its_conclusions_store_separately():
    draft = import_file(ROOT / "fixtures" / "seeds" / "003_97638d16cfa20c5e.txt")
    stores = [document_to_store_draft(d) for d in draft.documents]
    assert [s["directive"]["number"] for s in stores] == ["10822/UBND-KGVX", "13-KL/BCĐ", "14-KL/BCĐ"]
    assert stores[1]["directive"]["type_code"] == "KL"


def test_seed_002_stores_into_a_workspace(db):
    """Parse → store_directive with the Bình Phước registry; names the registry lacks are mapped
    by the caller to the first suggestion, as the CLI will offer."""
    from core.demo import UNITS_FILE, load_json, load_units

    doc = import_file(SEED_002).documents[0]
    draft = document_to_store_draft(doc)
    with db.session() as s:
        load_units(s, load_json(UNITS_FILE))
        res = resolver(s)
        names = [u.name for u in res.records]
        mapping = {}
        for node in draft["nodes"]:
            for key in ("lead", "coordinating", "requested"):
                for name in node.get(key) or []:
                    try:
                        res.resolve(name, on=doc.signed_on)
                    except UnknownUnitError:
                        mapping[name] = suggest_units(name, names)[0]
        # Only the "cùng cấp" front of the district level is unknown to the registry.
        assert mapping == {"Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp": "Ủy ban MTTQ Việt Nam cấp huyện"}
        for node in draft["nodes"]:
            for key in ("lead", "coordinating", "requested"):
                if key in node:
                    node[key] = [mapping.get(n, n) for n in node[key]]
        stored = store_directive(s, draft, res)
        assert stored.tasks == 55
        directive_id = stored.directive.id
    with db.session() as s:
        d = s.get(Directive, directive_id)
        assert d.signed_on == date(2021, 8, 14) and d.reporting_cycle == "semi_monthly"
        assert s.scalar(select(func.count()).select_from(Task).where(Task.directive_id == directive_id)) == 67
        # Groups expand to one assignment per member (11 districts for "UBND các huyện…").
        n = s.scalar(select(func.count()).select_from(Assignment).join(Task).where(Task.directive_id == directive_id))
        assert n > 55


def test_parse_text_accepts_an_empty_string():
    draft = parse_text("")
    assert len(draft.documents) == 1 and draft.documents[0].tasks == []
    assert "tasks" in draft.documents[0].uncertain
