"""What the Firefox tests know of the extension and this machine: the add-on id, its pinned origin, the host
access it asks for, where Firefox and the saved pages are."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = Path(os.environ.get("FOLLOWUP_FIREFOX_EXTENSION", ROOT / "extension"))  # another build to test
ADDON_ID = "followup@followup.invalid"  # the manifest's browser_specific_settings.gecko.id
UUID = "5f0c2b7e-3a91-4d6e-8b24-9c1d7e0a4f63"  # pinned per profile by extensions.webextensions.uuids
ORIGIN = f"moz-extension://{UUID}"
FIREFOX = os.environ.get("FOLLOWUP_FIREFOX", "/usr/bin/firefox-esr")
ARTIFACTS = ROOT / "tests" / "artifacts"
PAGES = [ROOT / "tests" / "browser" / "pages", ROOT / "tests" / "pages", ROOT.parent / "shared" / "pages"]
HOSTS = ["http://127.0.0.1/*", "http://localhost/*"]  # the manifest's host_permissions


def saved_page(name: str) -> str:
    """A test page by file name: the browser tests' pages, else the project's corpus of real saved pages."""
    for folder in PAGES:
        matches = sorted(folder.rglob(name)) if folder.exists() else []
        if matches:
            return matches[0].read_text(encoding="utf-8")
    raise FileNotFoundError(name)
