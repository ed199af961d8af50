"""The daily report and the monthly statement as plain numbers.

Use cases, by module:
- ``data``: local_midnight, local_date, Period, parse_day, parse_month, check_not_future,
  CarrierCounts, OverdueParcel, ParcelSection, CountAmount, PurchaseSection, CategoryRow,
  SalesSection, MoneyRow, ShiftRow, CashSection, DayPoint, ReportData
- ``queries``: daily_report, monthly_report, build_report, received_by_carrier, left_by_carrier,
  in_station_conditions, parcel_section, purchase_section, sales_by_category, sales_section,
  cash_section, shift_rows, per_day, day_series
"""
