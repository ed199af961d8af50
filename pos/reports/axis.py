"""Axis arithmetic shared by the PDF charts and the Reports page's charts (no reportlab, no Qt)."""

from __future__ import annotations

import datetime as dt


def nice_axis(top: int, ticks: int = 5) -> tuple[int, int]:
    """(axis maximum, step) in whole units: 1, 2 or 5 times a power of ten, at least 1."""
    top = max(int(top), 1)
    raw = max(1, -(-top // ticks))
    power = 1
    while power * 10 <= raw:
        power *= 10
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return -(-top // step) * step, step


def day_labels(days: list[dt.date]) -> list[str]:
    """Month-day under every fifth day counted back from the last, so 30 labels never overlap."""
    last = len(days) - 1
    return [d.strftime("%m-%d") if (last - i) % 5 == 0 else "" for i, d in enumerate(days)]


def yuan_axis(fen_values: list[int]) -> tuple[int, int]:
    """(maximum, step) in fen for amounts, on whole-yuan steps."""
    top_fen = max(fen_values + [100])
    top, step = nice_axis(-(-top_fen // 100))
    return top * 100, step * 100
