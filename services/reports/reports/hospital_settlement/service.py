"""The hospital-settlement report: health.OrderSettled per period, hospital and hospital brand, through the
settlement reports' one code path (reports/settlement/)."""

from __future__ import annotations

from reports.hospital_settlement.schemas import EXPORT_COLUMNS, HospitalFigures, HospitalReport, HospitalRow
from reports.projections.models import DimKind, HospitalRollup
from reports.settlement.service import Dimension, Settlement

HOSPITAL_SETTLEMENT = Settlement(
    table=HospitalRollup.__table__,
    dimensions=(
        Dimension("hospital_id", DimKind.HOSPITAL, "hospital_name", "hospital_list"),
        Dimension("brand_id", DimKind.HEALTH_BRAND, "brand_name", "brand_list", zero_is_none=True),
    ),
    measures=("orders", "quantity", "sale_amount", "settlement_amount"),
    searched=("hospital_id",),
    row=HospitalRow,
    totals=HospitalFigures,
    page=HospitalReport,
    filename="医院结算报表.xlsx",
    columns=EXPORT_COLUMNS,
)

