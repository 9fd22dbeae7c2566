"""Every table of the health database, imported in one place for Alembic."""

from health.db import Base

__all__ = ["Base"]
