"""The gateway database's declarative base (its metadata also carries the platform tables)."""

from shared.db import declarative_base

Base = declarative_base()
