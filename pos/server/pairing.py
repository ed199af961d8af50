"""Pairing another counter with the main PC's server by an 8-character code.

The code is the password of a login role, pos_pair, that can do one thing: call
pos_pairing_claim(), which returns the app role's password and takes the role's login away. So a
code works once, for 30 minutes, and only from the station's subnet (pg_hba); it never contains
the real password, and the main PC needs no other service than PostgreSQL itself.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop
from pos.server.names import APP_ROLE, DATABASE, PAIR_ROLE
from pos.server.urls import psycopg_dsn

log = logging.getLogger(__name__)

CODE_MINUTES = 30
# no 0/O, 1/I/L: the code is read off one screen and typed on another
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE_LEN = 8


class PairingFailed(DomainError):
    pass


def install_pairing(admin_url: str) -> None:
    """Once, in the maintenance database (never dumped with the station's data)."""
    import psycopg

    with psycopg.connect(psycopg_dsn(admin_url), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {PAIR_ROLE} NOLOGIN")
        conn.execute("CREATE SCHEMA pos_pairing")
        conn.execute("REVOKE ALL ON SCHEMA pos_pairing FROM PUBLIC")
        conn.execute("CREATE TABLE pos_pairing.secret (password text NOT NULL)")
        conn.execute("""
            CREATE FUNCTION public.pos_pairing_claim() RETURNS text
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
            DECLARE pw text;
            BEGIN
                SELECT password INTO pw FROM pos_pairing.secret;
                EXECUTE 'ALTER ROLE pos_pair NOLOGIN';
                RETURN pw;
            END $$""")
        conn.execute("REVOKE ALL ON FUNCTION public.pos_pairing_claim() FROM PUBLIC")
        conn.execute(f"GRANT EXECUTE ON FUNCTION public.pos_pairing_claim() TO {PAIR_ROLE}")


def new_code(admin_url: str, app_password: str) -> str:
    """A fresh one-time code (the previous one stops working), shown as XXXX-XXXX."""
    import psycopg

    code = "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_LEN))
    with psycopg.connect(psycopg_dsn(admin_url), autocommit=True) as conn:
        with conn.transaction():
            conn.execute("DELETE FROM pos_pairing.secret")
            conn.execute("INSERT INTO pos_pairing.secret (password) VALUES (%s)", (app_password,))
            valid = conn.execute(f"SELECT (now() + interval '{CODE_MINUTES} minutes')::text").fetchone()[0]
            conn.execute(f"ALTER ROLE {PAIR_ROLE} LOGIN PASSWORD '{code}' VALID UNTIL '{valid}'")
    return f"{code[:4]}-{code[4:]}"


def normalise_code(text: str) -> str:
    code = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(code) != _CODE_LEN or any(ch not in _ALPHABET for ch in code):
        raise PairingFailed(tr_noop("errors", "'{code}' is not a pairing code: it has 8 letters and digits, "
                                    "like K7QM-4XPA, as shown on the main PC."), code=text[:20])
    return code


def split_address(text: str, default_port: int) -> tuple[str, int]:
    host, _, port = text.strip().rpartition(":") if ":" in text else (text.strip(), "", "")
    if not host or (port and not port.isdigit()):
        raise PairingFailed(tr_noop("errors", "'{address}' is not an address: write it like 192.168.1.10 or "
                                    "192.168.1.10:5433, as shown on the main PC."), address=text[:60])
    return host, int(port) if port else default_port


def claim(address: str, code: str, *, default_port: int) -> str:
    """The --db URL of the main PC's station database, fetched with a pairing code."""
    import psycopg

    host, port = split_address(address, default_port)
    code = normalise_code(code)
    pair_url = f"postgresql+psycopg://{PAIR_ROLE}:{code}@{host}:{port}/postgres"
    try:
        with psycopg.connect(psycopg_dsn(pair_url), connect_timeout=8) as conn:
            password = conn.execute("SELECT public.pos_pairing_claim()").fetchone()[0]
    except psycopg.OperationalError as e:
        text = str(e)
        if "password authentication failed" in text or "not permitted to log in" in text:
            raise PairingFailed(tr_noop("errors", "The pairing code was not accepted: it is wrong, used already or "
                                        "older than 30 minutes. Show a new code on the main PC and try again.")) from e
        raise PairingFailed(tr_noop("errors", "The main PC's database at {address} cannot be reached: check that "
                                    "the main PC is on, its server is started, and both PCs are on the same "
                                    "network. ({reason})"), address=f"{host}:{port}", reason=text.strip()[:200]) from e
    if not password:
        raise PairingFailed(tr_noop("errors", "The main PC has no pairing code ready: show a new one there."))
    url = f"postgresql+psycopg://{APP_ROLE}:{password}@{host}:{port}/{DATABASE}"
    try:
        psycopg.connect(psycopg_dsn(url), connect_timeout=8).close()
    except psycopg.OperationalError as e:
        raise PairingFailed(tr_noop("errors", "Paired, but the station database cannot be opened: {reason}"),
                            reason=str(e).strip()[:200]) from e
    return url


def pair(data_dir: Path, address: str, code: str, *, default_port: int) -> str:
    """Claim the URL and save it as this data folder's database: later starts use it."""
    from pos.server.saved_url import save_url

    url = claim(address, code, default_port=default_port)
    save_url(data_dir, url)
    log.info("paired with the station database server at %s", address)
    return url
