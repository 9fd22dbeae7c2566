"""Contract attachments (附件): allowed types and sizes, bytes in the storage, one history line each.
Each public function that changes state commits its transaction."""

from __future__ import annotations

from pathlib import PurePath

from fastapi import UploadFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.contracts.models import Attachment
from crm.contracts.queries import load_contract
from crm.contracts.schemas import AttachmentList, AttachmentOut
from crm.contracts.storage import AttachmentStorage
from crm.history.service import record
from shared.identity import Principal
from shared.problems import Problem

ALLOWED_TYPES = {
    ".pdf": {"application/pdf"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    ".doc": {"application/msword"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".xls": {"application/vnd.ms-excel"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
}


async def list_attachments(session: AsyncSession, principal: Principal, contract_id: int) -> AttachmentList:
    await load_contract(session, contract_id, principal)
    rows = (
        await session.scalars(select(Attachment).where(Attachment.contract_id == contract_id).order_by(Attachment.id))
    ).all()
    return AttachmentList(data_list=[AttachmentOut.of(a) for a in rows], total=len(rows))


async def upload(
    session: AsyncSession,
    principal: Principal,
    storage: AttachmentStorage,
    contract_id: int,
    file: UploadFile,
    max_bytes: int,
) -> AttachmentOut:
    contract = await load_contract(session, contract_id, principal, for_update=True)
    data = await file.read(max_bytes + 1)
    filename, content_type = file.filename or "", file.content_type or ""
    suffix = check_upload(filename, content_type, len(data), max_bytes)
    key = await storage.save(data, suffix)
    attachment = Attachment(
        contract_id=contract.id,
        filename=PurePath(filename or "file").name[:255],
        content_type=ALLOWED_TYPES[suffix].copy().pop(),
        size=len(data),
        storage_key=key,
        created_by_id=principal.id,
        created_by_name=principal.name,
    )
    session.add(attachment)
    await session.flush()
    await record(
        session,
        "contract",
        contract.id,
        contract.customer_id,
        "attachment_add",
        principal.actor,
        field="attachment",
        new=attachment.filename,
    )
    await session.commit()
    return AttachmentOut.of(attachment)


async def _attachment(session: AsyncSession, contract_id: int, attachment_id: int) -> Attachment:
    attachment = await session.scalar(
        select(Attachment).where(Attachment.id == attachment_id, Attachment.contract_id == contract_id)
    )
    if attachment is None:
        raise Problem(404, "not_found", "附件不存在")
    return attachment


async def download(
    session: AsyncSession, principal: Principal, storage: AttachmentStorage, contract_id: int, attachment_id: int
) -> tuple[Attachment, bytes]:
    await load_contract(session, contract_id, principal)
    attachment = await _attachment(session, contract_id, attachment_id)
    try:
        return attachment, await storage.read(attachment.storage_key)
    except FileNotFoundError as exc:
        raise Problem(404, "file_missing", "附件文件已丢失") from exc


async def delete(
    session: AsyncSession, principal: Principal, storage: AttachmentStorage, contract_id: int, attachment_id: int
) -> None:
    contract = await load_contract(session, contract_id, principal)
    attachment = await _attachment(session, contract_id, attachment_id)
    await session.delete(attachment)
    await record(
        session,
        "contract",
        contract.id,
        contract.customer_id,
        "attachment_delete",
        principal.actor,
        field="attachment",
        old=attachment.filename,
    )
    await session.commit()
    # Bytes go after the row is gone, so a failed commit never leaves a row pointing at nothing.
    await storage.delete(attachment.storage_key)


def check_upload(filename: str, content_type: str, size: int, max_bytes: int) -> str:
    """The file's suffix if the type is allowed and the size within the limit; else 413/415."""
    if size > max_bytes:
        raise Problem(413, "file_too_large", f"附件不能超过 {max_bytes // (1024 * 1024)}MB")
    suffix = PurePath(filename).suffix.lower()
    allowed = ALLOWED_TYPES.get(suffix)
    ctype = content_type.split(";")[0].strip().lower()
    if allowed is None or (ctype and ctype != "application/octet-stream" and ctype not in allowed):
        raise Problem(415, "unsupported_file", "附件只支持 pdf、jpg、png、doc、docx、xls、xlsx")
    if size == 0:
        raise Problem(422, "empty_file", "附件是空的", errors=[{"field": "file", "message": "空文件"}])
    return suffix
