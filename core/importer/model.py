"""The draft the importer hands back: plain dataclasses, nothing stored yet."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.deadlines import Deadline


@dataclass
class Reporting:
    """The periodic reporting duty a directive sets ("định kỳ ngày 15 và 30 hàng tháng…")."""

    cycle: str | None  # a core.periods cycle spec: "semi_monthly", "weekly", "monthly@20"…
    phrase: str


@dataclass
class DraftNode:
    """One item of the directive's outline: a section (kept for the tree) or a task."""

    ref: str  # "II.1.3", "IV.1.a", "II.2.4-2"
    label: str  # as printed: "1.3", "a", "-2", "Điều 2"
    kind: str  # "section" | "task"
    text: str
    parent_ref: str | None = None
    assignment_line: str | None = None  # the words that named the units
    lead: list[str] = field(default_factory=list)  # includes the requested units
    coordinating: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)  # units introduced by "Đề nghị"
    deadline: Deadline | None = None
    uncertain: list[str] = field(default_factory=list)  # field names the clerk should check
    reasons: dict[str, str] = field(default_factory=dict)  # field name -> Vietnamese reason

    @property
    def is_task(self) -> bool:
        return self.kind == "task"

    def flag(self, name: str, reason: str) -> None:
        if name not in self.uncertain:
            self.uncertain.append(name)
            self.reasons[name] = reason


@dataclass
class DraftDocument:
    doc_type: str | None
    number: str | None = None  # as printed ("855/QĐ-UBND"), None when the text has none
    issuer: str | None = None
    signed_on: date | None = None
    place: str | None = None
    summary: str | None = None
    signer: str | None = None
    parent_refs: list[str] = field(default_factory=list)
    period: Deadline | None = None  # the directive's own period ("Năm 2022 - 2023")
    reporting: Reporting | None = None
    nodes: list[DraftNode] = field(default_factory=list)
    bundled_in: int | None = None  # index of the cover letter that carries this document
    uncertain: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def tasks(self) -> list[DraftNode]:
        return [n for n in self.nodes if n.is_task]

    @property
    def year(self) -> int | None:
        return self.signed_on.year if self.signed_on else None

    def flag(self, name: str, reason: str) -> None:
        if name not in self.uncertain:
            self.uncertain.append(name)
            self.reasons[name] = reason


@dataclass
class ImportDraft:
    documents: list[DraftDocument]
    source_name: str | None = None

    @property
    def tasks(self) -> list[DraftNode]:
        return [t for d in self.documents for t in d.tasks]
