"""A 4G modem on a pty that answers AT commands the way a Quectel EC20 does, and records the
PDUs it is given. Its state (SIM, signal, registration, an error for the next send) can change
while it runs."""

from __future__ import annotations

import threading

from tests.devices.pty_device import PtyDevice


class PtyModem:
    def __init__(self, path: str) -> None:
        self.dev = PtyDevice(path)
        self.path = path
        self.sim = "READY"  # READY | SIM PIN | SIM PUK | missing
        self.rssi = 21
        self.creg = 1
        self.cereg: int | None = 1  # None: a 3G modem without CEREG
        self.cms_error: int | None = None  # answer the next AT+CMGS PDU with this
        self.silent = False  # stops answering (a hung modem)
        self.urc_before_reply = False  # an +CMTI line interleaved with every reply
        self.echo = True
        self.pdus: list[str] = []
        self.commands: list[str] = []
        self._mr = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.dev.unplug()

    def _say(self, text: str) -> None:
        self.dev.write(text.encode("ascii"))

    def _run(self) -> None:
        buf = b""
        pdu_length: int | None = None
        while not self._stop.is_set():
            data = self.dev.read(0.02)
            if not data:
                continue
            buf += data
            while True:
                if pdu_length is not None:
                    if b"\x1b" in buf:  # cancelled
                        buf = buf[buf.index(b"\x1b") + 1:]
                        pdu_length = None
                        self._say("\r\nOK\r\n")
                        continue
                    if b"\x1a" not in buf:
                        break
                    pdu, _, buf = buf.partition(b"\x1a")
                    self._pdu(pdu.decode("ascii").strip(), pdu_length)
                    pdu_length = None
                    continue
                buf = buf.lstrip(b"\x1b\n")
                if b"\r" not in buf:
                    break
                line, _, buf = buf.partition(b"\r")
                cmd = line.decode("ascii", "replace").strip()
                if not cmd:
                    continue
                self.commands.append(cmd)
                if self.silent:
                    continue
                if self.echo:
                    self._say(cmd + "\r")
                pdu_length = self._command(cmd)

    def _final(self, lines: list[str], final: str = "OK") -> None:
        out = ""
        if self.urc_before_reply:
            out += '\r\n+CMTI: "SM",3\r\n'
        out += "".join(f"\r\n{line}\r\n" for line in lines) + f"\r\n{final}\r\n"
        self._say(out)

    def _command(self, cmd: str) -> int | None:
        up = cmd.upper()
        if up in ("AT", "AT+CMEE=1"):
            self._final([])
        elif up == "ATE0":
            self.echo = False
            self._final([])
        elif up == "AT+CPIN?":
            if self.sim == "missing":
                self._final([], "+CME ERROR: 10")
            else:
                self._final([f"+CPIN: {self.sim}"])
        elif up == "AT+CMGF=0":
            self._final([], "+CMS ERROR: 310" if self.sim == "missing" else "OK")
        elif up == "AT+CSQ":
            self._final([f"+CSQ: {self.rssi},99"])
        elif up == "AT+CREG?":
            self._final([f"+CREG: 0,{self.creg}"])
        elif up == "AT+CEREG?":
            if self.cereg is None:
                self._final([], "ERROR")
            else:
                self._final([f"+CEREG: 0,{self.cereg}"])
        elif up.startswith("AT+CMGS="):
            if self.sim == "missing":
                self._final([], "+CMS ERROR: 310")
                return None
            self._say("\r\n> ")
            return int(up.split("=")[1])
        else:
            self._final([], "ERROR")
        return None

    def _pdu(self, pdu: str, length: int) -> None:
        self.pdus.append(pdu)
        smsc_octets = int(pdu[:2], 16) + 1
        if len(pdu) // 2 - smsc_octets != length:
            self._final([], "+CMS ERROR: 304")
        elif self.cms_error is not None:
            code, self.cms_error = self.cms_error, None
            self._final([], f"+CMS ERROR: {code}")
        elif self.rssi in (0, 99) or self.creg not in (1, 5):
            self._final([], "+CMS ERROR: 331")
        else:
            self._mr = (self._mr + 1) % 256
            self._final([f"+CMGS: {self._mr}"])
