"""Counter sales (F5): cart, tenders, refunds, catalogue, receipts."""
