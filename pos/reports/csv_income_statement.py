"""A partner's monthly income statement as CSV (the house CSV rules: UTF-8 with BOM, cells
neutralised, amounts in yuan), the same lines as the PDF; the county writes it the same way."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pos.domain.income import COUNTY_PAID, Statement
from pos.reports.income_words import line_item, source_name, words
from pos.services.csv_export import csv_text, write_csv, yuan


def statement_table(statement: Statement, *, station_name: str, language: str = "zh_CN",
                    key_names: Mapping[str, str] | None = None) -> tuple[list[str], list[list[str]]]:
    t = words(language)
    month = f"{statement.year:04d}-{statement.month:02d}"
    header = [t("income", "Station"), t("income", "Month"), t("income", "Source"),
              t("income", "Category, carrier or service"), t("income", "Who pays"), t("income", "Number"),
              t("income", "Base amount"), t("income", "Income")]

    def payer(source: str) -> str:
        return t("income", "the county") if source in COUNTY_PAID else t("income", "the till")

    rows = [[station_name, month, source_name(t, ln.source), line_item(t, ln, key_names), payer(ln.source),
             str(ln.count), yuan(ln.base_fen), yuan(ln.income_fen)] for ln in statement.lines]
    rows.append([station_name, month, t("income", "The county owes"), "", t("income", "the county"), "", "",
                 yuan(statement.county_owes_fen)])
    rows.append([station_name, month, t("income", "Total"), "", "", "", "", yuan(statement.total_fen)])
    return header, rows


def income_statement_csv(statement: Statement, *, station_name: str, language: str = "zh_CN",
                         key_names: Mapping[str, str] | None = None) -> str:
    """The CSV as text (the county serves it for download)."""
    return csv_text(*statement_table(statement, station_name=station_name, language=language, key_names=key_names))


def write_income_statement_csv(statement: Statement, path: Path | str, *, station_name: str,
                               language: str = "zh_CN", key_names: Mapping[str, str] | None = None) -> int:
    """Write the CSV whole or not at all; returns the number of rows."""
    header, rows = statement_table(statement, station_name=station_name, language=language, key_names=key_names)
    return write_csv(Path(path), header, rows)
