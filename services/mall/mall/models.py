"""Every table of the mall database, imported in one place for Alembic."""

from mall.addresses.models import Address
from mall.aftersales.models import AfterSale
from mall.brands.models import Brand
from mall.cart.models import CartItem
from mall.categories.models import Category
from mall.db import Base
from mall.goods.models import Goods, Image, Sku, SkuChange
from mall.orders.models import Order, OrderLine, OrderTransition

__all__ = [
    "Address",
    "AfterSale",
    "Base",
    "Brand",
    "CartItem",
    "Category",
    "Goods",
    "Image",
    "Order",
    "OrderLine",
    "OrderTransition",
    "Sku",
    "SkuChange",
]
