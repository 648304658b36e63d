"""The bundle's self-description is generated from pyproject.toml and CHANGELOG.md: desktop entry,
AppStream metainfo, Windows version resource, macOS Info.plist keys, dist-info and the icon set."""

from __future__ import annotations

import ast
import configparser
import importlib.metadata
import importlib.util
import plistlib
import struct
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _load(name: str) -> ModuleType:
    # By path: a `packaging` package on sys.path would shadow the PyPI library pytest itself uses.
    spec = importlib.util.spec_from_file_location(
        f"attendee_relay_{name}", PACKAGING / f"{name}.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


meta = _load("appmeta")


@pytest.fixture
def other_project(tmp_path: Path) -> Path:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "attendee-relay"\nversion = "2.7.1rc2"\n'
        'description = "Lists & <things> into platforms"\n',
        encoding="utf-8",
    )
    return pyproject


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_name_and_version_come_from_pyproject() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    info = meta.project_info()
    assert (info.name, info.version) == (project["name"], project["version"])


def test_every_generated_file_carries_the_pyproject_version(other_project: Path) -> None:
    info = meta.project_info(other_project)
    assert info.version == "2.7.1rc2"
    assert info.version_tuple == (2, 7, 1, 2)
    assert "filevers=(2, 7, 1, 2)" in meta.windows_version_file(info)
    assert "StringStruct('ProductVersion', '2.7.1rc2')" in meta.windows_version_file(info)
    assert meta.info_plist(info)["CFBundleShortVersionString"] == "2.7.1rc2"


def test_the_current_version_is_the_newest_release_in_the_changelog() -> None:
    releases = meta.releases()
    assert releases, "CHANGELOG.md lists no release"
    assert releases[0].version == meta.project_info().version


def test_the_desktop_entry_launches_the_executable_with_the_app_icon() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(meta.desktop_entry(meta.project_info()))
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Attendee Relay"
    assert entry["Exec"] == "attendee-relay"  # no %F: the CLI would read a file as a command
    assert entry["Icon"] == "attendee-relay"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


def test_the_metainfo_is_valid_appstream_xml_naming_the_desktop_entry(
    other_project: Path,
) -> None:
    info = meta.project_info(other_project)
    releases = [meta.Release("2.7.1rc2", "2027-01-02"), meta.Release("0.1.0", "2026-11-23")]
    root = ET.fromstring(meta.metainfo_xml(info, releases))
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == meta.APP_ID
    assert root.findtext("launchable") == meta.DESKTOP_FILE
    assert root.findtext("description/p") == "Lists & <things> into platforms"  # escaped, kept
    assert [r.get("version") for r in root.iterfind("releases/release")] == ["2.7.1rc2", "0.1.0"]
    assert root.findtext("provides/binary") == "attendee-relay"


def test_the_windows_version_file_is_a_python_expression_pyinstaller_can_read() -> None:
    tree = ast.parse(meta.windows_version_file(meta.project_info()), mode="exec")
    call = tree.body[0].value  # type: ignore[attr-defined]
    assert isinstance(call, ast.Call) and call.func.id == "VSVersionInfo"  # type: ignore[attr-defined]


def test_the_macos_plist_keys_serialise_and_name_the_bundle() -> None:
    keys = meta.info_plist(meta.project_info())
    plist = plistlib.loads(plistlib.dumps(keys))
    assert plist["CFBundleIdentifier"] == meta.APP_ID
    assert plist["NSHighResolutionCapable"] is True


def test_the_bundled_dist_info_gives_importlib_metadata_the_version(
    tmp_path: Path, other_project: Path
) -> None:
    folder = meta.write_dist_info(meta.project_info(other_project), tmp_path)
    dist = importlib.metadata.PathDistribution(folder)
    assert (dist.metadata["Name"], dist.version) == ("attendee-relay", "2.7.1rc2")


def test_the_generated_tree_has_the_desktop_files_and_every_icon_size(tmp_path: Path) -> None:
    meta.write_generated(tmp_path)
    share = tmp_path / "share"
    assert (share / "applications" / "attendee-relay.desktop").is_file()
    ET.parse(share / "metainfo" / f"{meta.APP_ID}.metainfo.xml")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "attendee-relay.png"
        assert _png_size(png) == (size, size)
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "attendee-relay.svg").is_file()
    assert "VSVersionInfo(" in (tmp_path / "windows" / "version.txt").read_text(encoding="utf-8")


def test_the_windows_and_macos_icons_are_real_ico_and_icns_files() -> None:
    ico = (meta.ICONS_DIR / "attendee-relay.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 6  # an icon with several sizes
    icns = (meta.ICONS_DIR / "attendee-relay.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_the_window_icon_is_the_same_drawing_as_the_app_icon() -> None:
    package_icon = ROOT / "app" / "attendee_relay" / "resources" / "icons" / "app.svg"
    assert package_icon.read_bytes() == (meta.ICONS_DIR / "attendee-relay.svg").read_bytes()
    ET.parse(meta.ICONS_DIR / "attendee-relay.svg")


def test_the_spec_repeats_no_version_and_leaves_out_unused_qt_modules() -> None:
    text = (PACKAGING / "attendee-relay.spec").read_text(encoding="utf-8")
    compile(text, "attendee-relay.spec", "exec")
    assert meta.project_info().version not in text
    for unused in ("QtWebEngineCore", "Qt3DCore", "QtQuick", "QtQml", "QtMultimedia"):
        assert f'"{unused}"' in text
