"""Pictures of the shop (goods gallery, brand logos, category icons) through the suite's file storage.

A picture is checked by its first bytes, not by the name or content type the client claims: only PNG, JPEG,
WebP and GIF pass, up to `image_max_bytes` (a setting).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Request, UploadFile
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mall.goods.models import Image
from mall.settings import MallSettings
from shared.problems import Problem
from shared.storage import FileStorage, LocalDiskStorage

OwnerKind = Literal["goods", "brand", "category"]
# (magic prefix, content type, suffix); WebP is RIFF....WEBP.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
)
MAX_GALLERY = 10


@dataclass(frozen=True)
class Picture:
    data: bytes
    content_type: str
    suffix: str


def storage_of(request: Request) -> FileStorage:
    settings: MallSettings = request.app.state.settings
    return LocalDiskStorage(settings.image_dir)


def sniff(data: bytes) -> tuple[str, str] | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", ".webp"
    for magic, content_type, suffix in _SIGNATURES:
        if data.startswith(magic):
            return content_type, suffix
    return None


async def read_picture(upload: UploadFile, max_bytes: int) -> Picture:
    """The uploaded picture, or 413 (too big) / 415 (not a picture) / 422 (empty)."""
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Problem(413, "image_too_large", f"图片不能超过 {max_bytes // 1024}KB")
    if not data:
        raise Problem(422, "empty_file", "图片是空的", errors=[{"field": "file", "message": "空文件"}])
    kind = sniff(data)
    if kind is None:
        raise Problem(415, "unsupported_image", "图片只支持 png、jpg、webp、gif")
    return Picture(data, *kind)


async def add_image(
    session: AsyncSession, storage: FileStorage, owner_kind: OwnerKind, owner_id: int, picture: Picture
) -> Image:
    """Stores the bytes and adds the row (not committed: the caller's change commits it)."""
    key = await storage.save(picture.data, picture.suffix)
    sort = await session.scalar(
        select(func.coalesce(func.max(Image.sort) + 1, 0)).where(Image.owner_kind == owner_kind,
                                                                  Image.owner_id == owner_id)
    )
    image = Image(owner_kind=owner_kind, owner_id=owner_id, storage_key=key, content_type=picture.content_type,
                  size=len(picture.data), sort=int(sort or 0))
    session.add(image)
    await session.flush()
    return image


async def replace_picture(session: AsyncSession, storage: FileStorage, row: Any, owner_kind: OwnerKind,
                          attribute: str, picture: Picture) -> None:
    """A brand's logo or a category's icon: the row (locked by the caller) gets `picture` in place of its old one,
    whose bytes go; the row's version moves on and the change commits."""
    await drop_images(session, storage, owner_kind, row.id)
    image = await add_image(session, storage, owner_kind, row.id, picture)
    setattr(row, attribute, image.id)
    row.version += 1
    await session.commit()
    await session.refresh(row)  # updated_at is set by the database


async def images_of(session: AsyncSession, owner_kind: OwnerKind, owner_ids: list[int]) -> dict[int, list[int]]:
    """Image ids per owner, in gallery order."""
    if not owner_ids:
        return {}
    rows = await session.execute(
        select(Image.owner_id, Image.id).where(Image.owner_kind == owner_kind, Image.owner_id.in_(owner_ids))
        .order_by(Image.owner_id, Image.sort, Image.id)
    )
    found: dict[int, list[int]] = {}
    for owner_id, image_id in rows.all():
        found.setdefault(owner_id, []).append(image_id)
    return found


async def drop_images(session: AsyncSession, storage: FileStorage, owner_kind: OwnerKind, owner_id: int,
                      image_ids: list[int] | None = None) -> int:
    """Removes an owner's images (all, or those listed) with their bytes; returns how many went."""
    stmt = delete(Image).where(Image.owner_kind == owner_kind, Image.owner_id == owner_id)
    if image_ids is not None:
        stmt = stmt.where(Image.id.in_(image_ids))
    keys = list((await session.execute(stmt.returning(Image.storage_key))).scalars())
    for key in keys:
        await storage.delete(key)
    return len(keys)


async def picture_bytes(session: AsyncSession, storage: FileStorage, image_id: int) -> tuple[bytes, str]:
    image = await session.get(Image, image_id)
    if image is None:
        raise Problem(404, "not_found", "图片不存在")
    try:
        return await storage.read(image.storage_key), image.content_type
    except (FileNotFoundError, ValueError) as exc:
        raise Problem(404, "not_found", "图片不存在") from exc


def image_url(image_id: int | None, door: Literal["api", "app"] = "api") -> str:
    """Where a picture is served: /api for the back office, /app for members."""
    return "" if image_id is None else f"/{door}/mall/images/{image_id}"
