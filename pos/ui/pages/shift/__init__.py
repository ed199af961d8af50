"""The shift page (F6): open, cash in and out, X report, close with a count, Z report."""
