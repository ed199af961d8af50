"""Spoken feedback: stand-in espeak-ng / spd-say commands on PATH, a stand-in SAPI, the fake."""

import json
import os
import shutil
import stat
import sys
import time
import types

import pytest

from pos.devices import speech
from pos.devices.speech import (
    EspeakSpeaker,
    FakeSpeaker,
    NoSpeaker,
    SapiSpeaker,
    SpdSpeaker,
    make_speaker,
    speech_status_text,
)
from pos.domain.speech_text import spell_code
from tests.polling import wait_for

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="stand-in commands are scripts")

ESPEAK_VOICES = """Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  cmn             --/M      Chinese_(Mandarin,_latin_as_English) sit/cmn              (zh-cmn 5)(zh 5)
 5  cmn-latn-pinyin --/M      Chinese_(Mandarin,_latin_as_Pinyin) sit/cmn-Latn-pinyin (zh-cmn 5)(zh 5)
"""
SPD_VOICES = """                   NAME                     LANGUAGE   VARIANT
                  Afrikaans                       af      none
 Chinese (Mandarin, latin as English)            cmn      none
 Chinese (Mandarin, latin as Pinyin)  cmn-latn-pinyin      none
                    English (Great Britain)       en      none
"""

STAND_IN = """#!{python}
import json, os, sys, time
argv = sys.argv[1:]
if argv and argv[0] in ("--voices=cmn", "-L"):
    sys.stdout.write(open(os.environ["STANDIN_VOICES"], encoding="utf-8").read())
    sys.exit(0)
text = sys.stdin.read() if "--stdin" in argv else argv[-1]
with open(os.environ["STANDIN_LOG"], "a", encoding="utf-8") as f:
    f.write(json.dumps({{"argv": argv, "text": text, "start": time.monotonic()}}) + "\\n")
time.sleep(float(os.environ.get("STANDIN_SECONDS", "0")))
"""


@pytest.fixture
def bin_dir(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    monkeypatch.setenv("STANDIN_LOG", str(tmp_path / "said.jsonl"))
    monkeypatch.setenv("STANDIN_VOICES", str(tmp_path / "voices.txt"))
    return bin_dir


def install(bin_dir, name, voices):
    script = bin_dir / name
    script.write_text(STAND_IN.format(python=sys.executable), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    (bin_dir.parent / "voices.txt").write_text(voices, encoding="utf-8")
    return str(script)


def said(bin_dir):
    log = bin_dir.parent / "said.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


@posix_only
def test_espeak_on_path_speaks_chinese_with_the_pinyin_voice(bin_dir):
    install(bin_dir, "espeak-ng", ESPEAK_VOICES)
    speaker = make_speaker(volume=80, platform="linux")
    try:
        assert isinstance(speaker, EspeakSpeaker) and speaker.available()
        assert speaker.voice_name == "cmn-latn-pinyin"
        speaker.say("入库成功")
        assert wait_for(lambda: said(bin_dir))
        [entry] = said(bin_dir)
        assert entry["text"] == "入库成功"
        assert entry["argv"] == ["-v", "cmn-latn-pinyin", "-a", "160", "--stdin"]
    finally:
        speaker.stop()


@posix_only
def test_say_never_waits_and_the_newest_replaces_a_queued_one(bin_dir, monkeypatch):
    monkeypatch.setenv("STANDIN_SECONDS", "0.6")
    install(bin_dir, "espeak-ng", ESPEAK_VOICES)
    speaker = make_speaker(platform="linux")
    try:
        t0 = time.monotonic()
        speaker.say("入库成功")
        assert wait_for(lambda: said(bin_dir), timeout=5)  # the first is being spoken
        speaker.say("重复入库")
        speaker.say("错件 请勿交出")
        assert time.monotonic() - t0 < 5
        speaker.say("错件 请勿交出")
        assert not speaker.idle()  # it returned while speech still runs: the GUI thread never waits
        assert wait_for(lambda: len(said(bin_dir)) == 2 and speaker.idle(), timeout=10)
        assert [e["text"] for e in said(bin_dir)] == ["入库成功", "错件 请勿交出"]
    finally:
        speaker.stop()


@posix_only
def test_volume_and_option_like_text(bin_dir):
    install(bin_dir, "espeak-ng", ESPEAK_VOICES)
    speaker = make_speaker(volume=80, platform="linux")
    try:
        speaker.volume = 25
        speaker.say("--help 取件码")
        assert wait_for(lambda: said(bin_dir))
        entry = said(bin_dir)[0]
        assert entry["argv"][3] == "50" and entry["text"] == "help 取件码"
        speaker.say("   ")  # nothing to say
        time.sleep(0.2)
        assert len(said(bin_dir)) == 1
    finally:
        speaker.stop()


@posix_only
def test_spd_say_when_espeak_has_no_chinese(bin_dir):
    install(bin_dir, "spd-say", SPD_VOICES)
    # only the stand-ins: a real espeak-ng on this machine must not win
    speaker = make_speaker(volume=80, platform="linux",
                           which=lambda name: shutil.which(name, path=str(bin_dir)))
    try:
        assert isinstance(speaker, SpdSpeaker)
        assert speaker.voice_name == "Chinese (Mandarin, latin as Pinyin)"
        speaker.say(spell_code("A-3-0127"))
        assert wait_for(lambda: said(bin_dir))
        entry = said(bin_dir)[0]
        assert entry["argv"] == ["-w", "-y", "Chinese (Mandarin, latin as Pinyin)", "-i", "60",
                                 "--", "A，三，零一二七"]
    finally:
        speaker.stop()


@posix_only
def test_no_chinese_voice_means_beeps(bin_dir, qapp):
    install(bin_dir, "espeak-ng", ESPEAK_VOICES.splitlines()[0] + "\n")
    espeak = EspeakSpeaker(str(bin_dir / "espeak-ng"))
    assert not espeak.available() and espeak.voice_name == ""
    espeak.say("入库成功")
    time.sleep(0.2)
    assert said(bin_dir) == []
    speaker = make_speaker(platform="linux", which=lambda name: str(bin_dir / name)
                           if (bin_dir / name).exists() else None)
    assert isinstance(speaker, NoSpeaker) and not speaker.available()
    assert "beeps instead" in speech_status_text(speaker)
    # a program that is not there at all
    assert not SpdSpeaker(str(bin_dir / "missing")).available()
    assert isinstance(make_speaker(platform="linux", which=lambda name: None), NoSpeaker)


def test_status_text_names_the_voice(qapp):
    assert speech_status_text(FakeSpeaker()) == "Spoken feedback with the voice fake"


class _Tokens:
    def __init__(self, names):
        self.names = names
        self.Count = len(names)

    def Item(self, i):  # noqa: N802 - COM names
        token = types.SimpleNamespace(name=self.names[i])
        token.GetDescription = lambda: token.name
        return token


class _SpVoice:
    spoken: list = []

    def __init__(self, names):
        self.names = names
        self.Voice = None
        self.Volume = 100

    def GetVoices(self, required, optional):  # noqa: N802
        assert required == "Language=804"
        return _Tokens(self.names)

    def Speak(self, text, flags):  # noqa: N802
        _SpVoice.spoken.append((text, flags, self.Volume, self.Voice.name if self.Voice else None))


class _Category:
    def __init__(self, names):
        self.names = names
        self.id = None

    def SetId(self, category_id, create):  # noqa: N802
        self.id = category_id

    def EnumerateTokens(self, required, optional):  # noqa: N802
        assert self.id.endswith("Speech_OneCore\\Voices") and required == "Language=804"
        return _Tokens(self.names)


def fake_pywin32(monkeypatch, names, onecore=()):
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda progid: (_SpVoice(names) if progid == "SAPI.SpVoice"
                                      else _Category(list(onecore)))
    package = types.ModuleType("win32com")
    package.client = client
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.inits = []
    pythoncom.CoInitialize = lambda: pythoncom.inits.append(1)
    monkeypatch.setitem(sys.modules, "win32com", package)
    monkeypatch.setitem(sys.modules, "win32com.client", client)
    monkeypatch.setitem(sys.modules, "pythoncom", pythoncom)
    _SpVoice.spoken = []
    return pythoncom


def test_sapi_with_a_chinese_voice(monkeypatch):
    pythoncom = fake_pywin32(monkeypatch, ["Microsoft Huihui Desktop - Chinese (Simplified)"])
    speaker = make_speaker(volume=70, platform="win32")
    try:
        assert isinstance(speaker, SapiSpeaker)
        assert speaker.voice_name.startswith("Microsoft Huihui")
        speaker.say("入库成功")
        assert wait_for(lambda: _SpVoice.spoken)
        assert _SpVoice.spoken == [("入库成功", 0, 70, "Microsoft Huihui Desktop - Chinese (Simplified)")]
        assert pythoncom.inits == [1]  # COM set up on the worker thread
    finally:
        speaker.stop()


def test_sapi_falls_back_to_a_onecore_voice(monkeypatch):
    fake_pywin32(monkeypatch, [], onecore=["Microsoft Huihui - Chinese (Simplified, PRC)"])
    speaker = make_speaker(volume=50, platform="win32")
    try:
        assert speaker.voice_name == "Microsoft Huihui - Chinese (Simplified, PRC)"
        speaker.say("取件码")
        assert wait_for(lambda: _SpVoice.spoken)
        assert _SpVoice.spoken == [("取件码", 0, 50, "Microsoft Huihui - Chinese (Simplified, PRC)")]
    finally:
        speaker.stop()


def test_sapi_without_a_chinese_voice_or_pywin32(monkeypatch):
    fake_pywin32(monkeypatch, [])
    assert isinstance(make_speaker(platform="win32"), NoSpeaker)
    monkeypatch.setitem(sys.modules, "win32com.client", None)  # import fails
    assert not SapiSpeaker().available()


def test_fake_speaker():
    fake = FakeSpeaker()
    fake.say("入库成功")
    fake.say("  ")
    assert fake.said == ["入库成功"] and fake.available()
    mute = FakeSpeaker(available=False)
    mute.say("入库成功")
    assert mute.said == [] and mute.voice_name == ""


def test_worker_survives_a_failing_engine():
    calls = []

    def speak(text):
        calls.append(text)
        if text == "bad":
            raise RuntimeError("audio device gone")

    worker = speech._Latest(speak)
    try:
        worker.put("bad")
        assert wait_for(lambda: calls == ["bad"] and worker.idle())
        worker.put("good")
        assert wait_for(lambda: calls == ["bad", "good"])
    finally:
        worker.close()


@pytest.mark.parametrize("code, spoken", [
    ("A-3-0127", "A，三，零一二七"),
    ("b12", "B，一二"),
    ("3-15", "三，一五"),
    ("", ""),
    ("SF 8", "S，F，八"),
])
def test_spell_code(code, spoken):
    assert spell_code(code) == spoken
