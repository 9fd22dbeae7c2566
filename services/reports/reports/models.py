"""Every table of the reports database, imported in one place for Alembic."""

from reports.db import Base
from reports.projections.models import (
    CardRollup,
    DimName,
    GoodsBrandRollup,
    GoodsRollup,
    HospitalRollup,
    SalesContract,
    SalesContractVoid,
    SalesPayment,
    StoredEvent,
)

__all__ = [
    "Base",
    "CardRollup",
    "DimName",
    "GoodsBrandRollup",
    "GoodsRollup",
    "HospitalRollup",
    "SalesContract",
    "SalesContractVoid",
    "SalesPayment",
    "StoredEvent",
]
