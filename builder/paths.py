"""The one rule for every path the builder reads: it stays inside its folder once every symbolic
link is followed. A brief folder stays inside briefs/; a fact file or a source text inside its
brief; a page, asset or template of content/ and templates/ inside the project. What a link
outside would bring in (another checkout's files, /etc/passwd, the token that CI's checkout
leaves in .git/config) is never read, let alone published.
"""

from __future__ import annotations

import os
from pathlib import Path


def leaves(path: Path, folder: Path) -> bool:
    """Whether PATH, its links followed, lies outside FOLDER (its links followed too)."""
    return not path.resolve().is_relative_to(folder.resolve())


def links_leaving(folder: Path, root: Path) -> list[Path]:
    """Every symbolic link under FOLDER (FOLDER itself included) that resolves outside ROOT, in
    name order. Links inside are fine and are not followed while walking, so a loop cannot hang."""
    found = [folder] if folder.is_symlink() and leaves(folder, root) else []
    if found or not folder.is_dir():
        return found
    for here, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(dirs + files):
            path = Path(here) / name
            if path.is_symlink() and leaves(path, root):
                found.append(path)
    return found
