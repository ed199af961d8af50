"""A Qt modal dialog a test leaves open must fail that test, not hang the run.

A modal dialog runs its own event loop inside exec(): pytest-timeout's signal only raises inside
whatever Python slot runs next, Qt swallows that exception, and the loop goes on for ever. So,
for every test once a QApplication exists, a watchdog timer (it fires inside any modal loop, as
timers do) rejects a modal widget that has stayed the active one for MODAL_SECONDS and fails the
test naming it. As a last resort, should even that not get control back, faulthandler dumps
every thread's stack and ends the process a while after the test's own timeout.

tests/conftest.py imports the fixture and the hook from here; tests/ui/test_modal_guard.py runs
a test that forgets a QMessageBox against this module alone (``-p tests.modal_guard``).
"""

from __future__ import annotations

import faulthandler
import os
import sys
import time
from collections.abc import Iterator

import pytest

# A test's modal dialogs are answered within milliseconds by ModalDriver/when_modal; half a
# minute open means nobody is going to answer it.
MODAL_SECONDS = float(os.environ.get("POS_TEST_MODAL_SECONDS", "30"))
_POLL_MS = 250
# beyond the test's timeout, for the stack dump that ends a run pytest-timeout could not break
_LAST_RESORT_EXTRA_SECONDS = 60


def describe(widget) -> str:
    """Class, object name, window title and (message boxes) text: enough to find the dialog."""
    parts = [type(widget).__name__]
    if widget.objectName():
        parts.append(f"objectName={widget.objectName()!r}")
    if widget.windowTitle():
        parts.append(f"title={widget.windowTitle()!r}")
    text = getattr(widget, "text", None)
    if callable(text):
        try:
            value = text()
        except TypeError:
            value = None
        if isinstance(value, str) and value:
            parts.append(f"text={value[:80]!r}")
    return " ".join(parts)


class ModalWatchdog:
    """Rejects a modal widget that stays the active modal widget for `seconds`; remembers it."""

    def __init__(self, seconds: float) -> None:
        from PySide6.QtCore import QTimer

        self.seconds = seconds
        self.closed: list[str] = []
        self._watched = None
        self._since = 0.0
        self._timer = QTimer()
        self._timer.timeout.connect(self._tick)
        self._timer.start(_POLL_MS)

    def stop(self) -> None:
        self._timer.stop()
        self._watched = None

    def _tick(self) -> None:
        from PySide6.QtWidgets import QApplication

        w = QApplication.activeModalWidget()
        if w is None:
            self._watched = None
            return
        if w is not self._watched:
            self._watched, self._since = w, time.monotonic()
            return
        if time.monotonic() - self._since < self.seconds:
            return
        # this one and any modal left under it: the test is over either way
        for _ in range(20):
            if w is None:
                break
            self.closed.append(describe(w))
            self._close(w)
            following = QApplication.activeModalWidget()
            w = None if following is w else following
        self._watched = None

    @staticmethod
    def _close(w) -> None:
        from PySide6.QtWidgets import QDialog

        if isinstance(w, QDialog):
            w.done(QDialog.DialogCode.Rejected)  # a QMessageBox without Esc button ignores close()
        else:
            w.close()

    def failure(self) -> str | None:
        if not self.closed:
            return None
        return (
            f"a modal dialog was left open for {self.seconds:g} s and closed by tests/modal_guard.py "
            f"(a test must answer every dialog it opens): {'; '.join(self.closed)}"
        )


def _uses_qt(request: pytest.FixtureRequest) -> bool:
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        return True
    qt = sys.modules.get("PySide6.QtWidgets")
    return qt is not None and qt.QApplication.instance() is not None


@pytest.fixture(autouse=True)
def _modal_dialogs_never_hang(request: pytest.FixtureRequest) -> Iterator[None]:
    if not _uses_qt(request):
        yield
        return
    if "qapp" not in request.fixturenames:
        request.getfixturevalue("qapp")
    dog = ModalWatchdog(MODAL_SECONDS)
    request.node.stash[_WATCHDOG] = dog
    try:
        yield
    finally:
        dog.stop()
    # a dialog left open by a fixture's teardown: reported here, as an error of the teardown
    if not request.node.stash.get(_REPORTED, False) and (message := dog.failure()):
        pytest.fail(message, pytrace=False)


_WATCHDOG = pytest.StashKey[ModalWatchdog]()
_REPORTED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """The test fails naming the dialog, also when closing the dialog made it fail otherwise."""
    try:
        result = yield
    except BaseException as e:
        if (message := _failure_of(item)) is not None:
            raise pytest.fail.Exception(message, pytrace=False) from e
        raise
    if (message := _failure_of(item)) is not None:
        pytest.fail(message, pytrace=False)
    return result


def _failure_of(item: pytest.Item) -> str | None:
    dog = item.stash.get(_WATCHDOG, None)
    message = dog.failure() if dog is not None else None
    if message is not None:
        item.stash[_REPORTED] = True
    return message


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[object]:
    """Last resort: a test still running well after its timeout dumps every thread's stack and
    ends the run (faulthandler works from a thread of its own, whatever the main thread is stuck
    in). pytest's faulthandler_timeout would do it too, but with one time for every test."""
    seconds = _timeout_of(item)
    if seconds > 0:
        faulthandler.dump_traceback_later(seconds + _LAST_RESORT_EXTRA_SECONDS, exit=True, file=_stderr_fd(item))
    try:
        return (yield)
    finally:
        if seconds > 0:
            faulthandler.cancel_dump_traceback_later()


def _stderr_fd(item: pytest.Item) -> int:
    """The stderr pytest keeps for faulthandler, which output capture does not swallow."""
    try:
        from _pytest.faulthandler import fault_handler_stderr_fd_key

        return item.config.stash[fault_handler_stderr_fd_key]
    except (ImportError, KeyError):
        return sys.__stderr__.fileno() if sys.__stderr__ is not None else 2


def _timeout_of(item: pytest.Item) -> float:
    """pytest-timeout's time for this test: its marker, else --timeout, else the ini's."""
    marker = item.get_closest_marker("timeout")
    if marker is not None and (marker.args or "timeout" in marker.kwargs):
        value = marker.args[0] if marker.args else marker.kwargs["timeout"]
    else:
        value = item.config.getoption("timeout", None)
        if value is None:
            try:
                value = item.config.getini("timeout")
            except ValueError:  # pytest-timeout not loaded
                return 0.0
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0
