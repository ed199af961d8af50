"""PDF reports (reportlab) with the bundled CJK font embedded: the daily station report and the
monthly statement, plus the short summary printed on the receipt printer.

Numbers come from pos.services.reports.queries (ReportData); everything here is presentation. Labels go
through Qt translation (context "reports"), so a station set to English gets English PDFs.
"""
