"""SandboxServer in a background thread, and the standalone `python -m attendee_relay.sandbox`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

import attendee_relay
from attendee_relay.sandbox import SandboxServer
from attendee_relay.sandbox.cli import READY_PREFIX, run_sandbox_command


def test_port_zero_binds_an_os_chosen_port_and_urls_follow_it() -> None:
    with SandboxServer() as sandbox:
        assert sandbox.port > 0
        assert sandbox.base_url == f"http://127.0.0.1:{sandbox.port}"
        assert sandbox.url("/influencersoft/demo/") == f"{sandbox.base_url}/influencersoft/demo"


def test_recorded_state_stays_readable_after_stop(client: httpx.Client) -> None:
    sandbox = SandboxServer().start()
    client.post(sandbox.url("push/x"), json={"a": 1})
    sandbox.stop()
    assert len(sandbox.pushed()) == 1
    with pytest.raises(httpx.ConnectError):
        client.post(sandbox.url("push/x"), json={"a": 1})


def test_starting_on_a_busy_port_raises_os_error() -> None:
    with SandboxServer() as first, pytest.raises(OSError):
        SandboxServer(port=first.port).start()


def test_unknown_path_answers_404(sandbox: SandboxServer, client: httpx.Client) -> None:
    assert client.post(sandbox.base_url + "/nowhere", json={}).status_code == 404


def test_command_on_a_busy_port_says_so_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert run_sandbox_command(busy.getsockname()[1]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--port" in err


def test_command_refuses_a_bad_fault_rate(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_sandbox_command(0, fault_rate=3.0) == 2
    assert "fault_rate" in capsys.readouterr().err


def _start_standalone(*args: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(attendee_relay.__file__).parent.parent)
    proc = subprocess.Popen(
        [sys.executable, "-m", "attendee_relay.sandbox", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith(READY_PREFIX), first
    base_url = first[len(READY_PREFIX) :].strip()
    banner = [proc.stdout.readline() for _ in range(12)]
    return proc, base_url, banner


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_standalone_process_answers_and_stops_cleanly(
    client: httpx.Client, stop_signal: signal.Signals
) -> None:
    proc, base_url, banner = _start_standalone("--latency-ms", "1")
    try:
        assert any("sandbox-key" in line for line in banner)
        assert any(f"{base_url}/10times" in line for line in banner)
        answer = client.post(
            base_url + "/influencersoft/demo/api/addupdatelead",
            data={"rpsKey": "sandbox-key", "lead_email": "ana@example.com"},
        )
        assert answer.json()["error_code"] == 0
        received = client.get(base_url + "/_sandbox/received").json()
        assert "ana@example.com" in received["influencersoft"]["contacts"]["demo"]
        assert client.get(base_url + "/_sandbox/config").json()["latency_ms"] == 1
    finally:
        proc.send_signal(stop_signal)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert "Sandbox stopped." in out
