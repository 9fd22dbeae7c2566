"""Every table of the reports database, imported in one place for Alembic."""

from reports.db import Base

__all__ = ["Base"]
