"""The directive importer: a file → a draft of its documents, sections and tasks.

Public API
----------
- ``read_document(path) -> str``: .txt/.md (UTF-8 or UTF-16), .docx, .pdf with a text layer;
  ImportDocumentError (Vietnamese message) for empty, binary, scanned or legacy-encoded files.
- ``parse_text(text, source_name=None) -> ImportDraft``: documents (a cover letter and the
  conclusions it carries are separate documents, linked by ``bundled_in``), their header
  fields, and the tree of sections and tasks with lead / coordinating / requested units and
  deadlines (core.deadlines), plus ``uncertain`` field names with Vietnamese reasons.
- ``draft_to_json(draft) -> dict``: the JSON that ``dondoc import --dry-run --json`` prints.
- ``document_to_store_draft(doc) -> dict``: the draft core.services.directives.store_directive
  stores.
- ``suggest_units(name, candidates) -> list[str]``: closest known names for an unknown one.

Nothing here imports textual or opens a database.
"""
from core.importer.errors import ImportDocumentError
from core.importer.export import document_to_json, document_to_store_draft, draft_to_json
from core.importer.model import DraftDocument, DraftNode, ImportDraft, Reporting
from core.importer.parser import parse_text
from core.importer.reading import read_document
from core.importer.unitnames import suggest_units

__all__ = [
    "ImportDocumentError",
    "ImportDraft",
    "DraftDocument",
    "DraftNode",
    "Reporting",
    "read_document",
    "parse_text",
    "draft_to_json",
    "document_to_json",
    "document_to_store_draft",
    "suggest_units",
    "import_file",
]


def import_file(path) -> ImportDraft:
    """read_document + parse_text, with the file name as the source."""
    from pathlib import Path

    return parse_text(read_document(path), source_name=Path(path).name)
