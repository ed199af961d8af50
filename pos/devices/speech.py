"""Spoken feedback (入库成功, 错件 请勿交出, a pickup code): an offline Chinese voice if the PC has one.

Backends, chosen at run time by ``make_speaker``: Windows SAPI 5 through pywin32 (the zh-CN voices
Huihui / Kangkang / Yaoyao that Windows ships), and on Linux the command-line tools of espeak-ng
(voice ``cmn-latn-pinyin``: plain ``cmn`` reads Han characters as English-spelt pinyin) or
speech-dispatcher (``spd-say``). With none, ``available()`` is False and the app keeps its beeps.

``say`` never waits: one worker thread speaks, and an utterance that is still waiting when a
newer one comes is dropped (a cashier scanning fast hears the latest result, not a backlog).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import threading
from typing import Callable, Protocol

log = logging.getLogger(__name__)

SPEAK_TIMEOUT_S = 30.0
PROBE_TIMEOUT_S = 5.0
DEFAULT_VOLUME = 80  # 0-100


class Speaker(Protocol):
    voice_name: str  # "" when there is no Chinese voice
    volume: int  # 0-100, used from the next utterance

    def available(self) -> bool: ...

    def say(self, text: str) -> None: ...

    def stop(self) -> None: ...


class _Latest:
    """One worker thread and a one-slot mailbox: ``put`` replaces a text not yet spoken."""

    def __init__(self, speak: Callable[[str], None], setup: Callable[[], None] | None = None,
                 name: str = "speech") -> None:
        self._speak = speak
        self._setup = setup
        self._cond = threading.Condition()
        self._pending: str | None = None
        self._closed = False
        self.busy = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def put(self, text: str) -> None:
        with self._cond:
            self._pending = text
            self._cond.notify()

    def idle(self) -> bool:
        with self._cond:
            return self._pending is None and not self.busy

    def close(self, timeout: float = 2.0) -> None:
        with self._cond:
            self._closed = True
            self._pending = None
            self._cond.notify()
        self._thread.join(timeout)

    def _run(self) -> None:
        if self._setup is not None:
            try:
                self._setup()
            except Exception:  # noqa: BLE001 - a broken voice must not kill the app
                log.exception("speech engine failed to start")
        while True:
            with self._cond:
                while self._pending is None and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                text, self._pending = self._pending, None
                self.busy = True
            try:
                self._speak(text)
            except Exception as exc:  # noqa: BLE001
                log.warning("speech failed: %s", exc)
            finally:
                with self._cond:
                    self.busy = False


def _clean(text: str) -> str:
    # a text starting with "-" would read as an option to the command-line tools
    return " ".join((text or "").split()).lstrip("-").strip()


class _WorkerSpeaker:
    voice_name = ""

    def __init__(self, volume: int = DEFAULT_VOLUME) -> None:
        self.volume = max(0, min(100, int(volume)))
        self._worker: _Latest | None = None

    def available(self) -> bool:
        return bool(self.voice_name)

    def say(self, text: str) -> None:
        text = _clean(text)
        if not text or not self.available():
            return
        if self._worker is None:
            self._worker = _Latest(self._speak, self._setup, name=f"speech-{type(self).__name__}")
        self._worker.put(text)

    def idle(self) -> bool:
        return self._worker is None or self._worker.idle()

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def _setup(self) -> None:
        pass

    def _speak(self, text: str) -> None:
        raise NotImplementedError


def _run(argv: list[str], text_in: str | None = None, timeout: float = SPEAK_TIMEOUT_S) -> str:
    done = subprocess.run(
        argv, input=text_in.encode("utf-8") if text_in is not None else None,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout, check=False,
    )
    return done.stdout.decode("utf-8", "replace")


class EspeakSpeaker(_WorkerSpeaker):
    """``espeak-ng -v cmn-latn-pinyin -a AMPLITUDE --stdin`` (the text on stdin: no quoting)."""

    def __init__(self, program: str, volume: int = DEFAULT_VOLUME) -> None:
        super().__init__(volume)
        self.program = program
        self.voice_name = self._probe()

    def _probe(self) -> str:
        try:
            listing = _run([self.program, "--voices=cmn"], timeout=PROBE_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as exc:
            log.info("espeak-ng not usable: %s", exc)
            return ""
        languages = [line.split()[1] for line in listing.splitlines()[1:] if len(line.split()) > 1]
        chinese = [lang for lang in languages if lang.lower().startswith("cmn")]
        pinyin = [lang for lang in chinese if "pinyin" in lang.lower()]
        return (pinyin or chinese or [""])[0]

    def _speak(self, text: str) -> None:
        # amplitude 0-200, 100 is espeak-ng's normal loudness
        _run([self.program, "-v", self.voice_name, "-a", str(self.volume * 2), "--stdin"], text)


class SpdSpeaker(_WorkerSpeaker):
    """speech-dispatcher's ``spd-say -w -y VOICE -i VOLUME -- TEXT`` (``-w`` waits until spoken,
    so the worker knows when the next one may start)."""

    def __init__(self, program: str, volume: int = DEFAULT_VOLUME) -> None:
        super().__init__(volume)
        self.program = program
        self.voice_name = self._probe()

    def _probe(self) -> str:
        try:
            listing = _run([self.program, "-L"], timeout=PROBE_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as exc:
            log.info("spd-say not usable: %s", exc)
            return ""
        names = []
        for line in listing.splitlines()[1:]:
            fields = line.split()
            if len(fields) >= 3 and fields[-2].lower().startswith(("cmn", "zh")):
                names.append((" ".join(fields[:-2]), fields[-2].lower()))
        pinyin = [n for n, lang in names if "pinyin" in lang or "pinyin" in n.lower()]
        return (pinyin or [n for n, _ in names] or [""])[0]

    def _speak(self, text: str) -> None:
        # rate/volume -100..100, 0 is the default loudness
        _run([self.program, "-w", "-y", self.voice_name, "-i", str(self.volume * 2 - 100), "--", text])


SAPI_ZH_CN = "Language=804"  # LCID 0x0804, Chinese (PRC)
SAPI_ONECORE = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Speech_OneCore\Voices"


class SapiSpeaker(_WorkerSpeaker):
    """Windows SAPI 5 through pywin32: the first zh-CN voice. COM objects belong to the thread
    that made them, so the worker makes its own SpVoice."""

    def __init__(self, volume: int = DEFAULT_VOLUME) -> None:
        super().__init__(volume)
        self._voice = None
        self.voice_name = self._probe()

    @staticmethod
    def _zh_token(voice):
        tokens = voice.GetVoices(SAPI_ZH_CN, "")
        if tokens.Count:
            return tokens.Item(0)
        # A Chinese voice added in Settings › Speech is a OneCore voice, listed apart from the
        # SAPI desktop voices; SpVoice can usually speak with its token all the same (untested
        # on a real PC: a failure here just means no voice, and the app beeps).
        try:
            import win32com.client

            category = win32com.client.Dispatch("SAPI.SpObjectTokenCategory")
            category.SetId(SAPI_ONECORE, False)
            tokens = category.EnumerateTokens(SAPI_ZH_CN, "")
            return tokens.Item(0) if tokens.Count else None
        except Exception as exc:  # noqa: BLE001
            log.info("no OneCore voices: %s", exc)
            return None

    def _probe(self) -> str:
        try:
            import win32com.client

            voice = win32com.client.Dispatch("SAPI.SpVoice")
            token = self._zh_token(voice)
            return token.GetDescription() if token is not None else ""
        except Exception as exc:  # noqa: BLE001 - pywin32 missing or COM refusing: no voice
            log.info("SAPI not usable: %s", exc)
            return ""

    def _setup(self) -> None:
        import pythoncom
        import win32com.client

        pythoncom.CoInitialize()
        voice = win32com.client.Dispatch("SAPI.SpVoice")
        token = self._zh_token(voice)
        if token is not None:
            voice.Voice = token
        self._voice = voice

    def _speak(self, text: str) -> None:
        if self._voice is None:
            return
        self._voice.Volume = self.volume  # SAPI: 0-100
        self._voice.Speak(text, 0)  # synchronous on the worker thread


class NoSpeaker:
    """No Chinese voice on this PC: nothing is said (the app beeps instead)."""

    voice_name = ""
    volume = DEFAULT_VOLUME

    def available(self) -> bool:
        return False

    def say(self, text: str) -> None:
        pass

    def stop(self) -> None:
        pass


class FakeSpeaker:
    """Records what it was asked to say (tests, the demo)."""

    def __init__(self, available: bool = True, voice_name: str = "fake") -> None:
        self._available = available
        self.voice_name = voice_name if available else ""
        self.volume = DEFAULT_VOLUME
        self.said: list[str] = []

    def available(self) -> bool:
        return self._available

    def say(self, text: str) -> None:
        if self._available and _clean(text):
            self.said.append(_clean(text))

    def stop(self) -> None:
        pass


def speech_status_text(speaker: Speaker) -> str:
    """Settings' line under the speech switch: which voice speaks, or why the app beeps."""
    from PySide6.QtCore import QCoreApplication

    t = QCoreApplication.translate
    if speaker.available():
        return t("devices", "Spoken feedback with the voice {voice}").format(voice=speaker.voice_name)
    if sys.platform == "win32":
        return t("devices", "No Chinese voice on this PC, so the app beeps instead. Add the "
                            "Chinese (Simplified) speech pack in Windows Settings › Time & language › Speech, "
                            "then restart the app.")
    return t("devices", "No Chinese voice on this PC, so the app beeps instead. Install espeak-ng "
                        "(or speech-dispatcher with espeak-ng) to hear results spoken.")


def make_speaker(volume: int = DEFAULT_VOLUME, platform: str = sys.platform,
                 which: Callable[[str], str | None] = shutil.which) -> Speaker:
    """The first backend with a Chinese voice, else NoSpeaker."""
    candidates: list[Callable[[], Speaker]] = []
    if platform == "win32":
        candidates.append(lambda: SapiSpeaker(volume))
    else:
        for program, cls in (("espeak-ng", EspeakSpeaker), ("spd-say", SpdSpeaker)):
            path = which(program)
            if path:
                candidates.append(lambda path=path, cls=cls: cls(path, volume))
    for make in candidates:
        speaker = make()
        if speaker.available():
            return speaker
    return NoSpeaker()
