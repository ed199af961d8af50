"""Products, counter sales, refunds, assisted purchases, payments and villager accounts

Revision ID: 0004_sales_purchases
Revises: 0003_parcels
Create Date: 2026-11-22 02:33:45.855865
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pos.db.types import UTCDateTime


revision = '0004_sales_purchases'
down_revision = '0003_parcels'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('product',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('name_initials', sa.String(length=100), nullable=False),
    sa.Column('barcode', sa.String(length=20), nullable=False),
    sa.Column('price_fen', sa.Integer(), nullable=False),
    sa.Column('stock', sa.Integer(), nullable=False),
    sa.Column('low_stock', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=50), nullable=False),
    sa.Column('is_service', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product'))
    )
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_name_initials'), ['name_initials'], unique=False)
        batch_op.create_index('uq_product_barcode', ['barcode'], unique=True, sqlite_where=sa.text("barcode != ''"), postgresql_where=sa.text("barcode != ''"))

    op.create_table('account_entry',
    sa.Column('villager_id', sa.Uuid(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('reference', sa.String(length=30), nullable=False),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['villager_id'], ['villager.id'], name=op.f('fk_account_entry_villager_id_villager')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_entry'))
    )
    with op.batch_alter_table('account_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_entry_villager_id'), ['villager_id'], unique=False)

    op.create_table('purchase_order',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('villager_id', sa.Uuid(), nullable=True),
    sa.Column('customer_name', sa.String(length=50), nullable=False),
    sa.Column('customer_phone', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('platform_orders', sa.Text(), nullable=False),
    sa.Column('items_total_fen', sa.Integer(), nullable=False),
    sa.Column('service_fee_fen', sa.Integer(), nullable=False),
    sa.Column('total_fen', sa.Integer(), nullable=False),
    sa.Column('paid_fen', sa.Integer(), nullable=False),
    sa.Column('on_account_fen', sa.Integer(), nullable=False),
    sa.Column('refunded_fen', sa.Integer(), nullable=False),
    sa.Column('expected_on', sa.Date(), nullable=True),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('placed_at', UTCDateTime(), nullable=False),
    sa.Column('shipped_at', UTCDateTime(), nullable=True),
    sa.Column('arrived_at', UTCDateTime(), nullable=True),
    sa.Column('collected_at', UTCDateTime(), nullable=True),
    sa.Column('cancelled_at', UTCDateTime(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=False),
    sa.Column('return_waybill', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['villager_id'], ['villager.id'], name=op.f('fk_purchase_order_villager_id_villager')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_order')),
    sa.UniqueConstraint('number', name=op.f('uq_purchase_order_number'))
    )
    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchase_order_placed_at'), ['placed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_order_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_order_villager_id'), ['villager_id'], unique=False)

    op.create_table('sale',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('villager_id', sa.Uuid(), nullable=True),
    sa.Column('subtotal_fen', sa.Integer(), nullable=False),
    sa.Column('discount_fen', sa.Integer(), nullable=False),
    sa.Column('total_fen', sa.Integer(), nullable=False),
    sa.Column('completed_at', UTCDateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['villager_id'], ['villager.id'], name=op.f('fk_sale_villager_id_villager')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sale')),
    sa.UniqueConstraint('number', name=op.f('uq_sale_number'))
    )
    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sale_completed_at'), ['completed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sale_villager_id'), ['villager_id'], unique=False)

    op.create_table('payment',
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('purpose', sa.String(length=30), nullable=False),
    sa.Column('method', sa.String(length=12), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('receipt_number', sa.String(length=30), nullable=False),
    sa.Column('sale_id', sa.Uuid(), nullable=True),
    sa.Column('purchase_id', sa.Uuid(), nullable=True),
    sa.Column('parcel_id', sa.Uuid(), nullable=True),
    sa.Column('villager_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcel.id'], name=op.f('fk_payment_parcel_id_parcel')),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchase_order.id'], name=op.f('fk_payment_purchase_id_purchase_order')),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], name=op.f('fk_payment_sale_id_sale')),
    sa.ForeignKeyConstraint(['villager_id'], ['villager.id'], name=op.f('fk_payment_villager_id_villager')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment'))
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_purchase_id'), ['purchase_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_purpose'), ['purpose'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_receipt_number'), ['receipt_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_sale_id'), ['sale_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_villager_id'), ['villager_id'], unique=False)

    op.create_table('purchase_event',
    sa.Column('order_id', sa.Uuid(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['purchase_order.id'], name=op.f('fk_purchase_event_order_id_purchase_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_event'))
    )
    with op.batch_alter_table('purchase_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchase_event_order_id'), ['order_id'], unique=False)

    op.create_table('purchase_item',
    sa.Column('order_id', sa.Uuid(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('shop', sa.String(length=100), nullable=False),
    sa.Column('link', sa.Text(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_fen', sa.Integer(), nullable=False),
    sa.Column('refunded_fen', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['purchase_order.id'], name=op.f('fk_purchase_item_order_id_purchase_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_item'))
    )
    with op.batch_alter_table('purchase_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchase_item_order_id'), ['order_id'], unique=False)

    op.create_table('purchase_waybill',
    sa.Column('order_id', sa.Uuid(), nullable=False),
    sa.Column('waybill', sa.String(length=40), nullable=False),
    sa.Column('parcel_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['purchase_order.id'], name=op.f('fk_purchase_waybill_order_id_purchase_order')),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcel.id'], name=op.f('fk_purchase_waybill_parcel_id_parcel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_waybill'))
    )
    with op.batch_alter_table('purchase_waybill', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchase_waybill_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_waybill_parcel_id'), ['parcel_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_waybill_waybill'), ['waybill'], unique=False)

    op.create_table('refund',
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('sale_id', sa.Uuid(), nullable=True),
    sa.Column('purchase_id', sa.Uuid(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('operator', sa.String(length=50), nullable=False),
    sa.Column('approved_by', sa.String(length=50), nullable=False),
    sa.Column('total_fen', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchase_order.id'], name=op.f('fk_refund_purchase_id_purchase_order')),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], name=op.f('fk_refund_sale_id_sale')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund')),
    sa.UniqueConstraint('number', name=op.f('uq_refund_number'))
    )
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_purchase_id'), ['purchase_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_sale_id'), ['sale_id'], unique=False)

    op.create_table('sale_line',
    sa.Column('sale_id', sa.Uuid(), nullable=False),
    sa.Column('product_id', sa.Uuid(), nullable=True),
    sa.Column('description', sa.String(length=100), nullable=False),
    sa.Column('category', sa.String(length=50), nullable=False),
    sa.Column('unit_price_fen', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('discount_fen', sa.Integer(), nullable=False),
    sa.Column('total_fen', sa.Integer(), nullable=False),
    sa.Column('refunded_quantity', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_sale_line_product_id_product')),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], name=op.f('fk_sale_line_sale_id_sale')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sale_line'))
    )
    with op.batch_alter_table('sale_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sale_line_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sale_line_sale_id'), ['sale_id'], unique=False)

    op.create_table('refund_line',
    sa.Column('refund_id', sa.Uuid(), nullable=False),
    sa.Column('sale_line_id', sa.Uuid(), nullable=True),
    sa.Column('purchase_item_id', sa.Uuid(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['purchase_item_id'], ['purchase_item.id'], name=op.f('fk_refund_line_purchase_item_id_purchase_item')),
    sa.ForeignKeyConstraint(['refund_id'], ['refund.id'], name=op.f('fk_refund_line_refund_id_refund')),
    sa.ForeignKeyConstraint(['sale_line_id'], ['sale_line.id'], name=op.f('fk_refund_line_sale_line_id_sale_line')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund_line'))
    )
    with op.batch_alter_table('refund_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_line_refund_id'), ['refund_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('refund_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_line_refund_id'))

    op.drop_table('refund_line')
    with op.batch_alter_table('sale_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sale_line_sale_id'))
        batch_op.drop_index(batch_op.f('ix_sale_line_product_id'))

    op.drop_table('sale_line')
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_sale_id'))
        batch_op.drop_index(batch_op.f('ix_refund_purchase_id'))
        batch_op.drop_index(batch_op.f('ix_refund_at'))

    op.drop_table('refund')
    with op.batch_alter_table('purchase_waybill', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchase_waybill_waybill'))
        batch_op.drop_index(batch_op.f('ix_purchase_waybill_parcel_id'))
        batch_op.drop_index(batch_op.f('ix_purchase_waybill_order_id'))

    op.drop_table('purchase_waybill')
    with op.batch_alter_table('purchase_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchase_item_order_id'))

    op.drop_table('purchase_item')
    with op.batch_alter_table('purchase_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchase_event_order_id'))

    op.drop_table('purchase_event')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_villager_id'))
        batch_op.drop_index(batch_op.f('ix_payment_sale_id'))
        batch_op.drop_index(batch_op.f('ix_payment_receipt_number'))
        batch_op.drop_index(batch_op.f('ix_payment_purpose'))
        batch_op.drop_index(batch_op.f('ix_payment_purchase_id'))
        batch_op.drop_index(batch_op.f('ix_payment_at'))

    op.drop_table('payment')
    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sale_villager_id'))
        batch_op.drop_index(batch_op.f('ix_sale_completed_at'))

    op.drop_table('sale')
    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchase_order_villager_id'))
        batch_op.drop_index(batch_op.f('ix_purchase_order_status'))
        batch_op.drop_index(batch_op.f('ix_purchase_order_placed_at'))

    op.drop_table('purchase_order')
    with op.batch_alter_table('account_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_entry_villager_id'))
        batch_op.drop_index(batch_op.f('ix_account_entry_at'))

    op.drop_table('account_entry')
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index('uq_product_barcode', sqlite_where=sa.text("barcode != ''"), postgresql_where=sa.text("barcode != ''"))
        batch_op.drop_index(batch_op.f('ix_product_name_initials'))
        batch_op.drop_index(batch_op.f('ix_product_name'))

    op.drop_table('product')
