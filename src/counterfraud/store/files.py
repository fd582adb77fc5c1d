"""Files and folders this instance creates on disk, private to the user it runs as.

The data folder holds the database (marked records, API key hashes, partners' keys), the
instance's signing key and the demo's ground truth: folders are created 0700 and files
0600 whatever the process umask, so no other local account can read them.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def private_folder(path: Path) -> Path:
    """``path``, created with every missing parent as a private folder. Folders that
    already exist are left as they are: they may be shared on purpose (``/tmp``)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:  # another process made it first: its mode is its own
            continue
        os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask
    return path


def private_file(path: Path) -> Path:
    """``path`` as a private file: created empty if missing, its mode narrowed to 0600
    if others may read it (a file written by an earlier version)."""
    private_folder(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    narrow(path)
    return path


def narrow(path: Path) -> None:
    """Take group and other permissions off ``path``, if it exists and is ours."""
    try:
        current = path.stat().st_mode & 0o777
        if current & 0o077:
            os.chmod(path, current & PRIVATE_FILE)
    except FileNotFoundError:
        return
    except PermissionError:  # another user's file: not ours to change
        return


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (replacing its content) as a private file."""
    private_file(path)
    with path.open("wb") as f:
        f.write(data)
