"""scripts/package-extension: one zip per store from the same code, reproducible, each manifest fit for its browser."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "extension"


def package(out: Path) -> dict[str, Path]:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "package-extension"), "--out", str(out), "--no-lint"],
                   check=True, capture_output=True, timeout=60)
    return {name: next(out.glob(f"followup-{name}-*.zip")) for name in ("chrome", "firefox")}


def test_zips_hold_the_same_code_with_a_manifest_for_each_browser(tmp_path):
    zips = package(tmp_path)
    source_files = sorted(p.relative_to(SOURCE).as_posix() for p in SOURCE.rglob("*") if p.is_file())
    for name, archive in zips.items():
        with zipfile.ZipFile(archive) as zf:
            assert sorted(zf.namelist()) == source_files, name
            for file in source_files:
                if file != "manifest.json":
                    assert zf.read(file) == (SOURCE / file).read_bytes(), f"{name}: {file} differs from the source"
    chrome = json.loads(zipfile.ZipFile(zips["chrome"]).read("manifest.json"))
    firefox = json.loads(zipfile.ZipFile(zips["firefox"]).read("manifest.json"))
    assert chrome["key"] and chrome["background"] == {"service_worker": "background.js", "type": "module"}
    assert "browser_specific_settings" not in chrome and "page_action" not in chrome
    assert "key" not in firefox and firefox["background"] == {"scripts": ["background.js"], "type": "module"}
    assert firefox["browser_specific_settings"]["gecko"]["id"]
    assert "declarativeContent" not in firefox["permissions"]
    assert firefox["page_action"]["show_matches"] == ["https://www.linkedin.com/in/*", "https://linkedin.com/in/*"]


def test_packaging_is_reproducible(tmp_path):
    first = {k: v.read_bytes() for k, v in package(tmp_path / "a").items()}
    second = {k: v.read_bytes() for k, v in package(tmp_path / "b").items()}
    assert first == second


def test_icons_are_real_pngs_in_every_size_the_manifest_names():
    manifest = json.loads((SOURCE / "manifest.json").read_text())
    for size, path in {**manifest["icons"], **manifest["action"]["default_icon"]}.items():
        data = (SOURCE / path).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", path
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (int(size), int(size)), path


def test_no_extension_code_writes_markup_or_evaluates_strings():
    """Captured and stored text is rendered as text: no code assigns HTML or builds code from strings
    (reading outerHTML to snapshot a page is fine); the manifest keeps the default MV3 CSP."""
    import re

    writes = re.compile(r"\.(innerHTML|outerHTML)\s*\+?=(?!=)|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setTimeout\(\s*[\"'`]")
    found = [f"{p.relative_to(SOURCE)}:{n}: {line.strip()}"
             for p in sorted(SOURCE.rglob("*.js")) for n, line in enumerate(p.read_text().splitlines(), 1)
             if writes.search(line)]
    assert found == []
    manifest = json.loads((SOURCE / "manifest.json").read_text())
    assert "content_security_policy" not in manifest and "externally_connectable" not in manifest
    assert "content_scripts" not in manifest, "pages are read on a click only (activeTab), never by a content script"
    assert sorted(manifest["host_permissions"]) == ["http://127.0.0.1/*", "http://localhost/*"]
