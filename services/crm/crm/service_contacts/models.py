"""Service contacts (客服管理): the hotlines and WeChat accounts the member app shows."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Identity, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base
from shared.db import AuditMixin, VersionMixin


class ServiceContact(AuditMixin, VersionMixin, Base):
    __tablename__ = "crm_service_contacts"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (Index("ix_crm_service_contacts_shown_sort", "shown", "sort"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(32), default="")
    wechat: Mapped[str] = mapped_column(String(64), default="")
    hours: Mapped[str] = mapped_column(String(64), default="")  # 服务时间, e.g. 周一至周五 9:00-18:00
    shown: Mapped[bool] = mapped_column(Boolean, default=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)  # ascending in the app
