"""A rotating log in the data folder: what a helper on the phone will ask the partner to send."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path


def setup_logging(log_file: Path, *, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    for h in list(root.handlers):
        # ours from an earlier call, and the stderr handler python-escpos's import installs with
        # logging.basicConfig() (it repeats every line on the console)
        if getattr(h, "_village_pos", False) or type(h) is logging.StreamHandler:
            root.removeHandler(h)
            h.close()
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError as e:
        # a read-only or full disk must not stop the app from telling the partner so
        handler = logging.StreamHandler(sys.stderr)
        print(f"cannot write the log file {log_file}: {e}", file=sys.stderr)
    handler._village_pos = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    # python-escpos and others are chatty at INFO
    logging.getLogger("escpos").setLevel(logging.WARNING)
    logging.getLogger("PIL").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
