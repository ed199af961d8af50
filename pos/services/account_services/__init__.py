"""Services with an account (便民服务): phone top-ups and bill payments taken into the shift,
their commission fixed when paid, refunds with the owner's approval, receipts, the kinds as
settings (the county's while linked), and the income facts of the payments.

Use cases, by module:
- ``kinds``: KINDS, KindsInForce, kinds_in_force, kinds_in, save_kinds, kind_name
- ``payments``: PayInput, PaymentView, PayResult, RefundResult, pay_service, refund_service,
  get_payment, day_payments, find_by_code, ACTION_REFUND
- ``receipts``: payment_receipt_document, refund_receipt_document
- ``income``: income_facts
"""

from pos.services.account_services.income import income_facts

__all__ = ["income_facts"]
