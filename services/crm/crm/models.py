"""Every table of the crm database, imported in one place for Alembic."""

from crm.db import Base

__all__ = ["Base"]
