"""Where followup keeps its data, and the pairing token kept there in an owner-only file."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

import platformdirs

TOKEN_FILE = "token"


class InsecurePermissions(RuntimeError):
    """A file holding secrets is readable by other users of the machine."""


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """--data-dir, else $FOLLOWUP_DATA_DIR, else the platform's user data directory."""
    chosen = override or os.environ.get("FOLLOWUP_DATA_DIR") or platformdirs.user_data_dir("followup")
    return Path(chosen).expanduser().resolve()


def ensure_dir(path: Path) -> Path:
    """Create the data directory owner-only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def _secure_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def check_private(path: Path) -> None:
    """Refuse a secret file that group or others can read or write."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise InsecurePermissions(
            f"{path} is readable by other users (mode {mode:o}); run: chmod 600 {path}"
        )


def read_token(directory: Path) -> str | None:
    path = directory / TOKEN_FILE
    if not path.exists():
        return None
    check_private(path)
    return path.read_text().strip() or None


def ensure_token(directory: Path, rotate: bool = False) -> str:
    """The pairing token, created (or replaced with --rotate) as a random 256-bit secret."""
    ensure_dir(directory)
    token = None if rotate else read_token(directory)
    if token is None:
        token = secrets.token_urlsafe(32)
        _secure_write(directory / TOKEN_FILE, token + "\n")
    return token


class TokenSource:
    """The current token, re-read when the file changes so `followup token --rotate` applies at once."""

    def __init__(self, directory: Path):
        self.path = directory / TOKEN_FILE
        self._stamp: tuple | None = None
        self._token = ""

    def get(self) -> str:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return ""
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        if stamp != self._stamp:
            check_private(self.path)
            self._token = self.path.read_text().strip()
            self._stamp = stamp
        return self._token
