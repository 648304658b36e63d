"""Judge how plausible a decoded text is as names and words in some language.

Used to choose between legacy code pages: the right one turns every non-ASCII word into letters
of one alphabet with a normal case shape ("Łukasz Wałęsa"); a wrong one yields symbols inside
words ("£ukasz Wa³êsa"), letters no single language uses together ("Lefčvre" beside "Benoît"),
scrambled case ("иВАН"), or rare ideographs outside the code page's common core.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

# Letters beyond ASCII that each language's alphabet uses (lower case; upper case is derived).
_LATIN_ALPHABETS: dict[str, str] = {
    "french": "àâæçéèêëîïôœùûüÿ",
    "german": "äöüß",
    "spanish": "áéíñóúü",
    "portuguese": "áâãàçéêíóôõú",
    "italian": "àèéìíîòóùú",
    "catalan": "àçèéíïòóúü",
    "dutch": "áéíóúëïèàöü",
    "danish-norwegian": "æøåé",
    "swedish-finnish": "åäöéšž",
    "icelandic": "áðéíóúýþæö",
    "polish": "ąćęłńóśźż",
    "czech": "áčďéěíňóřšťúůýž",
    "slovak": "áäčďéíĺľňóôŕšťúýž",
    "hungarian": "áéíóöőúüű",
    "romanian": "ăâîșțşţ",
    "croatian-slovene": "čćđšž",
    "albanian": "çë",
    "turkish": "çğıöşüâîû",
    # Lithuanian and Latvian share a code page and are often in one export.
    "lithuanian-latvian": "ąčęėįšųūžāēģīķļņ",
    "estonian": "äöõüšž",
}

# Which readings' common characters a CJK reading must stay within: a wrong multi-byte page
# still decodes, but into the rarely used extension areas of its table.
_COMMON_CJK_CORE: dict[str, str] = {
    "gb18030": "gb2312",
    "gbk": "gb2312",
    "cp936": "gb2312",
    "cp932": "shift_jis",
    "shift_jis": "shift_jis",
    "cp949": "ksx1001",
    "euc_kr": "ksx1001",
}

# Symbols that are the same character at the same byte in cp1252, cp1250 and cp1251 (°, «, ©,
# §, no-break space…): they tell no code page from another, so they separate words.
_SHARED_SYMBOLS = "".join(
    char
    for byte in range(0xA0, 0xC0)
    if not (char := bytes([byte]).decode("cp1252")).isalpha()
    and char == bytes([byte]).decode("cp1250") == bytes([byte]).decode("cp1251")
)
# Separators between words: ASCII whitespace, digits and punctuation, the General Punctuation
# block (’ – “ …) and those shared symbols. What remains are candidate words.
_WORD = re.compile(r"[^\s!-@\[-`{-~\u2000-\u206f" + re.escape(_SHARED_SYMBOLS) + "]+")
_IMPLAUSIBLE_WEIGHT = 3


@dataclass(frozen=True, order=True)
class Plausibility:
    """How believable one reading of a text is; greater is better.

    Attributes:
        score: plausible words minus three times the implausible ones (words with non-ASCII
            characters only, counted with repetition).
        coverage: how many of those words the single best-fitting language explains.
        implausible: the implausible words' count (for tests and messages).
    """

    score: int
    coverage: int
    implausible: int


def judge(text: str, codec: str) -> Plausibility:
    """Rate a reading of ``text`` decoded with ``codec``.

    Args:
        text: the decoded sample.
        codec: the Python codec name that produced it (for the CJK common-core check).

    Returns:
        Its plausibility.
    """
    core = _COMMON_CJK_CORE.get(codec)
    words = Counter(word for word in _WORD.findall(text) if _is_evidence(word))
    if sum(words.values()) < 2:
        # One lone character ("Ł" of "£100", "碳" of "100°C") is too little to judge by.
        words = Counter({word: count for word, count in words.items() if len(word) > 1})
    plausible = implausible = 0
    by_language: Counter[str] = Counter()
    for word, count in words.items():
        languages = _languages(word, core)
        if languages:
            plausible += count
            for language in languages:
                by_language[language] += count
        else:
            implausible += count
    coverage = max(by_language.values(), default=0)
    return Plausibility(plausible - _IMPLAUSIBLE_WEIGHT * implausible, coverage, implausible)


def implausible_words(text: str, codec: str) -> list[str]:
    """The words of ``text`` that no language explains (e.g. mojibake such as ``ZoÃ«``)."""
    core = _COMMON_CJK_CORE.get(codec)
    return [w for w in _WORD.findall(text) if _is_evidence(w) and not _languages(w, core)]


def _is_evidence(word: str) -> bool:
    """Whether a word can tell readings apart: non-ASCII with a letter (a "€" sign is not), and
    more than one character unless it is a CJK one."""
    if len(word) == 1:
        # One CJK character can be a name; one accented letter is not a word.
        return _script(word) in ("han", "kana", "hangul")
    return not word.isascii() and any(char.isalpha() for char in word)


def _languages(word: str, core: str | None) -> frozenset[str]:
    """The languages a word with non-ASCII characters could be in; empty when none."""
    scripts = {_script(char) for char in word}
    if None in scripts:
        return frozenset()
    if scripts <= {"latin"}:
        return _latin_languages(word)
    for script in ("greek", "cyrillic"):
        if scripts == {script}:
            return frozenset({script}) if _cased(word, inner_capital=False) else frozenset()
        if script in scripts:
            return frozenset()  # mixed with Latin or another script inside one word
    cjk = scripts - {"latin"}
    if not cjk <= {"han", "kana", "hangul", "fullwidth"}:
        return frozenset()
    if "latin" in scripts and not _latin_beside_cjk_run(word):
        return frozenset()  # "Smith痴": a cp1252 apostrophe read as a lead byte
    if core and not _in_core(word, core):
        return frozenset()
    if "hangul" in cjk:
        return frozenset({"korean"}) if "kana" not in cjk and "han" not in cjk else frozenset()
    if "kana" in cjk:
        return frozenset({"japanese"})
    return frozenset({"chinese", "japanese", "korean"})


def _latin_beside_cjk_run(word: str) -> bool:
    """True for Latin letters only before or after one run of two or more CJK characters
    ("LG전자", "ABC株式会社"), as real names mix them."""
    runs = re.findall(r"[^\x00-\x7f]+", word)
    return len(runs) == 1 and len(runs[0]) >= 2


def _latin_languages(word: str) -> frozenset[str]:
    if not _cased(word):
        return frozenset()
    letters = {char for char in word.lower() if not char.isascii()}
    if "i̇" in word.lower():  # Turkish "İ" lower-cases to i + combining dot
        letters = (letters - {"\u0307"}) | {"ı"}
    non_ascii = sum(1 for char in word if not char.isascii())
    # Western words are mostly ASCII letters; a long word of accented letters only is a
    # Cyrillic or Greek text read in a Latin code page.
    if len(word) >= 4 and non_ascii == len(word):
        return frozenset()
    return _fitting(frozenset(letters))


@lru_cache(maxsize=4096)
def _fitting(letters: frozenset[str]) -> frozenset[str]:
    return frozenset(
        language for language, alphabet in _LATIN_ALPHABETS.items() if letters <= set(alphabet)
    )


def _cased(word: str, *, inner_capital: bool = True) -> bool:
    """True for a normal case shape: lower, UPPER, Capitalised, and in Latin script one inner
    capital ("McDonald"); Greek and Cyrillic names have none, while a Chinese text read as
    Greek or a KOI8-R one read as cp1251 mix cases at random ("ΝυΞ", "иВАН")."""
    if word.islower() or word.isupper():
        return True
    if not word[0].isupper():
        return False
    rises = sum(1 for a, b in pairwise(word) if a.islower() and b.isupper())
    return rises <= (1 if inner_capital else 0)


@lru_cache(maxsize=8192)
def _script(char: str) -> str | None:
    """The writing system of a letter, or None for anything that is not a letter."""
    if char.isascii():
        return "latin" if char.isalpha() else None
    category = unicodedata.category(char)
    if category == "Mn":
        return "latin"  # a combining accent: belongs to the letter before it
    if not category.startswith("L") and char != "ー":
        return None
    name = unicodedata.name(char, "")
    for prefix, script in (
        ("LATIN", "latin"),
        ("GREEK", "greek"),
        ("CYRILLIC", "cyrillic"),
        ("CJK", "han"),
        ("HIRAGANA", "kana"),
        ("KATAKANA", "kana"),
        ("HANGUL", "hangul"),
        ("FULLWIDTH", "fullwidth"),
    ):
        if name.startswith(prefix):
            return script
    if char == "ー":
        return "kana"
    return None


def _in_core(word: str, core: str) -> bool:
    if core == "ksx1001":
        # Python's euc_kr also encodes rare syllables as 8-byte sequences: KS X 1001 proper is
        # what cp949 writes with both bytes from 0xA1 on (its extension uses lower bytes).
        try:
            data = word.encode("cp949")
        except UnicodeEncodeError:
            return False
        return all(byte >= 0xA1 for byte in data if byte >= 0x80) and not any(
            0x41 <= data[i + 1] < 0xA1 for i, byte in enumerate(data[:-1]) if byte >= 0x81
        )
    try:
        word.encode(core)
    except UnicodeEncodeError:
        return False
    return True
