"""Health domain: brands, items, diseases, categories, districts, hospitals, staff, schedules, packages, orders.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:29:08.159831
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Order numbers come from this sequence inside the INSERT (see health/orders/models.py).
    op.execute(sa.schema.CreateSequence(sa.Sequence('order_no_seq')))
    op.create_table('brands',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('brand_type', sa.String(length=16), nullable=False),
    sa.Column('logo_url', sa.String(length=500), server_default='', nullable=False),
    sa.Column('prepayment', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='online', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("status IN ('online', 'offline')", name=op.f('ck_brands_status_known')),
    sa.CheckConstraint('prepayment >= 0', name=op.f('ck_brands_prepayment_non_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brands')),
    sa.UniqueConstraint('name', name=op.f('uq_brands_name'))
    )
    op.create_table('categories',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_categories')),
    sa.UniqueConstraint('name', name=op.f('uq_categories_name'))
    )
    op.create_table('diseases',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('parent_id', sa.BigInteger(), nullable=True),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['diseases.id'], name=op.f('fk_diseases_parent_id_diseases'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diseases')),
    sa.UniqueConstraint('name', name=op.f('uq_diseases_name'))
    )
    op.create_index(op.f('ix_diseases_parent_id'), 'diseases', ['parent_id'], unique=False)
    op.create_table('districts',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('city', sa.String(length=50), server_default='南昌市', nullable=False),
    sa.Column('province', sa.String(length=50), server_default='江西省', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_districts'))
    )
    op.create_table('orders',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('order_no', sa.String(length=32), server_default=sa.text("'HO' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('order_no_seq')::text, 8, '0')"), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=False),
    sa.Column('member_name', sa.String(length=50), server_default='', nullable=False),
    sa.Column('member_phone', sa.String(length=20), server_default='', nullable=False),
    sa.Column('examinee_name', sa.String(length=50), nullable=False),
    sa.Column('examinee_phone', sa.String(length=20), nullable=False),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('card_id', sa.BigInteger(), nullable=True),
    sa.Column('card_no', sa.String(length=32), server_default='', nullable=False),
    sa.Column('package_id', sa.BigInteger(), nullable=False),
    sa.Column('package_name', sa.String(length=200), nullable=False),
    sa.Column('hospital_id', sa.BigInteger(), nullable=False),
    sa.Column('hospital_name', sa.String(length=100), nullable=False),
    sa.Column('brand_id', sa.BigInteger(), nullable=False),
    sa.Column('brand_name', sa.String(length=100), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('sale_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('settlement_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('use_red_packet', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('payment_entry_id', sa.BigInteger(), nullable=True),
    sa.Column('red_packet_part', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('balance_part', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('refund_entry_id', sa.BigInteger(), nullable=True),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refunded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.String(length=255), server_default='', nullable=False),
    sa.Column('cancelled_by', sa.String(length=64), server_default='', nullable=False),
    sa.Column('client_key', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("status IN ('pending_payment', 'booked', 'checked_in', 'completed', 'cancelled', 'refunded')", name=op.f('ck_orders_status_known')),
    sa.CheckConstraint('sale_amount >= 0 AND settlement_amount >= 0', name=op.f('ck_orders_amounts_non_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('order_no', name=op.f('uq_orders_order_no')),
    sa.UniqueConstraint('member_id', 'client_key', name='uq_orders_member_client_key')
    )
    op.create_index(op.f('ix_orders_brand_id'), 'orders', ['brand_id'], unique=False)
    op.create_index(op.f('ix_orders_card_no'), 'orders', ['card_no'], unique=False)
    op.create_index('ix_orders_hospital_day', 'orders', ['hospital_id', 'day'], unique=False)
    op.create_index(op.f('ix_orders_member_id'), 'orders', ['member_id'], unique=False)
    op.create_index(op.f('ix_orders_package_id'), 'orders', ['package_id'], unique=False)
    op.create_index('ix_orders_pending', 'orders', ['created_at'], unique=False, postgresql_where=sa.text("status IN ('pending_payment', 'cancelled')"))
    op.create_index(op.f('ix_orders_status'), 'orders', ['status'], unique=False)
    op.create_table('brand_logos',
    sa.Column('brand_id', sa.BigInteger(), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['brand_id'], ['brands.id'], name=op.f('fk_brand_logos_brand_id_brands'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('brand_id', name=op.f('pk_brand_logos'))
    )
    op.create_table('hospitals',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('brand_id', sa.BigInteger(), nullable=False),
    sa.Column('channel', sa.String(length=16), server_default='both', nullable=False),
    sa.Column('phone', sa.String(length=32), server_default='', nullable=False),
    sa.Column('business_hours', sa.String(length=100), server_default='', nullable=False),
    sa.Column('province', sa.String(length=50), server_default='', nullable=False),
    sa.Column('city', sa.String(length=50), server_default='', nullable=False),
    sa.Column('district', sa.String(length=50), server_default='', nullable=False),
    sa.Column('district_id', sa.BigInteger(), nullable=True),
    sa.Column('address', sa.String(length=255), server_default='', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='active', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("channel IN ('online', 'offline', 'both')", name=op.f('ck_hospitals_channel_known')),
    sa.CheckConstraint("status IN ('active', 'disabled')", name=op.f('ck_hospitals_status_known')),
    sa.ForeignKeyConstraint(['brand_id'], ['brands.id'], name=op.f('fk_hospitals_brand_id_brands'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_hospitals_district_id_districts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hospitals')),
    sa.UniqueConstraint('name', name=op.f('uq_hospitals_name'))
    )
    op.create_index(op.f('ix_hospitals_brand_id'), 'hospitals', ['brand_id'], unique=False)
    op.create_index(op.f('ix_hospitals_district_id'), 'hospitals', ['district_id'], unique=False)
    op.create_table('items',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('brand_id', sa.BigInteger(), nullable=False),
    sa.Column('sale_price', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('market_price', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('settlement_price', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('meaning', sa.Text(), server_default='', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('settlement_price >= 0 AND settlement_price <= sale_price AND sale_price <= market_price', name=op.f('ck_items_price_order')),
    sa.ForeignKeyConstraint(['brand_id'], ['brands.id'], name=op.f('fk_items_brand_id_brands'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_items')),
    sa.UniqueConstraint('brand_id', 'name', name='uq_items_brand_name')
    )
    op.create_index(op.f('ix_items_brand_id'), 'items', ['brand_id'], unique=False)
    op.create_table('packages',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('brand_id', sa.BigInteger(), nullable=False),
    sa.Column('recommended', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='online', nullable=False),
    sa.Column('price', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('settlement_price', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('notice', sa.Text(), server_default='', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("status IN ('online', 'offline')", name=op.f('ck_packages_status_known')),
    sa.CheckConstraint('price IS NULL OR price >= 0', name=op.f('ck_packages_price_non_negative')),
    sa.CheckConstraint('settlement_price IS NULL OR settlement_price >= 0', name=op.f('ck_packages_settlement_non_negative')),
    sa.ForeignKeyConstraint(['brand_id'], ['brands.id'], name=op.f('fk_packages_brand_id_brands'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packages'))
    )
    op.create_index(op.f('ix_packages_brand_id'), 'packages', ['brand_id'], unique=False)
    op.create_table('hospital_staff',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('hospital_id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=100), server_default='', nullable=False),
    sa.Column('position', sa.String(length=50), server_default='', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='active', nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_name', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("status IN ('active', 'disabled')", name=op.f('ck_hospital_staff_status_known')),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_hospital_staff_hospital_id_hospitals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hospital_staff')),
    sa.UniqueConstraint('hospital_id', 'phone', name='uq_hospital_staff_hospital_phone')
    )
    op.create_index(op.f('ix_hospital_staff_hospital_id'), 'hospital_staff', ['hospital_id'], unique=False)
    op.create_table('item_diseases',
    sa.Column('item_id', sa.BigInteger(), nullable=False),
    sa.Column('disease_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['disease_id'], ['diseases.id'], name=op.f('fk_item_diseases_disease_id_diseases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_diseases_item_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'disease_id', name=op.f('pk_item_diseases'))
    )
    op.create_table('package_categories',
    sa.Column('package_id', sa.BigInteger(), nullable=False),
    sa.Column('category_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_package_categories_category_id_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['package_id'], ['packages.id'], name=op.f('fk_package_categories_package_id_packages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('package_id', 'category_id', name=op.f('pk_package_categories'))
    )
    op.create_index(op.f('ix_package_categories_category_id'), 'package_categories', ['category_id'], unique=False)
    op.create_table('package_hospitals',
    sa.Column('package_id', sa.BigInteger(), nullable=False),
    sa.Column('hospital_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_package_hospitals_hospital_id_hospitals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['package_id'], ['packages.id'], name=op.f('fk_package_hospitals_package_id_packages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('package_id', 'hospital_id', name=op.f('pk_package_hospitals'))
    )
    op.create_index(op.f('ix_package_hospitals_hospital_id'), 'package_hospitals', ['hospital_id'], unique=False)
    op.create_table('package_items',
    sa.Column('package_id', sa.BigInteger(), nullable=False),
    sa.Column('item_id', sa.BigInteger(), nullable=False),
    sa.Column('gender', sa.String(length=8), server_default='both', nullable=False),
    sa.Column('sort', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint("gender IN ('both', 'male', 'female')", name=op.f('ck_package_items_gender_known')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_package_items_item_id_items'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['package_id'], ['packages.id'], name=op.f('fk_package_items_package_id_packages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('package_id', 'item_id', name=op.f('pk_package_items'))
    )
    op.create_index(op.f('ix_package_items_item_id'), 'package_items', ['item_id'], unique=False)
    op.create_table('schedules',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('hospital_id', sa.BigInteger(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('capacity', sa.Integer(), server_default='0', nullable=False),
    sa.Column('booked', sa.Integer(), server_default='0', nullable=False),
    sa.Column('closed', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('capacity >= 0 AND booked >= 0 AND booked <= capacity', name=op.f('ck_schedules_capacity_bounds')),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_schedules_hospital_id_hospitals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedules')),
    sa.UniqueConstraint('hospital_id', 'day', name='uq_schedules_hospital_day')
    )


def downgrade() -> None:
    op.drop_table('schedules')
    op.drop_index(op.f('ix_package_items_item_id'), table_name='package_items')
    op.drop_table('package_items')
    op.drop_index(op.f('ix_package_hospitals_hospital_id'), table_name='package_hospitals')
    op.drop_table('package_hospitals')
    op.drop_index(op.f('ix_package_categories_category_id'), table_name='package_categories')
    op.drop_table('package_categories')
    op.drop_table('item_diseases')
    op.drop_index(op.f('ix_hospital_staff_hospital_id'), table_name='hospital_staff')
    op.drop_table('hospital_staff')
    op.drop_index(op.f('ix_packages_brand_id'), table_name='packages')
    op.drop_table('packages')
    op.drop_index(op.f('ix_items_brand_id'), table_name='items')
    op.drop_table('items')
    op.drop_index(op.f('ix_hospitals_district_id'), table_name='hospitals')
    op.drop_index(op.f('ix_hospitals_brand_id'), table_name='hospitals')
    op.drop_table('hospitals')
    op.drop_table('brand_logos')
    op.drop_index(op.f('ix_orders_status'), table_name='orders')
    op.drop_index('ix_orders_pending', table_name='orders', postgresql_where=sa.text("status IN ('pending_payment', 'cancelled')"))
    op.drop_index(op.f('ix_orders_package_id'), table_name='orders')
    op.drop_index(op.f('ix_orders_member_id'), table_name='orders')
    op.drop_index('ix_orders_hospital_day', table_name='orders')
    op.drop_index(op.f('ix_orders_card_no'), table_name='orders')
    op.drop_index(op.f('ix_orders_brand_id'), table_name='orders')
    op.drop_table('orders')
    op.drop_table('districts')
    op.drop_index(op.f('ix_diseases_parent_id'), table_name='diseases')
    op.drop_table('diseases')
    op.drop_table('categories')
    op.drop_table('brands')
    op.execute(sa.schema.DropSequence(sa.Sequence('order_no_seq')))
