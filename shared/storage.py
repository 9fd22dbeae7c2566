"""Where uploaded file bytes live: a small interface with a local-disk default (swap for S3/OSS in production).

crm's contract attachments and mall's goods images both store through it.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Protocol

import anyio


class FileStorage(Protocol):
    async def save(self, data: bytes, suffix: str) -> str: ...
    async def read(self, key: str) -> bytes: ...
    async def delete(self, key: str) -> None: ...


class LocalDiskStorage:
    """Files under one directory, named by a random key (never by the uploaded name)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("bad storage key")
        return path

    async def save(self, data: bytes, suffix: str) -> str:
        key = f"{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"
        path = self._path(key)
        await anyio.to_thread.run_sync(lambda: path.parent.mkdir(parents=True, exist_ok=True))
        await anyio.Path(path).write_bytes(data)
        return key

    async def read(self, key: str) -> bytes:
        return await anyio.Path(self._path(key)).read_bytes()

    async def delete(self, key: str) -> None:
        path = anyio.Path(self._path(key))
        if await path.exists():
            await path.unlink()
