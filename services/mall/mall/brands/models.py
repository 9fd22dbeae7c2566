"""品牌管理: the brands goods are sold under."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mall.db import Base
from shared.db import AuditMixin, VersionMixin


class Brand(AuditMixin, VersionMixin, Base):
    __tablename__ = "brands"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    first_letter: Mapped[str] = mapped_column(String(1), default="", server_default="")
    logo_image_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shown: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
