"""The comparable form of a column header: what auto-matching compares, in any script.

Headers are compared after NFKC (full-width letters, ligatures and compatibility forms become
their plain form) and case-folding. Accents are dropped only where that cannot change a word
into another: Latin (Vietnamese included), Greek, Cyrillic and Arabic letters with combining
marks ("Prénom" = "prenom", "Ё" = "Е", "أ" = "ا"). Japanese, Chinese and Korean are compared as
written: their "marks" (dakuten, jamo) make different words. Punctuation becomes a space, and the
compact form drops spaces too, so "E-Mail", "e mail" and "email" are one spelling.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that carry no combining mark to drop but are commonly typed without their stroke or
# dot; Arabic tatweel (elongation) and the final forms people swap; apostrophes (Ukrainian
# "Ім'я" is written with ', ’ or ʼ, the last of which is a letter to Unicode).
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "æ": "ae",
        "œ": "oe",
        "ى": "ي",
        "ة": "ه",
        "ـ": None,
        "'": " ",
        "’": " ",
        "ʼ": " ",
        "ʻ": " ",
        "`": " ",
    }
)
_NOT_WORD = re.compile(r"[\W_]+")


def _accents_are_safe(ch: str) -> bool:
    # Below U+0800: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic; U+1E00-U+1FFF: Latin
    # Extended Additional (Vietnamese) and Greek Extended.
    return ch < "\u0800" or "\u1e00" <= ch <= "\u1fff"


# Outside the scripts whose accents are safe to drop (see ``_accents_are_safe``).
_KEEP_AS_WRITTEN = re.compile(r"[^\u0000-\u07ff\u1e00-\u1fff]")
# The combining marks of those scripts once decomposed: Latin, Greek and Vietnamese accents,
# Cyrillic, Hebrew points, Arabic harakat, hamza and madda, Syriac, Thaana, N'Ko.
_SAFE_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0711\u0730-\u074a\u07a6-\u07b0\u07eb-\u07f3]"
)


def _drop_safe_accents(text: str) -> str:
    if _KEEP_AS_WRITTEN.search(text) is None:  # the usual case, done for the whole text at once
        return _SAFE_MARKS.sub("", unicodedata.normalize("NFD", text))
    out: list[str] = []
    for ch in text:
        if _accents_are_safe(ch):
            out.extend(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=8192)
def normalise(header: str) -> str:
    """Comparable form of a header, words separated by one space: "Prénom_" -> "prenom"."""
    text = unicodedata.normalize("NFKC", header).casefold()
    if not text.isascii():
        text = _drop_safe_accents(text)
    text = text.translate(_FOLD)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def compact(normalised: str) -> str:
    """The normalised form without spaces: "e mail" -> "email", "電話 番号" -> "電話番号"."""
    return normalised.replace(" ", "")


def header_key(header: str) -> str:
    """The compact normalised form of a raw header (what two spellings must share to be equal)."""
    return compact(normalise(header))
