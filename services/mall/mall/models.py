"""Every table of the mall database, imported in one place for Alembic."""

from mall.db import Base

__all__ = ["Base"]
