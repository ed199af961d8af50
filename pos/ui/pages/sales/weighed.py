"""A product sold by weight, chosen or scanned at the sales page, becomes a weighed cart line."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from pos.domain.by_weight import weighed_cart_line
from pos.domain.cart import CartLine
from pos.services.sales.products import ProductView
from pos.ui.weighing import WeighDialog


def weigh_line(ctx, p: ProductView, parent: QWidget | None = None) -> CartLine | None:
    """None when the partner went back without a weight."""
    dlg = WeighDialog(ctx, p.name, p.unit, p.price_fen, parent)
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.grams is None:
        return None
    return weighed_cart_line(p.id, p.name, p.category, p.price_fen, p.unit, dlg.grams)
