"""Remembered results between builds: validated conference files and rendered pages, keyed by
the hash of everything they are made from, kept beside the figure cache (outside the source
tree).

A remembered result is never trusted blindly. Each entry is signed (HMAC-SHA256) with a secret
kept outside the cache folder, so an entry that was altered, truncated, or brought in from
elsewhere (a cache restored by CI, a copied folder) fails its check and is made again. Only a
signed entry is ever unpickled. A cache that cannot be read or written only costs time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import hmac
import importlib.metadata
import os
import pickle
import secrets
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

# Packages whose behaviour shapes what is remembered: a new version is a new key.
_PACKAGES = (
    "jinja2", "babel", "markupsafe", "pydantic", "pyyaml", "matplotlib", "shapely", "pagefind",
    "cbor2",
)  # fmt: skip


def _code_version() -> str:
    """The generator's own code and catalogs, and the versions of what it builds on."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".po") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    for name in _PACKAGES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{name}={importlib.metadata.version(name)}\0".encode())
    return digest.hexdigest()


CODE_VERSION = _code_version()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """One hash of files' names (relative to `root`) and bytes."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


_LEAVES = (str, int, float, Decimal, dt.date, dt.time, type(None))


class Fingerprints:
    """Digests of values made of plain data (text, numbers, dates, tuples, lists, dicts, sets,
    dataclasses, pydantic models), equal exactly when the values are; anything else is refused
    (TypeError), so that a value is never taken for another. Within one build, an immutable
    value met again (a conference shown on many pages) is digested once; across the builds
    of one process (`mkdocs serve`), one met again in the next build (`next_build`). What a
    build makes under a key (a page as written) is kept for the next build to recall."""

    def __init__(self) -> None:
        # Kept alive with their digests, so that an id is never reused for another value.
        self._seen: dict[int, tuple[object, bytes]] = {}
        # The previous build's, forgotten unless met again in this one.
        self._previous: dict[int, tuple[object, bytes]] = {}
        # Results kept by key (a page by its view's key): this build's and the last one's.
        self._kept: dict[str, object] = {}
        self._kept_before: dict[str, object] = {}

    def known(self) -> bool:
        """Whether any value was digested yet."""
        return bool(self._seen or self._previous)

    def next_build(self) -> None:
        """Start another build: keep only what this one meets again of the last one's."""
        self._previous, self._seen = self._seen, {}
        self._kept_before, self._kept = self._kept, {}

    def keep(self, key: str, value: object) -> None:
        """Keep a result made in this build under its key, for the next build to recall."""
        self._kept[key] = value

    def recall(self, key: str) -> object | None:
        """A result kept under `key` by this build or the last one, or None."""
        found = self._kept.get(key)
        return found if found is not None else self._kept_before.get(key)

    def of(self, value: object) -> bytes:
        """The value's digest."""
        if isinstance(value, _LEAVES):
            return f"{type(value).__name__}:{value!r}".encode()
        if isinstance(value, bytes):
            return b"bytes:" + hashlib.sha256(value).digest()
        found = self._seen.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        found = self._previous.get(id(value))
        if found is not None and found[0] is value:
            self._seen[id(value)] = found
            return found[1]
        digest = hashlib.sha256(self._encode(value)).digest()
        if isinstance(value, tuple | frozenset) or _frozen(value):
            self._seen[id(value)] = (value, digest)
        return digest

    def _encode(self, value: object) -> bytes:
        name = type(value).__qualname__.encode()
        if isinstance(value, Enum):
            return b"E" + name + value.name.encode()
        if isinstance(value, list | tuple):
            return b"L" + name + b"".join(b"," + self.of(v) for v in value)
        if isinstance(value, set | frozenset):
            return b"S" + name + b"".join(sorted(b"," + self.of(v) for v in value))
        if isinstance(value, dict | MappingProxyType):
            items = (b"," + self.of(k) + b"=" + self.of(v) for k, v in value.items())
            return b"D" + name + b"".join(items)
        fields = _fields(type(value))
        if fields is None:
            raise TypeError(f"no fingerprint for {type(value).__qualname__}")
        parts = (b"," + f.encode() + b"=" + self.of(getattr(value, f)) for f in fields)
        return b"O" + type(value).__module__.encode() + b"." + name + b"".join(parts)


# Per type: its fields (None for a type that is neither a dataclass nor a model), and
# whether its instances are frozen. Asked for every value digested: worked out once.
_FIELDS: dict[type, tuple[str, ...] | None] = {}
_FROZEN: dict[type, bool] = {}


def _fields(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass or a pydantic model (None for any other type)."""
    if kind not in _FIELDS:
        if dataclasses.is_dataclass(kind):
            _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
        elif issubclass(kind, BaseModel):
            _FIELDS[kind] = tuple(kind.model_fields)
        else:
            _FIELDS[kind] = None
    return _FIELDS[kind]


def _frozen(value: object) -> bool:
    """An instance whose fields cannot change after it is made."""
    kind = type(value)
    if kind not in _FROZEN:
        if dataclasses.is_dataclass(kind):
            params = getattr(kind, "__dataclass_params__", None)
            _FROZEN[kind] = bool(params and params.frozen)
        else:
            _FROZEN[kind] = issubclass(kind, BaseModel) and bool(kind.model_config.get("frozen"))
    return _FROZEN[kind]


def key_of(*parts: Any, prints: Fingerprints | None = None) -> str:
    """A key for values made of plain data, with the code they are used by."""
    prints = prints or Fingerprints()
    digest = hashlib.sha256(CODE_VERSION.encode())
    for part in parts:
        digest.update(b"|" + prints.of(part))
    return digest.hexdigest()


def memo_for(cache: Path, kind: str) -> Memo:
    """The remembered results of one kind, in the figure cache's folder; the signing key
    beside that folder (`figures.secret`), where a restored cache never brings one."""
    return Memo(cache / kind, cache.with_name(cache.name + ".secret"))


class Memo:
    """Signed entries in a folder, one file per key."""

    def __init__(self, folder: Path, secret: Path) -> None:
        self.folder = folder
        self.secret_file = secret
        self._secret: bytes | None = None
        self.hits = 0
        self.misses = 0

    @property
    def secret(self) -> bytes:
        """This machine's signing key, kept outside any folder a CI cache restores."""
        if self._secret is None:
            place = self.secret_file
            try:
                found = place.read_bytes()
            except OSError:
                found = b""
            if len(found) != 32:
                found = secrets.token_bytes(32)
                with contextlib.suppress(OSError):
                    place.parent.mkdir(parents=True, exist_ok=True)
                    tmp = place.with_name(f"{place.name}.{os.getpid()}.tmp")
                    tmp.write_bytes(found)
                    tmp.chmod(0o600)
                    tmp.replace(place)
            self._secret = found
        return self._secret

    def _sign(self, key: str, data: bytes) -> bytes:
        return hmac.new(self.secret, key.encode() + b"\0" + data, hashlib.sha256).digest()

    def get(self, key: str) -> Any | None:
        """The value remembered under `key`, or None (missing, damaged, or not signed here)."""
        try:
            blob = (self.folder / key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        signature, data = blob[:32], blob[32:]
        if not hmac.compare_digest(signature, self._sign(key, data)):
            self.misses += 1
            return None
        self.hits += 1
        return pickle.loads(data)

    def has(self, key: str) -> bool:
        """Whether an entry is there (signed or not: `get` tells)."""
        return (self.folder / key).is_file()

    def forget(self, key: str) -> None:
        """Remove an entry, if it is there."""
        with contextlib.suppress(OSError):
            (self.folder / key).unlink()

    def put(self, key: str, value: Any) -> None:
        """Remember a value; written atomically, skipped if the folder cannot be written."""
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(self._sign(key, data) + data)
            tmp.replace(self.folder / key)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
