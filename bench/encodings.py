"""Legacy code page detection: how often each method reads a file's names back exactly.

    PYTHONPATH=app python bench/encodings.py [--trials 200]

Files are written with Python's codecs from real names (tests/fixtures/sources/legacy_files.py),
in each language's legacy code page, of two shapes: full rows (first and last name, e-mail,
company, city; 1 to 5 rows) and names only (1 to 5 rows, the hardest case). Methods:
charset-normalizer's best guess alone, and ``choose_legacy_encoding`` (plausibility of each
reading, charset-normalizer's mess ratio on ties). A method is right when its reading gives back
exactly the text written. A measurement, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from charset_normalizer import from_bytes

from attendee_relay.core.sources.encoding import choose_legacy_encoding
from fixtures.sources.legacy_files import LANGUAGES, Language


def full_rows(spec: Language, rng: random.Random) -> str:
    return "".join(
        f"{rng.choice(spec.first_names)},{rng.choice(spec.last_names)},x{i}@example.com,"
        f"{spec.company},{spec.city}\r\n"
        for i in range(rng.choice([1, 2, 3, 5]))
    )


def names_only(spec: Language, rng: random.Random) -> str:
    return "".join(
        f"{rng.choice(spec.first_names)} {rng.choice(spec.last_names)}\r\n"
        for _ in range(rng.choice([1, 2, 3, 5]))
    )


def charset_normalizer_reading(data: bytes) -> str | None:
    best = from_bytes(data).best()
    return None if best is None else data.decode(best.encoding, "replace")


def plausibility_reading(data: bytes) -> str | None:
    choice = choose_legacy_encoding(data)
    return data.decode(choice.encoding, choice.errors)


METHODS: dict[str, Callable[[bytes], str | None]] = {
    "charset-normalizer": charset_normalizer_reading,
    "plausibility": plausibility_reading,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    args = parser.parse_args()
    print(f"right readings out of {args.trials} files per language and shape")
    header = f"{'language':14} {'page':10}"
    for shape in ("full rows", "names only"):
        for method in METHODS:
            header += f" {shape[:5] + ' ' + method[:12]:>19}"
    print(header)
    for language, spec in LANGUAGES.items():
        line = f"{language:14} {spec.codec:10}"
        for make in (full_rows, names_only):
            rng = random.Random(language)
            texts = [make(spec, rng) for _ in range(args.trials)]
            for method in METHODS.values():
                right = sum(method(text.encode(spec.codec)) == text for text in texts)
                line += f" {right:>19}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
