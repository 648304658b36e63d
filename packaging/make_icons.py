"""Render the app icon set from ``resources/icons/attendee-relay.svg``: PNGs 16-512 for the Linux
icon theme, ``.ico`` for Windows and ``.icns`` for macOS, plus the package's window icon.

Qt's SVG renderer draws the PNGs (the same renderer the app uses for its icons); Pillow (the
``packaging`` extra) packs them into .ico and .icns. Run it after changing the SVG, and commit the
results: ``PYTHONPATH=app python packaging/make_icons.py``.
"""

from __future__ import annotations

import importlib.util
import io
import os
import sys
from pathlib import Path
from types import ModuleType

_HERE = Path(__file__).resolve().parent


def _appmeta() -> ModuleType:
    # Loaded by path: ``packaging`` on sys.path would shadow the PyPI library of that name.
    spec = importlib.util.spec_from_file_location("attendee_relay_appmeta", _HERE / "appmeta.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def render_png(svg: Path, size: int, target: Path) -> None:
    """Draw ``svg`` into a transparent ``size`` x ``size`` PNG at ``target``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(target)):
        raise OSError(f"Could not write {target}.")


def make_icons() -> list[Path]:
    """Write every size, the .ico and the .icns next to the SVG; return the files written."""
    from PIL import Image

    meta = _appmeta()
    icons: Path = meta.ICONS_DIR
    base: str = meta.EXECUTABLE
    svg = icons / f"{base}.svg"
    written = []
    images = {}
    for size in meta.ICON_SIZES:
        png = icons / f"{base}-{size}.png"
        render_png(svg, size, png)
        images[size] = Image.open(io.BytesIO(png.read_bytes())).convert("RGBA")
        written.append(png)
    # Windows picks the closest size for each context (taskbar, Explorer views, Alt-Tab).
    ico = icons / f"{base}.ico"
    images[256].save(ico, sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    written.append(ico)
    # Pillow builds the icns from the largest image, scaling to the sizes macOS asks for.
    icns = icons / f"{base}.icns"
    images[512].save(icns, format="ICNS")
    written.append(icns)
    # The window icon inside the package: the same drawing, so window and launcher match.
    package_svg = meta.ROOT / "app" / "attendee_relay" / "resources" / "icons" / "app.svg"
    package_svg.write_bytes(svg.read_bytes())
    written.append(package_svg)
    return written


if __name__ == "__main__":
    for path in make_icons():
        print(path.relative_to(_HERE.parent))
