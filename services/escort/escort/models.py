"""Every table of the escort database, imported in one place for Alembic."""

from escort.db import Base

__all__ = ["Base"]
