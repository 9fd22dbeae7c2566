"""The escort-settlement report: escort.OrderSettled per period, escort hospital and escort, through the
settlement reports' one code path (reports/settlement/)."""

from __future__ import annotations

from reports.escort_settlement.schemas import EXPORT_COLUMNS, EscortFigures, EscortReport, EscortRow
from reports.projections.models import DimKind, EscortRollup
from reports.settlement.service import Dimension, Settlement

ESCORT_SETTLEMENT = Settlement(
    table=EscortRollup.__table__,
    dimensions=(
        Dimension("hospital_id", DimKind.ESCORT_HOSPITAL, "hospital_name", "hospital_list", zero_is_none=True),
        Dimension("escort_id", DimKind.ESCORT, "escort_name", "escort_list", zero_is_none=True),
    ),
    measures=("orders", "quantity", "sale_amount", "escort_share", "platform_share"),
    searched=("hospital_id", "escort_id"),
    row=EscortRow,
    totals=EscortFigures,
    page=EscortReport,
    filename="陪诊结算报表.xlsx",
    columns=EXPORT_COLUMNS,
)

