"""Incremental, atomic publishing of a build.

A build writes into a hidden sibling staging folder. A file whose content hash equals the
published one is hard-linked from the published tree instead of written (so it keeps its
inode and mtime: "not rewritten"). When the build is complete, staging and the published
folder swap places in one rename (Linux renameat2 RENAME_EXCHANGE; elsewhere two renames),
so a reader of --out always sees a whole old site or a whole new one, never a mix.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from catalog.errors import BadInput, Failure

STATE_DIR = ".toolrisk"  # build bookkeeping inside the published folder (hidden; serve refuses it)
MANIFEST = f"{STATE_DIR}/manifest.json.gz"
MANIFEST_VERSION = 1


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def _check_rel(rel: str) -> str:
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel:
        raise Failure(f"refusing to write {rel!r}: not a clean relative path")
    return rel


class Publisher:
    def __init__(self, out: Path) -> None:
        self.out = Path(os.path.abspath(out))
        if self.out == Path(self.out.anchor) or self.out == Path.home():
            raise BadInput(f"--out {out}: refusing to publish over {self.out}")
        self.parent = self.out.parent
        self.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fh = open(self.parent / f".{self.out.name}.lock", "w")  # noqa: SIM115 - held for the build
        try:
            fcntl.flock(self._lock_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self._lock_fh.close()
            raise Failure(f"--out {out}: another build is publishing there right now") from exc
        self.prev = self._load_manifest()
        self.stage = self.parent / f".{self.out.name}.staging-{os.getpid()}"
        self._sweep_stale()
        self.stage.mkdir()
        self.files: dict[str, str] = {}
        self.extra: dict[str, object] = {}
        self.written = 0
        self.linked = 0
        self._dirs: set[str] = set()

    # --- manifest of the published build ------------------------------------------------
    def _load_manifest(self) -> dict:
        if not self.out.exists():
            return {}
        if not self.out.is_dir():
            raise BadInput(f"--out {self.out}: exists and is not a folder")
        path = self.out / MANIFEST
        if not path.is_file():
            if any(self.out.iterdir()):
                raise BadInput(
                    f"--out {self.out}: a non-empty folder toolrisk did not build; refusing to replace it"
                )
            return {}
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return {}  # unreadable manifest: rebuild everything, never trust it partly
        return data if data.get("version") == MANIFEST_VERSION else {}

    def previous(self, key: str, default: object = None) -> object:
        return self.prev.get("extra", {}).get(key, default)

    def _sweep_stale(self) -> None:
        """Leftovers of earlier builds (a killed build's staging, a replaced site whose
        background removal has not finished) are removed in the background too."""
        for p in [*self.parent.glob(f".{self.out.name}.staging-*"), *self.parent.glob(f".{self.out.name}.old-*")]:
            pid = p.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)) and ".staging-" in p.name:
                continue  # another build's live staging (it would hold the lock; be safe anyway)
            doomed = p.with_name(f".{self.out.name}.old-sweep{os.getpid()}-{p.name.rsplit('-', 1)[-1]}")
            try:
                os.rename(p, doomed)
            except OSError:
                continue
            _remove_later(doomed)

    # --- writing --------------------------------------------------------------------------
    def _mkparent(self, rel: str) -> Path:
        target = self.stage / rel
        d = rel.rpartition("/")[0]
        if d and d not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(d)
        return target

    def write(self, rel: str, data: bytes) -> None:
        _check_rel(rel)
        if rel in self.files:
            raise Failure(f"two pages want the same path {rel}; slugs collide")
        h = content_hash(data)
        self.files[rel] = h
        target = self._mkparent(rel)
        if self.prev.get("files", {}).get(rel) == h and self._link_old(rel, target):
            self.linked += 1
            return
        target.write_bytes(data)
        self.written += 1

    def write_text(self, rel: str, text: str) -> None:
        self.write(rel, text.encode("utf-8"))

    def reuse(self, rel: str) -> bool:
        """Carry a published file over unchanged (its producer's input did not change)."""
        _check_rel(rel)
        old = self.prev.get("files", {}).get(rel)
        if old is None or rel in self.files:
            return False
        if not self._link_old(rel, self._mkparent(rel)):
            return False
        self.files[rel] = old
        self.linked += 1
        return True

    def adopt(self, paths: list[Path]) -> list[str]:
        """Register files another writer put into the staging folder; an unchanged one is
        swapped for a link to the published copy so it is not rewritten either."""
        rels = []
        for p in paths:
            rel = Path(os.path.abspath(p)).relative_to(self.stage).as_posix()
            _check_rel(rel)
            data = (self.stage / rel).read_bytes()
            h = content_hash(data)
            self.files[rel] = h
            if self.prev.get("files", {}).get(rel) == h:
                tmp = self.stage / (rel + ".tr-link")
                if self._link_old(rel, tmp):
                    os.replace(tmp, self.stage / rel)
                    self.linked += 1
                    rels.append(rel)
                    continue
            self.written += 1
            rels.append(rel)
        return rels

    def _link_old(self, rel: str, target: Path) -> bool:
        try:
            os.link(self.out / rel, target)
            return True
        except FileNotFoundError:
            return False
        except OSError as exc:
            if exc.errno in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                shutil.copy2(self.out / rel, target)
                return True
            raise

    def copy_tree(self, src: Path, prefix: str = "") -> None:
        """Copy a folder of static files (mkdocs output, pagefind bundle) through write()."""
        for p in sorted(src.rglob("*")):
            if p.is_file():
                self.write(prefix + p.relative_to(src).as_posix(), p.read_bytes())

    # --- finishing ------------------------------------------------------------------------
    def commit(self) -> None:
        manifest = {"version": MANIFEST_VERSION, "files": self.files, "extra": self.extra}
        state = self.stage / STATE_DIR
        state.mkdir(exist_ok=True)
        with gzip.open(state / "manifest.json.gz", "wt", encoding="utf-8", compresslevel=3) as fh:
            json.dump(manifest, fh, separators=(",", ":"))
        _fsync_dir(self.stage)
        if self.out.exists():
            old = self.parent / f".{self.out.name}.old-{os.getpid()}"
            if _exchange(self.stage, self.out):
                os.rename(self.stage, old)  # the staging name now holds the old site
            else:
                os.rename(self.out, old)
                os.rename(self.stage, self.out)
            _remove_later(old)
        else:
            os.rename(self.stage, self.out)
        _fsync_dir(self.parent)
        self._release()

    def abort(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
        self._lock_fh.close()


def _remove_later(path: Path) -> None:
    """Delete the replaced site in a detached process: the new one is already live, and
    unlinking ~10^5 files must not hold up the build (a leftover is swept by the next build)."""
    try:
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(path)],
            start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2). False when the system cannot."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise Failure(f"publishing {b}: swap failed ({os.strerror(err)})")
