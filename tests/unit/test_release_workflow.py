"""The release workflow (it cannot run here): valid for GitHub by its schema, the same check .ci/run
makes, and building every platform with packaging/build.py and the pinned PyInstaller."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    linter = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert linter, "check-jsonschema is in the test extra"
    return subprocess.run(
        [linter, "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_the_workflow_passes_githubs_schema(tmp_path: Path) -> None:
    assert lint(WORKFLOW).returncode == 0


def test_the_linter_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "release.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("    runs-on:", "    run-on:"),
        encoding="utf-8",
    )
    result = lint(broken)
    assert result.returncode == 1 and "'runs-on' is a required property" in result.stdout


def test_every_platform_is_built_by_build_py_with_the_pinned_pyinstaller() -> None:
    workflow = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    job = workflow["jobs"]["bundle"]
    systems = {entry["os"].split("-")[0] for entry in job["strategy"]["matrix"]["include"]}
    assert systems == {"ubuntu", "windows", "macos"}
    runs = [step.get("run", "") for step in job["steps"]]
    assert 'python -m pip install -e ".[packaging]"' in runs  # pyinstaller==X.Y.Z from there
    assert "python packaging/build.py" in runs
    assert "python packaging/smoke_test.py dist/attendee-relay/attendee-relay" in runs
    uploads = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["if-no-files-found"] == "error"
