"""Every table of the escort database, imported in one place for Alembic."""

from escort.catalogue.models import District, Hospital, Product, Question
from escort.db import Base
from escort.escorts.models import Certificate, Escort, LedgerEntry, escort_hospitals
from escort.orders.models import Order, OrderTransition, Review
from escort.withdrawals.models import Withdrawal, WithdrawalItem

__all__ = [
    "Base",
    "Certificate",
    "District",
    "Escort",
    "Hospital",
    "LedgerEntry",
    "Order",
    "OrderTransition",
    "Product",
    "Question",
    "Review",
    "Withdrawal",
    "WithdrawalItem",
    "escort_hospitals",
]
