"""The Reports page (F7): daily report and monthly statement on screen, as PDF and on the
receipt printer, with a dashboard of 30-day charts."""
