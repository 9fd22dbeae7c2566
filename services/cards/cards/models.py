"""Every table of the cards database, imported in one place for Alembic."""

from cards.db import Base

__all__ = ["Base"]
