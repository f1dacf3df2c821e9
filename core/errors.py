"""Errors a clerk can see: each carries a Vietnamese message naming the bad input.

Every error raised on purpose by core/ and db/ derives from DondocError; the CLI and the TUI
print `str(error)` as it is, so the message must be complete and in Vietnamese.
"""
from __future__ import annotations


class DondocError(Exception):
    """Base of every expected, user-facing error. `str()` is the Vietnamese message."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class InvalidDateError(DondocError):
    """A date that does not exist (31/02/2021) or cannot be read."""


class DeadlinePhraseError(DondocError):
    """A deadline phrase that the grammar does not understand."""


class DocNumberError(DondocError):
    """A malformed document number and symbol."""


class UnknownUnitError(DondocError):
    """A unit name that matches no known unit; carries the closest names as suggestions."""

    def __init__(self, text: str, suggestions: list[str] | None = None):
        self.text = text
        self.suggestions = list(suggestions or [])
        message = f"Không tìm thấy đơn vị «{text}»."
        if self.suggestions:
            message += " Có phải: " + "; ".join(self.suggestions) + "?"
        else:
            message += " Xem danh sách bằng lệnh «dondoc units»."
        super().__init__(message)


class AmbiguousError(DondocError):
    """A reference that matches more than one record."""


class NotFoundError(DondocError):
    """A record that does not exist."""


class ClosedAssignmentError(DondocError):
    """A write on an assignment whose completion was already confirmed."""


class ValidationError(DondocError):
    """Any other rejected value (progress out of range, empty reason, ...)."""


class PermissionDeniedError(DondocError):
    """The clerk's role does not allow the action."""

    exit_code = 3


class ConflictError(DondocError):
    """Another clerk changed the record since it was read."""

    exit_code = 4


class DatabaseError(DondocError):
    """The database cannot be reached or is not usable."""

    exit_code = 5
