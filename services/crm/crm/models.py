"""Every table of the crm database, imported in one place for Alembic."""

from crm.contracts.models import Attachment, Contract, PaymentPlan
from crm.customers.models import Contact, Customer
from crm.db import Base
from crm.follow_ups.models import FollowUp
from crm.history.models import ExportLog, History
from crm.owner_changes.models import OwnerChange
from crm.payments.models import Payment
from crm.pool.models import PoolClaim, PoolRule
from crm.service_contacts.models import ServiceContact
from crm.staff.models import Staff
from crm.tickets.models import Ticket, TicketMove, TicketReply

__all__ = [
    "Attachment",
    "Base",
    "Contact",
    "Contract",
    "Customer",
    "ExportLog",
    "FollowUp",
    "History",
    "OwnerChange",
    "Payment",
    "PaymentPlan",
    "PoolClaim",
    "PoolRule",
    "ServiceContact",
    "Staff",
    "Ticket",
    "TicketMove",
    "TicketReply",
]
