"""Assisted purchases (F4): new orders, the order list, each order's detail and timeline."""

from pos.ui.pages.purchases.purchases_page import PurchasesPage

__all__ = ["PurchasesPage"]
