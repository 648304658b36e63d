"""Files with headers in 20 languages map onto 10times, InfluencerSoft and iVvy without a click.

The CSVs in ``tests/fixtures/headers/`` are written by hand the way exports in each language
look (semicolons and native spellings for European Excel, family name first in East Asian
lists), not generated from the synonym table. Their spellings were checked against real
exports' and CRMs' labels found with the search tool:

- EspoCRM's translations (espocrm/espocrm @ 2cde9d98, application/Espo/Resources/i18n/<locale>/
  Global.json and Modules/Crm/.../Contact.json): firstName/lastName/emailAddress/phoneNumber/
  address labels for it, pt_BR, pt_PT, nl, pl, ru, uk, tr, ar, ja, zh_CN, zh_TW, id, sv, cs, vi
  (e.g. "Cognome", "Sobrenome", "Tussenvoegsel", "Imię", "Фамилия", "Прізвище", "Soyadı",
  "اسم العائلة", "苗字", "姓氏", "Nama depan", "Efternamn", "Příjmení", "Họ").
- Attendize's attendee export (Attendize/Attendize @ 9289acba, app/Exports/AttendeesExport.php
  with resources/lang/{it,ja,nl,pl,ru,es}): "Nome di battesimo"/"Cognome", "名"/"姓"/
  "メールアドレス", "Voornaam"/"Achternaam"/"E-mailadres", "Imię"/"Nazwisko", "Имя"/"Фамилия".
- Korean: a Salesforce CSV-import mapping that labels LastName "성" and Email "이메일".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from attendee_relay.connectors.registry import create_connector
from attendee_relay.core.mapping.automatch import match_columns
from attendee_relay.core.mapping.compile import compile_mapping
from attendee_relay.core.mapping.report import MatchHow
from attendee_relay.core.sources import open_source

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "headers"

# language -> (first, last, e-mail, company, job title, phone, country), as written in the file.
EXPECTED = {
    "en": ("First Name", "Last Name", "Email Address", "Company", "Job Title", "Mobile Phone", "Country"),
    "de": ("Vorname", "Nachname", "E-Mail-Adresse", "Firma", "Position", "Telefon", "Land"),
    "fr": ("Prénom", "Nom", "Adresse e-mail", "Société", "Fonction", "Téléphone portable", "Pays"),
    "es": ("Nombre", "Apellidos", "Correo electrónico", "Empresa", "Cargo", "Teléfono móvil", "País"),
    "it": ("Nome", "Cognome", "Indirizzo email", "Azienda", "Ruolo", "Cellulare", "Paese"),
    "pt": ("Nome", "Sobrenome", "E-mail", "Empresa", "Cargo", "Celular", "País"),
    "nl": ("Voornaam", "Achternaam", "E-mailadres", "Bedrijfsnaam", "Functie", "Telefoonnummer", "Land"),
    "pl": ("Imię", "Nazwisko", "Adres e-mail", "Nazwa firmy", "Stanowisko", "Telefon komórkowy", "Kraj"),
    "ru": ("Имя", "Фамилия", "Эл. почта", "Компания", "Должность", "Мобильный телефон", "Страна"),
    "uk": ("Ім’я", "Прізвище", "Електронна пошта", "Компанія", "Посада", "Телефон", "Країна"),
    "tr": ("Adı", "Soyadı", "E-posta", "Şirket", "Ünvan", "Cep Telefonu", "Ülke"),
    "ar": ("الاسم الأول", "اسم العائلة", "البريد الإلكتروني", "اسم الشركة", "المسمى الوظيفي", "رقم الجوال", "الدولة"),
    "ja": ("名", "姓", "メールアドレス", "会社名", "役職", "電話番号", "国"),
    "zh-Hans": ("名", "姓", "电子邮箱", "公司名称", "职位", "手机号码", "国家"),
    "zh-Hant": ("名", "姓", "電子郵件", "公司名稱", "職稱", "手機號碼", "國家"),
    "ko": ("이름", "성", "이메일", "회사명", "직책", "휴대폰 번호", "국가"),
    "id": ("Nama Depan", "Nama Belakang", "Alamat Email", "Nama Perusahaan", "Jabatan", "No. HP", "Negara"),
    "sv": ("Förnamn", "Efternamn", "E-postadress", "Företag", "Titel", "Mobilnummer", "Land"),
    "cs": ("Jméno", "Příjmení", "E-mail", "Společnost", "Pozice", "Telefon", "Země"),
    "vi": ("Tên", "Họ", "Email", "Tên công ty", "Chức vụ", "Số điện thoại", "Quốc gia"),
}  # fmt: skip

#: Names with a middle part between first and last: Dutch "tussenvoegsel", Russian patronymic.
MIDDLE = {"nl": "Tussenvoegsel", "ru": "Отчество"}

#: The country of each file's first attendee, as InfluencerSoft wants it (ISO alpha-2).
FIRST_COUNTRY = {
    "en": "GB", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pt": "BR", "nl": "NL",
    "pl": "PL", "ru": "RU", "uk": "UA", "tr": "TR", "ar": "SA", "ja": "JP", "zh-Hans": "CN",
    "zh-Hant": "TW", "ko": "KR", "id": "ID", "sv": "SE", "cs": "CZ", "vi": "VN",
}  # fmt: skip

SETTINGS = {
    "10times": {"event": "1001", "channel": "web"},
    "influencersoft": {"username": "demo"},
    "ivvy": {"region": "ap-southeast-2"},
}


def _read(language: str) -> tuple[list[str], list[dict[str, str]]]:
    source = open_source(FIXTURES / f"{language}.csv")
    return source.info.headers, [row.values for row in source.rows()]


def _columns(report_fields: dict[str, object], name: str) -> object:
    entry = report_fields[name]
    return entry.column if entry.column is not None else entry.columns  # type: ignore[attr-defined]


def test_there_is_one_file_per_language() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.csv")) == sorted(EXPECTED)
    assert len(EXPECTED) == 20


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_tentimes_gets_the_name_joined_and_every_attendee_field(language: str) -> None:
    first, last, email, company, job, phone, country = EXPECTED[language]
    headers, rows = _read(language)
    fields = create_connector("10times", SETTINGS["10times"]).target_fields()
    report = match_columns(headers, fields, "10times", rows=rows)
    mapped = report.mapping.fields
    middle = [MIDDLE[language]] if language in MIDDLE else []
    assert _columns(mapped, "name") == [first, *middle, last]
    assert {
        n: _columns(mapped, n) for n in ("email", "company", "designation", "phone", "country")
    } == {
        "email": email,
        "company": company,
        "designation": job,
        "phone": phone,
        "country": country,
    }
    assert report.matches["email"].how is MatchHow.SYNONYM
    # The e-mail and phone values agree with their headers, which makes the match surer.
    assert report.matches["email"].confidence > 0.9
    assert report.matches["phone"].confidence > 0.9
    assert report.questions == []


@pytest.mark.parametrize("language", sorted(EXPECTED))
@pytest.mark.parametrize(
    ("platform", "names"),
    [
        ("influencersoft", ("lead_first_name", "lead_last_name", "lead_email", "lead_phone")),
        ("ivvy", ("firstName", "lastName", "email", "phone")),
    ],
)
def test_first_last_email_and_phone_map_for_influencersoft_and_ivvy(
    language: str, platform: str, names: tuple[str, str, str, str]
) -> None:
    first, last, email, _company, _job, phone, _country = EXPECTED[language]
    headers, rows = _read(language)
    fields = create_connector(platform, SETTINGS[platform]).target_fields()
    mapped = match_columns(headers, fields, platform, rows=rows).mapping.fields
    assert [_columns(mapped, n) for n in names] == [first, last, email, phone]


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_country_names_in_the_files_language_become_iso_codes(language: str) -> None:
    connector = create_connector("influencersoft", SETTINGS["influencersoft"])
    fields = connector.target_fields()
    source = open_source(FIXTURES / f"{language}.csv")
    first_row = next(iter(source.rows()))
    mapping = match_columns(source.info.headers, fields, "influencersoft", rows=[first_row.values])
    mapper = compile_mapping(
        mapping.mapping, source.info.headers, fields, connector.accepts_extra_field
    )
    assert mapper(first_row).fields["lead_shipping_country_code"] == FIRST_COUNTRY[language]
