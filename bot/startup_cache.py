"""What `eckbot serve` keeps between starts, so that a restart with unchanged files is quick.

Three things, each derived from files and nothing else:
- the parsed YAML of content/, by the hash of each file's bytes (bot/content_yaml.py);
- a stamp saying that this content passed every start-up check with this code;
- the question matcher's analysis of the knowledge base (bot/knowledge/matcher.py).
All are keyed by a fingerprint of the code (bot/ and dialogs/), the stamp and the analysis also
by one of content/: an edited content file, or a new release, is read and checked in full again, so a
broken file still stops start-up naming the file and the field.

The files hold only plain data (marshal: strings, numbers, lists, dicts; nothing that runs) and
are written atomically; a folder that cannot be written to only means a slower start. Like
Python's own __pycache__, the folder is trusted: only the bot's own user should be able to write
to it (the default, ~/.cache/eckbot, is that user's).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from bot import content_yaml
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.matcher import QuestionMatcher

log = logging.getLogger(__name__)

_CODE_PACKAGES = ("bot", "dialogs")


def default_folder() -> Path | None:
    """$XDG_CACHE_HOME/eckbot or ~/.cache/eckbot; None for a user without a home (a container's)."""
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "eckbot"
    try:
        return Path.home() / ".cache" / "eckbot"
    except RuntimeError:
        return None


def _fingerprint(files: Iterable[Path], root: Path, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def code_fingerprint() -> str:
    here = Path(__file__).resolve().parent.parent
    files = [p for package in _CODE_PACKAGES for p in (here / package).rglob("*.py")]
    return _fingerprint(files, here, f"{sys.version}|{yaml.__version__}")


def content_fingerprint(content_dir: Path) -> str:
    return _fingerprint((p for p in content_dir.rglob("*") if p.is_file()), content_dir)


class StartupCache:
    @classmethod
    def off(cls) -> StartupCache:
        return cls(None, Path())

    def __init__(self, folder: Path | None, content_dir: Path) -> None:
        self._folder = folder
        self._code = code_fingerprint() if folder is not None else ""
        self._content = content_fingerprint(content_dir) if folder is not None else ""

    @classmethod
    def from_setting(cls, setting: str, content_dir: Path) -> StartupCache:
        if setting.strip().lower() == "off":
            return cls(None, content_dir)
        return cls(Path(setting) if setting.strip() else default_folder(), content_dir)

    @property
    def _stamp(self) -> Path | None:
        return self._folder / f"checked-{self._code}-{self._content}" if self._folder else None

    @property
    def _yaml_file(self) -> Path | None:
        return self._folder / f"yaml-{self._code}.marshal" if self._folder else None

    def content_checked(self) -> bool:
        """True when this content already passed every check with this code."""
        return self._stamp is not None and self._stamp.exists()

    def mark_content_checked(self) -> None:
        if self._stamp is not None:
            self._write(self._stamp, b"", replaces="checked-*")

    @property
    def _matcher_file(self) -> Path | None:
        return self._folder / f"matcher-{self._code}-{self._content}.marshal" if self._folder else None

    def matcher_snapshot(self) -> dict[str, Any] | None:
        if self._matcher_file is None:
            return None
        try:
            snapshot = marshal.loads(self._matcher_file.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return snapshot if isinstance(snapshot, dict) else None

    def keep_matcher_snapshot(self, snapshot: dict[str, Any]) -> None:
        if self._matcher_file is not None:
            self._write(self._matcher_file, marshal.dumps(snapshot), replaces="matcher-*")

    def load_parsed_yaml(self) -> None:
        if self._yaml_file is None:
            return
        try:
            parsed = marshal.loads(self._yaml_file.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return  # none yet, or unreadable: parsed again
        if isinstance(parsed, dict):
            content_yaml.remember_parsed(parsed)

    def save_parsed_yaml(self) -> None:
        if self._yaml_file is not None:
            self._write(self._yaml_file, marshal.dumps(content_yaml.parsed_so_far()), replaces="yaml-*")

    def _write(self, path: Path, data: bytes, replaces: str) -> None:
        """Writes PATH atomically and drops what earlier code or content left under the same pattern."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.{os.getpid()}")
            partial.write_bytes(data)
            os.replace(partial, path)
            for old in path.parent.glob(replaces):
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError as error:
            log.info("startup_cache_unwritable folder=%s error=%s", path.parent, type(error).__name__)


def question_matcher(knowledge: KnowledgeBase, cache: StartupCache) -> QuestionMatcher:
    """The matcher restored from the last start with this knowledge base and code, else built."""
    snapshot = cache.matcher_snapshot()
    if snapshot is not None:
        try:
            return QuestionMatcher.restored(knowledge, snapshot)
        except (KeyError, TypeError, ValueError):
            pass  # written by another version: built again below
    matcher = QuestionMatcher(knowledge)
    cache.keep_matcher_snapshot(matcher.snapshot())
    return matcher
