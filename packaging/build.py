"""Build the one-folder app bundle for this platform into ``dist/attendee-relay/``.

Installs the pinned PyInstaller into the running interpreter when it is missing, generates the
metadata files (desktop entry, metainfo, Windows version resource, dist-info) from pyproject.toml,
runs the spec, adds the Linux desktop integration files, and prints the unpacked size.

    python packaging/build.py            # from the repository root, in a venv with the app's deps
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _appmeta() -> ModuleType:
    # Loaded by path: ``packaging`` on sys.path would shadow the PyPI library of that name.
    spec = importlib.util.spec_from_file_location("attendee_relay_appmeta", HERE / "appmeta.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def pinned_pyinstaller(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The PyInstaller requirement of pyproject's ``packaging`` extra (``pyinstaller==X.Y.Z``).

    Pinned there: a new PyInstaller can change what its hooks collect, and so the bundle.
    """
    with pyproject.open("rb") as handle:
        extras = tomllib.load(handle)["project"]["optional-dependencies"]["packaging"]
    return next(req for req in extras if req.lower().startswith("pyinstaller"))


def ensure_pyinstaller() -> None:
    """Install the pinned PyInstaller into this interpreter if it has none."""
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    requirement = pinned_pyinstaller()
    print(f"== installing {requirement}", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", requirement], check=True)


def tree_size(path: Path) -> int:
    """Bytes of every file under ``path`` (symlinks not followed), as unpacked on disk."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; return the bundle folder."""
    meta = _appmeta()
    generated = work / "packaging"
    if generated.exists():
        shutil.rmtree(generated)
    meta.write_generated(generated)
    env = {**os.environ, "ATTENDEE_RELAY_GENERATED": str(generated)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={dist}",
            f"--workpath={work / 'pyinstaller'}",
            str(HERE / "attendee-relay.spec"),
        ],
        check=True,
        cwd=ROOT,
        env=env,
    )
    bundle: Path = dist / meta.EXECUTABLE
    if sys.platform.startswith("linux"):
        # The desktop entry, icon theme and metainfo, laid out as under /usr or ~/.local:
        # packaging/linux/install.sh copies them into place.
        shutil.copytree(generated / "share", bundle / "share", dirs_exist_ok=True)
        shutil.copy2(HERE / "linux" / "install.sh", bundle / "install.sh")
    return bundle


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="scratch folder")
    args = parser.parse_args()
    started = time.monotonic()
    ensure_pyinstaller()
    bundle = build(args.dist.resolve(), args.work.resolve())
    size = tree_size(bundle)
    print(f"== bundle: {bundle}")
    print(f"== unpacked size: {size / 1_000_000:.1f} MB ({size} bytes)")
    print(f"== build time: {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
