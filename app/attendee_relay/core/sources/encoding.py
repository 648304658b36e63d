"""Find the text encoding of a delimited file: BOMs, UTF-8 (with the odd legacy line), or the
legacy code page whose reading is the most plausible text."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from charset_normalizer.md import mess_ratio

from attendee_relay.core.errors import InputError
from attendee_relay.core.sources.content import utf16_byte_order
from attendee_relay.core.sources.mixed_utf8 import UNGARBLED, mixed_codec_name
from attendee_relay.core.sources.plausibility import Plausibility, judge

#: Codec error handler for cp1252: its five unassigned bytes become the C1 controls that the
#: WHATWG "windows-1252" decoder yields, so one odd byte never stops a whole import.
LENIENT_CP1252 = "attendee_relay.cp1252_c1"

_CHUNK = 256 * 1024
_SAMPLE = 64 * 1024
# Legacy code pages considered, in order of preference when two readings are equally good
# (only happens when they give the same text, or for very little evidence).
LEGACY_CANDIDATES = (
    "cp1252",  # Western European (Windows)
    "cp1250",  # Central European (Windows)
    "cp1251",  # Cyrillic (Windows)
    "cp1253",  # Greek (Windows)
    "cp1254",  # Turkish (Windows)
    "cp1257",  # Baltic (Windows)
    "koi8_r",  # Cyrillic (KOI8-R)
    "cp932",  # Japanese (Shift_JIS)
    "gb18030",  # Chinese Simplified (GBK / GB18030)
    "cp949",  # Korean (EUC-KR)
    "cp950",  # Chinese Traditional (Big5)
)


#: Western European (Mac): considered only for files with Mac line ends (see below).
MAC_ROMAN = "mac_roman"


def _c1_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(LENIENT_CP1252, _c1_fallback)


@dataclass(frozen=True)
class EncodingChoice:
    """A codec and the error handling to decode a file with.

    Attributes:
        encoding: Python codec name (``x-utf-8-or-cp1252`` for UTF-8 with a few cp1252 lines).
        errors: ``"strict"``, or ``LENIENT_CP1252`` for a detected cp1252 file.
        repaired_lines: for a mixed file, the 1-based numbers of the lines that were not UTF-8
            (the first hundred; ``repaired_count`` has them all).
        repaired_count: how many lines were not UTF-8.
        garbled_lines: lines already garbled inside the file (see ``Utf8Scan``), the first 100.
        garbled_count: how many lines are garbled.
        garbled_example: one garbled word.
    """

    encoding: str
    errors: str = "strict"
    repaired_lines: tuple[int, ...] = ()
    repaired_count: int = 0
    garbled_lines: tuple[int, ...] = ()
    garbled_count: int = 0
    garbled_example: str = ""


def detect_encoding(path: Path, head: bytes) -> EncodingChoice:
    """Decide how to decode a text file, reading it in chunks (never whole into memory).

    Order: a byte-order mark; BOM-less UTF-16 (NULs in every other byte); UTF-8 when the whole
    file is valid UTF-8 (with text garbled by another program put back: ``x-utf-8-ungarbled``);
    UTF-8 with the odd legacy line when both kinds of line are present;
    otherwise the legacy code page whose reading is the most plausible text (``plausibility``).

    Args:
        path: the file.
        head: its first bytes.

    Returns:
        The codec to use.
    """
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return EncodingChoice("utf-32")
    if head.startswith(codecs.BOM_UTF8):
        return EncodingChoice("utf-8-sig")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return EncodingChoice("utf-16")
    byte_order = utf16_byte_order(head)
    if byte_order:
        return EncodingChoice(byte_order)
    scan = scan_utf8_lines(path)
    if not scan.bad_lines:
        # Garbled text is put back while reading; a mixed file (below) only warns of it.
        choice = EncodingChoice(UNGARBLED if scan.garbled_count else "utf-8")
    else:
        mac_line_ends = b"\r" in head and b"\n" not in head
        legacy = choose_legacy_encoding(scan.bad_sample, mac_line_ends=mac_line_ends)
        if not scan.has_utf8_text:
            return legacy
        choice = EncodingChoice(
            mixed_codec_name(legacy.encoding),
            repaired_lines=tuple(scan.bad_lines),
            repaired_count=scan.bad_count,
        )
    return replace(
        choice,
        garbled_lines=tuple(scan.garbled_lines),
        garbled_count=scan.garbled_count,
        garbled_example=scan.garbled_example,
    )


def check_encoding(path: Path, head: bytes, encoding: str) -> EncodingChoice:
    """Validate an encoding a person chose and check the start of the file decodes with it.

    Args:
        path: the file (for messages).
        head: its first bytes.
        encoding: a Python codec name or alias (``utf-8``, ``latin-1``, ``cp1252``…).

    Returns:
        The codec to use; ``utf-8`` becomes ``utf-8-sig`` on a file with a UTF-8 BOM so the BOM
        never ends up in the first header.

    Raises:
        InputError: an unknown codec, or one the file's first bytes cannot be decoded with.
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"'{encoding}' is not a known text encoding; use one such as utf-8, cp1252 or utf-16."
        ) from None
    if name == "utf-8" and head.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    # A chosen cp1252 is as forgiving as a detected one (a resumed run reopens with the name).
    errors = LENIENT_CP1252 if name == "cp1252" else "strict"
    decoder = codecs.getincrementaldecoder(name)(errors)
    try:
        decoder.decode(head, final=len(head) < _SAMPLE)
    except UnicodeDecodeError:
        raise InputError(
            f"{path.name} cannot be read as {encoding}; choose another encoding or let the app "
            "detect it."
        ) from None
    return EncodingChoice(name, errors)


_KEPT_LINE_NUMBERS = 100


@dataclass
class Utf8Scan:
    """What a pass over a file found about its UTF-8 validity, line by line.

    Attributes:
        bad_lines: 1-based numbers of the first lines that are not valid UTF-8.
        bad_count: how many lines are not valid UTF-8.
        has_utf8_text: some non-ASCII text is valid UTF-8 (so the file is UTF-8 at heart).
        bad_sample: the invalid lines themselves, up to 64 KB: the evidence for their encoding.
        garbled_lines: numbers of the first valid UTF-8 lines holding mojibake ("ZoÃ«").
        garbled_count: how many lines hold mojibake.
        garbled_example: one garbled word, to show the user.
    """

    bad_lines: list[int] = field(default_factory=list)
    bad_count: int = 0
    has_utf8_text: bool = False
    bad_sample: bytes = b""
    garbled_lines: list[int] = field(default_factory=list)
    garbled_count: int = 0
    garbled_example: str = ""


def scan_utf8_lines(path: Path) -> Utf8Scan:
    """Find the lines of a file that are not valid UTF-8, in line-aligned blocks.

    A block that is ASCII or decodes as UTF-8 costs one C-level check; only a block that fails
    is split into lines. Valid multi-byte UTF-8 practically never occurs by chance in a legacy
    file, so a line that decodes is taken as real UTF-8.
    """
    scan = Utf8Scan()
    sample = bytearray()
    line = 1
    carry = b""
    with path.open("rb") as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = carry + chunk
            cut = data.rfind(b"\n") + 1 if chunk else len(data)
            block, carry = data[:cut], data[cut:]
            if not block.isascii():
                try:
                    block.decode("utf-8")
                    scan.has_utf8_text = True
                    _find_garbled(block, line, scan)
                except UnicodeDecodeError:
                    _scan_lines(block, line, scan, sample)
            line += block.count(b"\n")
            if not chunk:
                break
    scan.bad_sample = bytes(sample)
    return scan


def _scan_lines(block: bytes, first: int, scan: Utf8Scan, sample: bytearray) -> None:
    for number, text in enumerate(block.split(b"\n"), first):
        if text.isascii():
            continue
        try:
            text.decode("utf-8")
            scan.has_utf8_text = True
            _find_garbled(text, number, scan)
        except UnicodeDecodeError:
            scan.bad_count += 1
            if len(scan.bad_lines) < _KEPT_LINE_NUMBERS:
                scan.bad_lines.append(number)
            if len(sample) < _SAMPLE:
                sample += text + b"\n"


# UTF-8 text that was once read as cp1252 and saved again as UTF-8 ("Zoë" -> "ZoÃ«",
# "’" -> "â€™", "и" -> "Ð¸", "ł" -> "Å‚"): a capital Â-ß or small à-ï (the lead byte of a
# UTF-8 sequence read as cp1252) followed by a cp1252 symbol or C1 character (its trail byte),
# all in UTF-8. Real text almost never has such a pair.
_GARBLED = re.compile(
    rb"\xc3[\x82-\x9f\xa0-\xaf]"
    rb"(?:\xc2[\x80-\xbf]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92|\xcb[\x86\x9c]"
    rb"|\xe2\x80[\x93\x94\x98-\x9a\x9c-\x9e\xa0-\xa2\xa6\xb0\xb9\xba]|\xe2\x82\xac|\xe2\x84\xa2)"
)


def _find_garbled(block: bytes, first: int, scan: Utf8Scan) -> None:
    """Note the lines of valid UTF-8 that hold mojibake (another program's wrong decoding)."""
    last = -1
    for match in _GARBLED.finditer(block):
        number = first + block.count(b"\n", 0, match.start())
        if number == last:
            continue
        last = number
        scan.garbled_count += 1
        if len(scan.garbled_lines) < _KEPT_LINE_NUMBERS:
            scan.garbled_lines.append(number)
        if not scan.garbled_example:
            scan.garbled_example = _garbled_word(block, match)


def _garbled_word(block: bytes, match: re.Match[bytes]) -> str:
    start = block.rfind(b"\n", 0, match.start()) + 1
    end = block.find(b"\n", match.end())
    line = block[start : end if end >= 0 else len(block)]
    for word in _WORD_BREAK.split(line):
        if _GARBLED.search(word):
            return word.decode("utf-8", "replace")[:40]
    return ""


_WORD_BREAK = re.compile(rb"[\s,;|\"]+")


def choose_legacy_encoding(sample: bytes, *, mac_line_ends: bool = False) -> EncodingChoice:
    """The legacy code page whose reading of ``sample`` is the most plausible text.

    charset-normalizer alone ranks cp1250 first for French or Spanish and cp1257 or cp1258 for
    Turkish (see bench/encodings.py), so each candidate reading is judged by
    ``plausibility.judge``; charset-normalizer's mess ratio breaks ties between multi-byte
    pages that both give common characters (Korean read as GBK).
    """
    best: tuple[tuple[Plausibility, float, int], EncodingChoice] | None = None
    candidates: tuple[str, ...] = LEGACY_CANDIDATES
    if mac_line_ends:
        # Lines ended by CR alone: Mac Excel's "CSV (Macintosh)", written in Mac Roman. Only
        # then is Mac Roman a candidate: elsewhere its letters for cp1252's symbols (® -> Æ)
        # would read as more plausible than the symbols the file really holds.
        candidates = (*LEGACY_CANDIDATES, MAC_ROMAN)
    for rank, codec in enumerate(candidates):
        errors = LENIENT_CP1252 if codec == "cp1252" else "strict"
        try:
            text = sample.decode(codec, errors)
        except UnicodeDecodeError:
            continue
        plausibility = judge(text, codec)
        # The mess ratio only between readings with evidence: with none, the order decides.
        mess = -mess_ratio(text, 1.0) if plausibility.score > 0 else 0.0
        key = (plausibility, mess, -rank)
        if best is None or key > best[0]:
            best = (key, EncodingChoice(codecs.lookup(codec).name, errors))
    return best[1] if best else EncodingChoice("cp1252", LENIENT_CP1252)
