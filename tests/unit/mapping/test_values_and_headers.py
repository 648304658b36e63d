"""Columns recognised by their values; header and values that agree or disagree; how headers in
any script are compared; the synonym files themselves."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from attendee_relay.connectors.registry import create_connector
from attendee_relay.core.fields import TargetField
from attendee_relay.core.mapping import synonyms as synonyms_package
from attendee_relay.core.mapping.automatch import match_columns
from attendee_relay.core.mapping.headers import header_key, normalise
from attendee_relay.core.mapping.report import MatchHow
from attendee_relay.core.mapping.synonyms import CONCEPTS, SYNONYMS, SynonymFileError, _parse

ROOT = Path(__file__).resolve().parents[3]
TENTIMES = create_connector("10times", {"event": "1001", "channel": "web"}).target_fields()

ROWS = [
    {"Column 1": "Ana Costa", "Column 2": "ana@example.com", "Column 3": "+351 912 345 678", "Column 4": "Portugal"},
    {"Column 1": "Ben Ode", "Column 2": "ben@example.com", "Column 3": "+44 7700 900123", "Column 4": "GB"},
    {"Column 1": "Chidi Okafor", "Column 2": "chidi@example.ng", "Column 3": "0803 123 4567", "Column 4": "Nigeria"},
    {"Column 1": "Dana Lee", "Column 2": "", "Column 3": "+1 (415) 555-0100", "Column 4": "USA"},
]  # fmt: skip


def _columns(report_fields: dict[str, object]) -> dict[str, object]:
    return {
        name: entry.column if entry.column is not None else entry.columns  # type: ignore[attr-defined]
        for name, entry in report_fields.items()
    }


def test_headers_that_say_nothing_are_matched_by_their_values() -> None:
    report = match_columns(list(ROWS[0]), TENTIMES, "10times", rows=ROWS)

    assert _columns(report.mapping.fields) == {
        "name": "Column 1",
        "email": "Column 2",
        "country": "Column 4",
        "phone": "Column 3",
    }
    assert {m.how for m in report.matches.values()} == {MatchHow.VALUES}
    assert "3 of 3 values look like e-mail addresses" in report.matches["email"].reason
    # E-mails and phones are sure by their shape; people's names less so.
    assert report.matches["email"].confidence > report.matches["name"].confidence


def test_without_sample_rows_such_headers_stay_unmapped() -> None:
    report = match_columns(list(ROWS[0]), TENTIMES, "10times")
    assert report.mapping.fields == {}
    assert [u.column for u in report.unmapped] == ["Column 1", "Column 2", "Column 3", "Column 4"]


def test_values_that_agree_with_the_header_raise_the_confidence() -> None:
    rows = [
        {"E-mail": "ana@example.com", "Name": "Ana"},
        {"E-mail": "ben@example.com", "Name": "B"},
    ]
    by_header = match_columns(["E-mail", "Name"], TENTIMES, "10times")
    with_values = match_columns(["E-mail", "Name"], TENTIMES, "10times", rows=rows)
    assert by_header.matches["email"].confidence < with_values.matches["email"].confidence
    assert "Its values agree" in with_values.matches["email"].reason


def test_values_that_contradict_the_header_become_a_question() -> None:
    rows = [
        {"Name": "Ana Costa", "Phone": "ana@example.com", "Column 3": "+351 912 345 678"},
        {"Name": "Ben Ode", "Phone": "ben@example.com", "Column 3": "+44 7700 900123"},
    ]
    report = match_columns(["Name", "Phone", "Column 3"], TENTIMES, "10times", rows=rows)

    phone = report.matches["phone"]
    assert phone.question and "e-mail addresses" in phone.question
    assert phone.confidence <= 0.3
    assert report.questions == [phone.question]


def test_two_columns_of_e_mails_compete_and_the_coordinator_is_asked() -> None:
    rows = [
        {"A": "ana@example.com", "B": "ana.costa@work.example"},
        {"A": "ben@example.com", "B": "ben.ode@work.example"},
    ]
    report = match_columns(["A", "B"], TENTIMES, "10times", rows=rows)
    assert report.mapping.fields["email"].column == "A"
    assert any("“B”" in q for q in report.questions)


def test_a_family_first_full_name_is_never_split() -> None:
    fields = create_connector("ivvy", {"region": "ap-southeast-2"}).target_fields()
    report = match_columns(["ФИО", "Эл. почта"], fields, "ivvy")
    assert "firstName" not in report.mapping.fields
    assert any("family name first" in q for q in report.questions)
    tentimes = match_columns(["ФИО", "Эл. почта"], TENTIMES, "10times")
    assert tentimes.mapping.fields["name"].column == "ФИО"


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Ｅ－ｍａｉｌ", "e-mail"),  # full-width, as Japanese input methods type it
        ("Ім’я", "ім'я"),  # typographic and plain apostrophe
        ("Імʼя", "ім'я"),  # the modifier-letter apostrophe Ukrainian keyboards type
        ("البريد الإلكتروني", "البريد الالكتروني"),  # hamza on alef, or not
        ("Ülke", "ulke"),
        ("İsim", "isim"),  # Turkish dotted capital I
        ("Adı", "adi"),  # Turkish dotless i
        ("Số điện thoại", "so dien thoai"),  # Vietnamese tones and đ
        ("Miejscowość", "miejscowosc"),
        ("Ё", "е"),
    ],
)
def test_headers_compare_without_case_accents_or_punctuation(written: str, typed: str) -> None:
    assert header_key(written) == header_key(typed)


def test_japanese_and_korean_are_compared_as_written() -> None:
    # Dropping the voicing mark would make ガ (ga) the same as カ (ka).
    assert normalise("ガス") != normalise("カス")
    assert normalise("휴대폰 번호") == "휴대폰 번호"
    assert header_key("電話・番号") == "電話番号"


def test_no_spelling_means_two_attendee_concepts() -> None:
    meanings: dict[str, set[str]] = {}
    for concept, words in SYNONYMS.items():
        for word in words:
            meanings.setdefault(header_key(word), set()).add(concept)
    # Concepts that refine another one share its spellings on purpose.
    allowed = {frozenset({"email", "buyer_email"}), frozenset({"phone", "mobile"})}
    allowed |= {frozenset({"full_name", "full_name_family_first"})}
    clashes = {k: v for k, v in meanings.items() if len(v) > 1 and frozenset(v) not in allowed}
    assert clashes == {}


def test_there_are_twenty_language_files_each_readable() -> None:
    folder = Path(synonyms_package.__file__).parent
    files = sorted(folder.glob("*.toml"))
    assert len(files) == 20
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert set(data["concepts"]) <= set(CONCEPTS), path.name
        for concept in ("first_name", "last_name", "email", "company", "job_title", "phone"):
            assert data["concepts"].get(concept), f"{path.name} lacks {concept}"


def test_a_language_file_with_an_unknown_concept_is_refused() -> None:
    with pytest.raises(SynonymFileError, match="unknown concept 'first_nam'"):
        _parse("xx", 'language = "X"\n[concepts]\nfirst_nam = ["a"]\n')


def test_the_language_files_ship_with_the_package_and_the_app_bundle() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert (
        "core/mapping/synonyms/*.toml"
        in pyproject["tool"]["setuptools"]["package-data"]["attendee_relay"]
    )
    spec = (ROOT / "packaging" / "attendee-relay.spec").read_text(encoding="utf-8")
    assert '"attendee_relay/core/mapping/synonyms"' in spec


def test_a_field_without_a_concept_is_matched_by_its_own_names_only() -> None:
    field = TargetField("lead_vkontakte", "VKontakte id", synonyms=("vk",))
    report = match_columns(["VK", "Email"], (field,), "influencersoft")
    assert report.mapping.fields["lead_vkontakte"].column == "VK"


def test_a_lone_first_name_column_fills_a_required_full_name_with_a_low_confidence() -> None:
    rows = [
        {"이름": "홍길동", "이메일": "hong@example.kr"},
        {"이름": "김민준", "이메일": "kim@example.kr"},
    ]
    report = match_columns(["이름", "이메일"], TENTIMES, "10times", rows=rows)
    assert report.mapping.fields["name"].column == "이름"
    assert report.matches["name"].confidence == 0.5
    assert "only name column" in report.matches["name"].reason

    whole = [{"Имя": "Иван Петров", "Email": "ivan@example.ru"}] * 3
    report = match_columns(["Имя", "Email"], TENTIMES, "10times", rows=whole)
    assert report.matches["name"].confidence == 0.7
    assert "people's names" in report.matches["name"].reason
