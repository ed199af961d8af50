"""Counter sales: the catalogue, completing a sale, refunds, receipts, CSV in and out.

Use cases, by module:
- ``checkout``: no_shift_required, SaleResult, complete_sale, post_to_account, SaleLineView,
  PaymentView, SaleView, load_sale, sale_view, get_sale, ReceiptListItem, recent_receipts,
  VillagerChoice, find_villagers
- ``export``: export_sales
- ``product_csv``: RowError, ImportReport, read_text, parse_row, import_products
- ``products``: OwnerApprovalNeeded, ProductInput, ProductView, view, initials, clean_input,
  add_in, add_product, update_in, update_product, set_active, get_product, by_barcode, search,
  all_products, categories, low_stock, count_low_stock, adjust_stock
- ``receipts``: station_header, sale_receipt_data, refund_receipt_data, receipt_document,
  reprint_document
- ``refunds``: RefundResult, refund_sale
- ``settings``: SalesSettings, load, load_in, validate, save
"""
