"""Cash-drawer shifts (交班): open, cash in and out, X report, close with a count.

Use cases, by module:
- ``day``: CounterDay, DayZ, day_z
- ``drawer``: NoOpenShift, ShiftAlreadyOpen, OwnerApprovalNeeded, ShiftView, open_shift_row,
  shift_for_tender, shift_required, current_shift, require_open_shift, list_shifts, last_closed_shift, x_report,
  shift_report, open_shift, cash_in, cash_out, record_count_started, close_shift
- ``settings``: check_variance_limit, variance_limit_or_default
"""
