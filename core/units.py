"""Resolving unit names as documents and clerks write them to known units. No database.

Matching works on a *key* (see `unit_key`): abbreviations expanded, tones canonical, case and
diacritics folded, punctuation dropped. Resolution tries, in order:

1. exact key match on a name or alias (score 100, exact=True);
2. a "loose" key match, which also ignores "và" and a trailing "tỉnh …" ("Sở Y tế tỉnh Bình
   Phước" → "Sở Y tế"; "Công an" → "Công an tỉnh");
3. a typo-tolerant match: Levenshtein distance between keys of at most
   `allowed_edits(len(key))` (1 edit below 20 characters, 2 below 30, 3 beyond), and a single
   best unit.

Otherwise `UnknownUnitError` with up to three suggestions. Vague phrases ("các cơ quan liên
quan") raise `VagueUnitError`, a distinct error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import Iterable, Sequence


from core.errors import AmbiguousError, DondocError, UnknownUnitError
from core.text import canonical_tones, fold, normalise_space, sort_key

__all__ = [
    "ABBREVIATIONS",
    "UnitRecord",
    "Resolution",
    "VagueUnitError",
    "UnitResolver",
    "allowed_edits",
    "expand_abbreviations",
    "unit_key",
    "loose_key",
    "is_vague",
    "search",
]


@dataclass(frozen=True)
class UnitRecord:
    id: int
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    member_ids: tuple[int, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


@dataclass(frozen=True)
class Resolution:
    unit: UnitRecord
    unit_ids: tuple[int, ...]
    score: float
    exact: bool


class VagueUnitError(DondocError):
    """A phrase such as «các cơ quan liên quan» that names no unit in particular."""

    def __init__(self, text: str):
        self.text = text
        super().__init__(
            f"«{text}» không chỉ rõ đơn vị nào; cần ghi cụ thể tên đơn vị được giao."
        )


# --------------------------------------------------------------------------- abbreviations

# (abbreviation, expansion); longer forms first where one is a prefix of another.
ABBREVIATIONS: list[tuple[str, str]] = [
    ("UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("MTTQVN", "Mặt trận Tổ quốc Việt Nam"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("BCĐ", "Ban Chỉ đạo"),
    ("BTV", "Ban Thường vụ"),
    ("BCHQS", "Bộ Chỉ huy Quân sự"),
    ("BĐBP", "Bộ đội Biên phòng"),
    ("LĐ-TB&XH", "Lao động - Thương binh và Xã hội"),
    ("LĐ - TB&XH", "Lao động - Thương binh và Xã hội"),
    ("LĐTBXH", "Lao động - Thương binh và Xã hội"),
    ("KH&ĐT", "Kế hoạch và Đầu tư"),
    ("TT&TT", "Thông tin và Truyền thông"),
    ("VH,TT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("VHTTDL", "Văn hóa, Thể thao và Du lịch"),
    ("GD&ĐT", "Giáo dục và Đào tạo"),
    ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("PTNT", "Phát triển nông thôn"),
    ("TN&MT", "Tài nguyên và Môi trường"),
    ("GTVT", "Giao thông vận tải"),
    ("KH&CN", "Khoa học và Công nghệ"),
    ("BQL", "Ban Quản lý"),
    ("KCN", "Khu công nghiệp"),
    ("KKT", "Khu kinh tế"),
    ("CDC", "Trung tâm Kiểm soát bệnh tật"),
    ("PCT", "Phó Chủ tịch"),
    ("VP", "Văn phòng"),
    ("TU", "Tỉnh ủy"),
    ("CA", "Công an"),
]


def _abbr_body(abbr: str) -> str:
    """Between letter chunks allow '-', '&', ',' with any spacing, or nothing ("LĐ-TB&XH",
    "LĐ - TB & XH", "LĐTBXH")."""
    chunks = re.findall(r"\w+", abbr)
    sep = r"(?:\s*[-&,]\s*)?"
    return sep.join(re.escape(c) for c in chunks)


class _Abbreviations:
    """Whole-token abbreviations replaced in one scan: a single alternation, in the list's
    order, so at any position the earlier (longer) form wins, as if each were applied in turn.
    One scan instead of thirty keeps a resolver over a province's units cheap to build."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.expansions = [e for _, e in pairs]
        body = "|".join(f"(?P<a{i}>{_abbr_body(a)})" for i, (a, _) in enumerate(pairs))
        self.pattern = re.compile(rf"(?<![\w&])(?:{body})(?![\w&])")

    def _expansion(self, m: re.Match[str]) -> str:
        return self.expansions[int(m.lastgroup[1:])]

    def sub(self, text: str) -> str:
        return self.pattern.sub(self._expansion, text)


_EXACT = _Abbreviations(ABBREVIATIONS)
# Second pass on folded text (typed without diacritics or in lower case: "bchqs", "ld-tb&xh").
# Two-letter abbreviations are left out: "tu", "ca", "vp" are ordinary syllables once folded.
_FOLDED = _Abbreviations([(fold(a), fold(e)) for a, e in ABBREVIATIONS if len(re.sub(r"\W", "", a)) >= 3])


def expand_abbreviations(text: str) -> str:
    """Replace whole-token abbreviations by their expansions ("BCHQS tỉnh" → "Bộ Chỉ huy
    Quân sự tỉnh"). Case-sensitive: abbreviations are written in capitals."""
    return _EXACT.sub(text)


# --------------------------------------------------------------------------- keys

_LEADING_VERB = re.compile(r"^(?:giao|de nghi)\s+(?!thong\b|duc\b|dich\b)")
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)  # pure, and every resolver built re-keys the same few hundred names
def unit_key(text: str) -> str:
    """The matching key of a unit name: "UBND tỉnh" and "Ủy ban nhân dân tỉnh" → "ubnd tinh"."""
    s = expand_abbreviations(normalise_space(text))
    s = fold(canonical_tones(s))
    s = _FOLDED.sub(s)
    s = _NON_WORD.sub(" ", s).strip()
    s = _LEADING_VERB.sub("", s)
    s = re.sub(r"\buy ban nhan dan\b", "ubnd", s)
    s = re.sub(r"\bmat tran to quoc viet nam\b", "mat tran to quoc", s)
    return normalise_space(s)


_TRAILING_PROVINCE = re.compile(r"\s+tinh(?:\s+\w+){0,3}$")


def loose_key(text: str) -> str:
    """`unit_key` without "và" and without a trailing "tỉnh …"."""
    s = unit_key(text)
    s = re.sub(r"\bva\b", " ", s)
    s = normalise_space(s)
    stripped = _TRAILING_PROVINCE.sub("", s)
    return stripped or s


def allowed_edits(key_length: int) -> int:
    """Typo budget for a key of that length: 1 below 20 characters, 2 below 30, else 3."""
    if key_length < 20:
        return 1
    if key_length < 30:
        return 2
    return 3


# --------------------------------------------------------------------------- vague phrases

_VAGUE_NOUN = r"(?:co quan|don vi|so|ban|nganh|doan the|hoi|luc luong|chuc nang|dia phuong|to chuc|ca nhan|va|cap|cac|tat ca)"
_VAGUE_RE = re.compile(
    rf"^(?:cac\s+|tat ca\s+|toan bo\s+)+(?:{_VAGUE_NOUN}\s+)*{_VAGUE_NOUN}"
    r"(?:\s+(?:tinh|huyen|xa|cac cap))?(?:\s+(?:co\s+)?(?:lien quan|khac))?$"
)
_VAGUE_EXACT = {
    "chinh quyen cac cap",
    "cac cap chinh quyen",
    "cac cap cac nganh",
    "cac dia phuong",
    "cac co quan",
    "cac don vi",
    "cac co quan don vi",
    "cac don vi dia phuong",
    "cac co quan don vi dia phuong",
    "cac luc luong chuc nang",
}


def _vague_norm(text: str) -> str:
    s = _NON_WORD.sub(" ", fold(canonical_tones(text))).strip()
    s = _LEADING_VERB.sub("", s)
    return normalise_space(s)


def is_vague(text: str) -> bool:
    """True for phrases that name no unit: «các cơ quan liên quan», «chính quyền các cấp»,
    «các sở, ngành tỉnh có liên quan», «các địa phương», «các cơ quan khác»…"""
    s = _vague_norm(text)
    if s in _VAGUE_EXACT:
        return True
    m = _VAGUE_RE.match(s)
    if not m:
        return False
    # A bare list of nouns ("các sở, ban, ngành tỉnh") may be a defined group; it is vague
    # only with "liên quan"/"khác", or when it is one of the fixed phrases above.
    return s.endswith("lien quan") or s.endswith("khac")


# --------------------------------------------------------------------------- resolver

def _canonical(text: str) -> str:
    """A name compared with its diacritics: "Sở Y tế" ≠ "Sở Ý tế", "BCHQS" = "Bộ Chỉ huy…"."""
    return canonical_tones(expand_abbreviations(normalise_space(text))).casefold()


def _unit_ids(unit: UnitRecord) -> tuple[int, ...]:
    return tuple(unit.member_ids) if unit.member_ids else (unit.id,)


class UnitResolver:
    """Resolves free text to a unit (or a group's members) among the given records."""

    def __init__(self, records: Iterable[UnitRecord], keys: Iterable[Sequence[str]] | None = None):
        """`keys`, if given, are `record_keys` of the same records (kept from an earlier
        resolver: keying a province's 600 names is most of building one)."""
        self.records: list[UnitRecord] = list(records)
        self._by_id = {r.id: r for r in self.records}
        # key -> list of (record, is_name, text as written)
        self._exact: dict[str, list[tuple[UnitRecord, bool, str]]] = {}
        self._keys: list[str] = []
        self._key_units: list[UnitRecord] = []
        given = iter(keys) if keys is not None else None
        for r in self.records:
            texts = (r.name, *r.aliases)
            record_keys = next(given) if given is not None else [unit_key(t) for t in texts]
            if len(record_keys) != len(texts):
                raise ValueError(f"{len(record_keys)} keys for the {len(texts)} names of unit {r.id}")
            for i, (text, k) in enumerate(zip(texts, record_keys)):
                if not k:
                    continue
                self._exact.setdefault(k, []).append((r, i == 0, text))
                self._keys.append(k)
                self._key_units.append(r)
        self._loose_index: dict[str, list[UnitRecord]] | None = None

    def record_keys(self) -> list[list[str]]:
        """`unit_key` of each record's name and aliases, in order (see `__init__`)."""
        return [[unit_key(t) for t in (r.name, *r.aliases)] for r in self.records]

    @property
    def _loose(self) -> dict[str, list[UnitRecord]]:
        """loose key -> records; built when a name is not matched exactly (most lookups are:
        a CLI query skips building it)."""
        if self._loose_index is None:
            self._loose_index = {}
            for r in self.records:
                for text in (r.name, *r.aliases):
                    if unit_key(text):
                        self._loose_index.setdefault(loose_key(text), []).append(r)
        return self._loose_index

    # -- helpers
    @staticmethod
    def _prefer_valid(units: list[UnitRecord], on: date | None) -> list[UnitRecord]:
        if on is not None:
            valid = [u for u in units if u.valid_on(on)]
        else:
            valid = [u for u in units if u.valid_to is None]
        return valid or units

    @staticmethod
    def _distinct(units: Iterable[UnitRecord]) -> list[UnitRecord]:
        seen: dict[int, UnitRecord] = {}
        for u in units:
            seen.setdefault(u.id, u)
        return list(seen.values())

    def _pick(self, units: list[UnitRecord], on: date | None) -> UnitRecord | None:
        units = self._prefer_valid(self._distinct(units), on)
        return units[0] if len(units) == 1 else None

    def _ids_on(self, unit: UnitRecord, on: date | None) -> tuple[int, ...]:
        """What assignments go to: a group's members that exist on `on` (a group keeps members
        of every era, e.g. the departments before and after the 2025 mergers)."""
        ids = _unit_ids(unit)
        if on is None or not unit.member_ids:
            return ids
        current = tuple(i for i in ids if i in self._by_id and self._by_id[i].valid_on(on))
        return current or ids

    # -- public
    def resolve(self, text: str, on: date | None = None) -> Resolution:
        key = unit_key(text)
        if not key:
            raise UnknownUnitError(text, [])

        # 1. exact key
        hits = self._exact.get(key)
        if hits:
            canon = _canonical(text)
            candidates = self._distinct(r for r, _, _ in hits)
            if len(candidates) > 1:
                same = [r for r, _, written in hits if _canonical(written) == canon]  # same diacritics
                names = [r for r, is_name, _ in hits if is_name]
                for narrowed in (same, names):
                    narrowed = self._distinct(narrowed)
                    if narrowed:
                        candidates = narrowed
                        if len(candidates) == 1:
                            break
            candidates = self._prefer_valid(candidates, on)
            if len(candidates) > 1:
                raise AmbiguousError(
                    f"«{text}» ứng với nhiều đơn vị: "
                    + "; ".join(sorted((u.name for u in candidates), key=sort_key))
                    + ". Hãy ghi rõ hơn."
                )
            unit = candidates[0]
            return Resolution(unit, self._ids_on(unit, on), 100.0, True)

        if is_vague(text):
            raise VagueUnitError(text)

        # 2. loose key
        lk = loose_key(text)
        loose_hits = self._loose.get(lk)
        if loose_hits:
            unit = self._pick(loose_hits, on)
            if unit is not None:
                from rapidfuzz import fuzz  # only past an exact match: a command start skips it

                score = max(fuzz.ratio(key, unit_key(unit.name)), 90.0)
                return Resolution(unit, self._ids_on(unit, on), float(score), False)

        # 3. typo-tolerant
        from rapidfuzz.distance import Levenshtein

        budget = allowed_edits(len(key))
        best: dict[int, int] = {}
        for k, unit in zip(self._keys, self._key_units):
            d = Levenshtein.distance(key, k, score_cutoff=budget)
            if d <= budget and d < best.get(unit.id, budget + 1):
                best[unit.id] = d
        if best:
            dmin = min(best.values())
            winners = [self._by_id[i] for i, d in best.items() if d == dmin]
            unit = self._pick(winners, on)
            if unit is not None:
                score = 100.0 * (1 - dmin / max(len(key), 1))
                return Resolution(unit, self._ids_on(unit, on), round(score, 1), False)

        raise UnknownUnitError(text, [u.name for u, _ in self.suggest(text)])

    def suggest(self, text: str, limit: int = 3) -> list[tuple[UnitRecord, float]]:
        """Up to `limit` closest units (WRatio on keys, best first), each unit once."""
        from rapidfuzz import fuzz, process

        key = unit_key(text)
        if not key or not self._keys:
            return []
        scored = process.extract(
            key, self._keys, scorer=fuzz.WRatio, limit=None, score_cutoff=50
        )
        out: list[tuple[UnitRecord, float]] = []
        seen: set[int] = set()
        for _, score, idx in sorted(scored, key=lambda t: (-t[1], t[2])):
            unit = self._key_units[idx]
            if unit.id in seen:
                continue
            seen.add(unit.id)
            out.append((unit, float(score)))
            if len(out) >= limit:
                break
        return out


# --------------------------------------------------------------------------- search

def search(query: str, records: Iterable[UnitRecord]) -> list[UnitRecord]:
    """Diacritic-insensitive substring search over names and aliases, in Vietnamese order.

    An empty query returns every record."""
    q = fold(query)
    qk = unit_key(query)
    found = []
    for r in records:
        texts = (r.name, *r.aliases)
        if any(q in fold(t) for t in texts) or (qk and any(qk in unit_key(t) for t in texts)):
            found.append(r)
    return sorted(found, key=lambda r: sort_key(r.name))
