"""Vietnamese text helpers: normalisation, folding, collation and terminal-safe output.

Pure functions, standard library only.
"""
from __future__ import annotations

import re
import struct
import unicodedata

__all__ = [
    "nfc",
    "canonical_tones",
    "fold",
    "contains_folded",
    "sort_key",
    "printable",
    "normalise_space",
]

# Combining marks that carry a Vietnamese tone, in collation order (ngang = no mark = 0).
_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_TONE_ORDER = {_GRAVE: 2, _HOOK: 3, _TILDE: 4, _ACUTE: 5, _DOT: 6}
_TONES = frozenset(_TONE_ORDER)


def nfc(s: str | None) -> str | None:
    """Unicode NFC; None passes through."""
    if s is None:
        return None
    return unicodedata.normalize("NFC", s)


def normalise_space(s: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return " ".join(s.split())


# --------------------------------------------------------------------------- tones

def _split_tone(ch: str) -> tuple[str, str]:
    """Split one NFC character into (NFC base without tone mark, tone mark or "")."""
    d = unicodedata.normalize("NFD", ch)
    tone = ""
    rest = []
    for c in d:
        if c in _TONES and not tone and rest:
            tone = c
        else:
            rest.append(c)
    return unicodedata.normalize("NFC", "".join(rest)), tone


_WORD_RE = re.compile(r"[^\W\d_]+")
_CLUSTERS = {"oa", "oe", "uy"}


def _fix_word(word: str) -> str:
    # Only a word whose last-but-one letter is a bare o/u (no tone) can end in open oa/oe/uy;
    # checking that first skips splitting the letters of nearly every word.
    if len(word) < 2 or word[-2] not in "oOuU":
        return word
    parts = [_split_tone(c) for c in word]
    (b1, t1), (b2, t2) = parts[-2], parts[-1]
    if t1 or not t2:
        return word
    if (b1 + b2).lower() not in _CLUSTERS:
        return word
    # "qu" + vowel: the u is part of the consonant, the tone stays on the vowel ("quý").
    if len(parts) >= 3 and parts[-3][0].lower() == "q" and b1.lower() == "u":
        return word
    head = word[:-2]
    return (
        head
        + unicodedata.normalize("NFC", b1 + t2)
        + b2
    )


def canonical_tones(s: str) -> str:
    """NFC, with tone marks of final open oa/oe/uy placed on the first vowel ("hoà" → "hòa")."""
    s = unicodedata.normalize("NFC", s)
    return _WORD_RE.sub(lambda m: _fix_word(m.group(0)), s)


# --------------------------------------------------------------------------- folding

def fold(s: str) -> str:
    """Diacritic- and case-insensitive form for matching: "Sở Y tế" → "so y te"."""
    s = unicodedata.normalize("NFC", s).casefold()
    s = s.replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    s = unicodedata.normalize("NFC", s).replace("đ", "d")
    return normalise_space(s)


def contains_folded(haystack: str, needle: str) -> bool:
    """True when `needle` occurs in `haystack`, ignoring case, diacritics and spacing."""
    return fold(needle) in fold(haystack)


# --------------------------------------------------------------------------- collation

_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: i + 1 for i, letter in enumerate(_ALPHABET)}

# Primary weight classes (first byte of a 4-byte big-endian weight; never 0).
_CLS_SPACE, _CLS_PUNCT, _CLS_DIGIT, _CLS_LETTER, _CLS_OTHER = 1, 2, 3, 4, 5


def _char_weights(ch: str) -> tuple[int, int, int]:
    """(primary, secondary, tertiary) weights of one NFC character."""
    base, tone = _split_tone(ch)
    secondary = _TONE_ORDER.get(tone, 1)
    low = base.lower()
    tertiary = 2 if (base != low) else 1
    if len(low) != 1:
        low = low[:1] or base
    if low in _LETTER_RANK:
        return (_CLS_LETTER << 24) | _LETTER_RANK[low], secondary, tertiary
    if low.isspace():
        return _CLS_SPACE << 24, secondary, tertiary
    if low.isdigit():
        try:
            value = unicodedata.digit(low)
        except (TypeError, ValueError):
            value = ord(low) & 0xFFFFFF
        return (_CLS_DIGIT << 24) | value, secondary, tertiary
    if low.isalpha():
        # Latin letters with other marks (ç, ñ, ü...) sort with their base letter.
        stripped = "".join(
            c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c)
        )
        if stripped in _LETTER_RANK:
            return (_CLS_LETTER << 24) | _LETTER_RANK[stripped], secondary, tertiary
        return (_CLS_OTHER << 24) | ord(low[0]), secondary, tertiary
    return (_CLS_PUNCT << 24) | ord(low[0]), secondary, tertiary


def sort_key(s: str) -> bytes:
    """Vietnamese collation key, correct under plain bytewise comparison.

    Level 1: letters (a ă â b c d đ e ê … y) case-insensitively; space and punctuation
    before digits before letters. Level 2: tones (ngang, huyền, hỏi, ngã, sắc, nặng) position
    by position. Level 3: lowercase before uppercase. Level 4: the canonical text's UTF-8, so
    two keys are equal exactly when the canonical texts are equal.
    """
    text = canonical_tones(s)
    weights = [_char_weights(c) for c in text]
    primary = b"".join(struct.pack(">I", w[0]) for w in weights)
    secondary = bytes(w[1] for w in weights)
    tertiary = bytes(w[2] for w in weights)
    # Every primary weight starts with a byte >= 1, so the 0x00 separator ends the level
    # before any longer string's next weight; when primaries tie, the later levels have the
    # same length, so no separator is needed between them.
    return primary + b"\x00" + secondary + tertiary + text.encode("utf-8")


# --------------------------------------------------------------------------- terminal

_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]                     # CSI
    | \x9b[0-?]*[ -/]*[@-~]                       # 8-bit CSI
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)  # OSC ... BEL | ST
    | \x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)    # 8-bit OSC
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)       # DCS, SOS, PM, APC ... ST
    | [\x90\x98\x9e\x9f][^\x1b\x9c]*(?:\x1b\\|\x9c)
    | \x1b[ -/]*[0-~]                             # other ESC sequences
    """,
    re.VERBOSE,
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(s: str) -> str:
    """Text from documents or users made safe to print to a terminal.

    Removes ANSI/VT escape sequences, C1 controls, C0 controls other than newline and tab,
    and bidi override/isolate characters; returns NFC. Rich markup is left as it is.
    """
    s = _ESCAPES.sub("", s)
    s = _CONTROLS.sub("", s)
    return unicodedata.normalize("NFC", s)


def group_digits(n: int) -> str:
    """A whole number as Vietnamese writes it: thousands grouped by dots (150.032)."""
    return f"{n:,}".replace(",", ".")
