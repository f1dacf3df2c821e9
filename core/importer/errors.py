"""The importer's one user-facing error."""
from __future__ import annotations

from core.errors import DondocError


class ImportDocumentError(DondocError):
    """A file that cannot be read as a directive (empty, binary, scanned, legacy encoding…).

    The message is Vietnamese and says what to do next."""
