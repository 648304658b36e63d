"""Legacy code pages told apart by which reading is plausible text, and mixed UTF-8 files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from attendee_relay.core.sources import open_source
from attendee_relay.core.sources.description import describe_source
from fixtures.sources import legacy_files


@pytest.mark.parametrize("language", sorted(legacy_files.LANGUAGES))
def test_thirty_row_export_in_its_legacy_code_page_reads_intact(
    tmp_path: Path, language: str
) -> None:
    path = legacy_files.write_legacy_csv(tmp_path / f"{language}.csv", language)
    source = open_source(path)
    expected = legacy_files.rows(language)
    assert source.info.headers == legacy_files.HEADERS
    assert [list(row.values.values()) for row in source.rows()] == expected


@pytest.mark.parametrize("language", sorted(legacy_files.LANGUAGES))
def test_a_single_attendee_is_enough_evidence(tmp_path: Path, language: str) -> None:
    path = legacy_files.write_legacy_csv(tmp_path / f"{language}.csv", language, count=1)
    assert [list(row.values.values()) for row in open_source(path).rows()] == (
        legacy_files.rows(language, 1)
    )


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Name\r\nŁukasz Wałęsa\r\n", "cp1250"),
        ("Name\r\nJiří Dvořák\r\n", "cp1250"),
        ("Name\r\nŞükrü Yılmaz\r\n", "cp1254"),
        ("Name\r\nМария Лебедева\r\n", "koi8_r"),
        ("Name\r\nZoë Lefèvre\r\n", "cp1252"),
    ],
)
def test_one_name_alone_picks_the_page_that_gives_real_letters(
    tmp_path: Path, text: str, codec: str
) -> None:
    path = tmp_path / "one.csv"
    path.write_bytes(text.encode(codec))
    assert next(open_source(path).rows()).values["Name"] == text.split("\r\n")[1]


def test_utf8_file_with_one_cp1252_line_keeps_every_utf8_name(tmp_path: Path) -> None:
    path = legacy_files.write_utf8_with_one_cp1252_line(tmp_path / "mixed.csv")
    source = open_source(path)
    names = [(row.values["First Name"], row.values["Last Name"]) for row in source.rows()]
    assert names.pop(legacy_files.MIXED_CP1252_LINE - 2) == tuple(legacy_files.MIXED_CP1252_ROW[:2])
    assert names == legacy_files.MIXED_UTF8_NAMES * 5
    assert source.info.repaired_lines == (legacy_files.MIXED_CP1252_LINE,)
    assert source.info.repaired_count == 1


def test_a_mixed_file_reopens_with_the_encoding_it_reported(tmp_path: Path) -> None:
    path = legacy_files.write_utf8_with_one_cp1252_line(tmp_path / "mixed.csv")
    encoding = open_source(path).info.encoding
    assert encoding is not None
    again = open_source(path, encoding=encoding)
    assert [row.values["First Name"] for row in again.rows()][3] == "François"


def test_a_cp1252_line_beyond_the_first_megabyte_is_still_repaired(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    body = "".join(f"Zoë {i},z{i}@example.com\r\n" for i in range(60_000)).encode()
    path.write_bytes(b"Name,Email\r\n" + body + "Anaïs,a@example.fr\r\n".encode("cp1252"))
    source = open_source(path)
    last = list(source.rows())[-1]
    assert last.values == {"Name": "Anaïs", "Email": "a@example.fr"}
    assert source.info.repaired_lines == (60_002,)


def test_utf8_bom_file_is_not_scanned_as_legacy(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + "Name\r\nŁukasz\r\n".encode())
    assert open_source(path).info.encoding == "utf-8-sig"


def test_text_garbled_by_another_program_is_put_back_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    # Written by a tool that read UTF-8 as cp1252 and saved it again as UTF-8 (lines 3 and 5).
    names = ["José", "Zoë Ångström", "SÃO PAULO", "Wałęsa’s", "Иван"]
    garbled = [
        names[0],
        names[1].encode().decode("cp1252"),
        names[2],
        names[3].encode().decode("cp1252"),
        names[4],
    ]
    assert garbled[1] == "ZoÃ« Ã…ngstrÃ¶m"
    lines = "".join(f"{name},{i}@example.com\n" for i, name in enumerate(garbled))
    path.write_text("Name,Email\n" + lines, encoding="utf-8")
    source = open_source(path)
    info = source.info
    assert info.garbled_lines == (3, 5)
    assert [row.values["Name"] for row in source.rows()] == names
    assert "2 lines repaired: text another program had garbled, such as 'ZoÃ«', put back as " in (
        " ".join(describe_source(info))
    )


def test_garbled_text_in_a_mixed_file_is_reported_with_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "Name,Email\nZoë Ångström,a@x.com\n".encode()
        + "François,f@x.com\n".encode("cp1252")
        + "Zoë Ångström".encode().decode("cp1252").encode()
        + b",z@x.com\n"
    )
    info = open_source(path).info
    assert info.repaired_lines == (3,)
    assert "Warning: 1 line (line 4) hold text another program already garbled, such as 'ZoÃ«'" in (
        " ".join(describe_source(info))
    )


@pytest.mark.parametrize(
    "cell",
    ["Tom O’Neill", "5€ fee – paid", "A\u00a0B", "£100", "100°C", "«Hi»", "Smith’s", "ACME®"],
)
def test_english_text_with_only_cp1252_symbols_stays_cp1252(tmp_path: Path, cell: str) -> None:
    # Too little evidence for another page: a lone symbol must not turn into a kanji or a
    # Cyrillic letter ("Smith’s" read as Shift_JIS is "Smith痴").
    path = tmp_path / "note.csv"
    path.write_bytes(f"Name\r\n{cell}\r\n".encode("cp1252"))
    assert next(open_source(path).rows()).values["Name"] == cell


def test_a_short_chinese_gbk_file_is_not_read_as_greek(tmp_path: Path) -> None:
    path = tmp_path / "cn.csv"
    path.write_bytes("姓名,公司\r\n王伟,北京科技有限公司\r\n".encode("gbk"))
    assert next(open_source(path).rows()).values == {"姓名": "王伟", "公司": "北京科技有限公司"}


def test_legacy_lines_across_read_boundaries_are_each_read_whole(tmp_path: Path) -> None:
    # Many pasted lines in a long UTF-8 file: some straddle the reader's chunk boundaries.
    names = [f"Zoë Ångström {i}" if i % 7 else f"François Lefèvre {i}" for i in range(6000)]
    lines = [
        f"{name},u{i}@example.com\n".encode("cp1252" if i % 7 == 0 else "utf-8")
        for i, name in enumerate(names)
    ]
    path = tmp_path / "long-mixed.csv"
    path.write_bytes(b"Name,Email\n" + b"".join(lines))
    source = open_source(path)
    assert [row.values["Name"] for row in source.rows()] == names
    assert source.info.repaired_count == len(range(0, 6000, 7))


def test_garbled_text_is_put_back_across_read_boundaries(tmp_path: Path) -> None:
    names = [f"Zoë Ångström Wałęsa’s {i}" for i in range(8000)]
    garbled = [name.encode().decode("cp1252") for name in names]
    path = tmp_path / "long-garbled.csv"
    path.write_text("Name\n" + "".join(f"{g}\n" for g in garbled), encoding="utf-8")
    assert [row.values["Name"] for row in open_source(path).rows()] == names
