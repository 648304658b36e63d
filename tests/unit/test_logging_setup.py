"""The log file: rotating, in the user log dir, and never holding a secret."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from attendee_relay.core import paths
from attendee_relay.core.logging_setup import (
    SecretFilter,
    mask_secret_patterns,
    register_secret,
    setup_logging,
    teardown_logging,
)
from attendee_relay.core.redaction import MASK, forget_registered_secrets
from attendee_relay.core.secrets import SecretStore

SECRET = "Sup3r-Secret/Key+42"


@pytest.fixture(autouse=True)
def clean_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    forget_registered_secrets()
    yield
    teardown_logging()
    root.setLevel(level)
    forget_registered_secrets()


def our_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_attendee_relay_handler", None)]


def log_text(path: Path) -> str:
    for handler in our_handlers():
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_log_file_is_in_the_user_log_dir_and_rotates_at_1mb_times_5() -> None:
    path = setup_logging()
    assert path == paths.log_dir() / "attendee-relay.log"
    (handler,) = our_handlers()
    assert isinstance(handler, RotatingFileHandler)
    assert handler.maxBytes == 1_000_000
    assert handler.backupCount == 5
    assert Path(handler.baseFilename) == path


def test_calling_twice_adds_no_second_handler() -> None:
    first = setup_logging()
    second = setup_logging()
    assert first == second
    assert len(our_handlers()) == 1


def test_nothing_goes_to_stderr_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging()
    logging.getLogger("attendee_relay.test").warning("visible only in the file")
    assert capsys.readouterr().err == ""


def test_verbose_echoes_to_stderr_and_logs_debug(capsys: pytest.CaptureFixture[str]) -> None:
    path = setup_logging(verbose=True)
    logging.getLogger("attendee_relay.test").debug("debug detail %s", SECRET)
    register_secret(SECRET)
    logging.getLogger("attendee_relay.test").debug("again %s", SECRET)
    err = capsys.readouterr().err
    assert "again" in err and SECRET not in err.split("again", 1)[1]
    assert "debug detail" in log_text(path)
    setup_logging()
    assert len(our_handlers()) == 1  # back to the file only


def test_registered_secret_never_reaches_the_file_however_it_is_logged() -> None:
    path = setup_logging(verbose=True)
    register_secret(SECRET)
    log = logging.getLogger("attendee_relay.anything")
    log.info("plain %s", SECRET)
    log.info(f"f-string {SECRET}")
    log.info("dict %s", {"headers": {"X-Note": SECRET}})
    log.info("url https://x.example/?sig=Sup3r-Secret%2FKey%2B42")
    try:
        raise RuntimeError(f"failed with {SECRET}")
    except RuntimeError:
        log.exception("boom")
    log.info("stack", stack_info=True, extra={})
    text = log_text(path)
    assert SECRET not in text
    assert "Sup3r-Secret%2FKey%2B42" not in text
    assert text.count(MASK) >= 5
    assert "RuntimeError: failed with" in text


def test_secret_read_through_the_secret_store_is_masked_automatically() -> None:
    path = setup_logging()
    store = SecretStore()
    store.set("tt", "api_key", "stored-by-store-1")
    forget_registered_secrets()
    value = store.get("tt", "api_key")  # registering on read, not just on write
    logging.getLogger("attendee_relay.engine").info("sending with %s", value)
    text = log_text(path)
    assert "stored-by-store-1" not in text
    assert f"sending with {MASK}" in text


def test_unregistered_credentials_are_masked_by_their_shape() -> None:
    path = setup_logging()
    log = logging.getLogger("httpx")
    log.info("HTTP Request: POST https://10times.com/api?key=abc123&event=9 200")
    log.info("body rpsKey=zzz999&email=a@b.c")
    log.info("Authorization: Basic dXNlcjpwYXNzd29yZA==")
    log.info("%s", {"X-Api-Authorization": "IWS pub:0123abcd"})
    text = log_text(path)
    for leaked in ("abc123", "zzz999", "dXNlcjpwYXNzd29yZA", "pub:0123abcd"):
        assert leaked not in text
    assert f"key={MASK}&event=9" in text
    assert f"Authorization: Basic {MASK}" in text
    assert "email=a@b.c" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("key=abc", f"key={MASK}"),
        ("?rpsKey=abc&x=1", f"?rpsKey={MASK}&x=1"),
        ("api_key: abc", f"api_key: {MASK}"),
        ('"client_secret": "abc"', f'"client_secret": "{MASK}"'),
        ("Authorization: Bearer abc.def", f"Authorization: Bearer {MASK}"),
        ("X-Api-Authorization: IWS k:sig", f"X-Api-Authorization: IWS {MASK}"),
        ("monkey=banana", "monkey=banana"),
        ("keyword=hello", "keyword=hello"),
    ],
)
def test_pattern_masking(text: str, expected: str) -> None:
    assert mask_secret_patterns(text) == expected


def test_filter_keeps_a_record_with_a_broken_format_string() -> None:
    register_secret(SECRET)
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "%d items %s", ("many", SECRET), None
    )
    assert SecretFilter().filter(record)
    assert SECRET not in record.getMessage()
    assert record.args is None


def test_log_dir_change_moves_the_handler(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    first = setup_logging()
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "elsewhere"))
    second = setup_logging()
    assert first != second
    (handler,) = our_handlers()
    assert Path(handler.baseFilename) == second


def test_a_log_another_process_holds_open_goes_on_without_an_error_on_the_console(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log_path = setup_logging()

    def held_open(source: str, target: str) -> None:
        # What Windows answers when the app has the log open while the CLI rotates it.
        raise PermissionError(32, "The process cannot access the file because it is being used")

    monkeypatch.setattr("logging.handlers.os.rename", held_open)
    log = logging.getLogger("attendee_relay.test")
    for number in range(1500):  # 1.5 MB: past the point where the log rotates
        log.info("%s line %d", "x" * 1000, number)

    assert "Logging error" not in capsys.readouterr().err
    text = log_path.read_text(encoding="utf-8")
    assert "line 0\n" in text and "line 1499\n" in text
