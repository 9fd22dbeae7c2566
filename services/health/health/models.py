"""Every table of the health database, imported in one place for Alembic."""

from health.campaigns.models import Campaign, CampaignSignUp
from health.catalogue.models import Brand, BrandLogo, Category, Disease, Item, item_diseases
from health.db import Base
from health.hospitals.models import District, Hospital, HospitalStaff, Schedule
from health.orders.models import Order
from health.packages.models import Package, PackageItem, package_categories, package_hospitals

__all__ = [
    "Base",
    "Brand",
    "BrandLogo",
    "Campaign",
    "CampaignSignUp",
    "Category",
    "Disease",
    "District",
    "Hospital",
    "HospitalStaff",
    "Item",
    "Order",
    "Package",
    "PackageItem",
    "Schedule",
    "item_diseases",
    "package_categories",
    "package_hospitals",
]
