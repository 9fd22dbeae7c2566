"""Every table of the cards database, imported in one place for Alembic."""

from cards.activations.models import Activation
from cards.cards.models import Card, CardOperation
from cards.db import Base
from cards.entitlements.models import ContractOwnerMove, Entitlement
from cards.issues.models import CardIssue
from cards.ledger.models import LedgerEntry
from cards.making.models import MakingBatch, NumberAllocator, PasswordSet
from cards.red_packets.models import RedPacket, RedPacketGrant, RedPacketSpend
from cards.staff.models import StaffMember

__all__ = [
    "Activation",
    "Base",
    "Card",
    "CardIssue",
    "CardOperation",
    "ContractOwnerMove",
    "Entitlement",
    "LedgerEntry",
    "MakingBatch",
    "NumberAllocator",
    "PasswordSet",
    "RedPacket",
    "RedPacketGrant",
    "RedPacketSpend",
    "StaffMember",
]
