"""What the pickup page and the parcel admin window share: carrier names, the status line,
tables, and the small dialogs of handing parcels over (proxy, no scan, payment)."""
