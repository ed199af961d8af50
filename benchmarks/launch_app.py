"""Cold-start probe: start the real app and report when its login window is first painted.

    python benchmarks/launch_app.py SPAWN_TIME app  --data-dir DIR [app options...]
    python benchmarks/launch_app.py SPAWN_TIME bare
    python benchmarks/launch_app.py SPAWN_TIME labelled

SPAWN_TIME is the parent's ``time.time()`` just before it started this process, so the figure
includes the interpreter's own start. Both modes create the QApplication here, install one
event filter on it, and then either run ``pos.cli.main`` (``app``: the same code path as
``python -m pos``, untouched: no test hooks in the app) or show a bare QMainWindow of the same
size (``bare``: the baseline), or the same window with one line of Chinese in a QLabel
(``labelled``: the floor of any window that shows something: its first paint costs some 50 ms
more than an empty window's on the benchmark VM, with no app code at all). At the first Paint of a widget in the main window, once the app
shows its login screen, a zero-delay timer (which runs after the paint pass has finished) prints
one JSON line with the seconds since SPAWN_TIME and the resident size, and quits the app.

The app paints its login screen before it opens the station's records (pos.app); in ``app`` mode
the probe then also waits until the records are open and the pages attached ("ready": the PIN
would be checked now) and reports that time and the resident size then as well.
"""

from __future__ import annotations

import json
import sys
import time


def rss_kb() -> dict[str, int | None]:
    """VmRSS and VmHWM from /proc (Linux); None elsewhere."""
    out: dict[str, int | None] = {"rss_kb": None, "hwm_kb": None}
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    out["rss_kb"] = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    out["hwm_kb"] = int(line.split()[1])
    except OSError:
        pass
    return out


def main(argv: list[str]) -> int:
    spawn, mode, rest = float(argv[1]), argv[2], argv[3:]
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    app = QApplication(sys.argv[:1])
    state = {"done": False}

    result: dict = {"mode": mode}

    def report() -> None:
        # None's reference count at this point: how far the app is from PySide6 6.12.0's none_dealloc
        print(json.dumps({**result, "none_refcount": sys.getrefcount(None), **rss_kb()}), flush=True)
        QApplication.instance().quit()

    def finish() -> None:
        result["painted_s"] = time.time() - spawn
        result["painted_rss_kb"] = rss_kb()["rss_kb"]
        if mode != "app":
            report()
            return
        poll = QTimer(app)
        poll.setInterval(5)

        def check() -> None:
            win = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)), None)
            if win is not None and getattr(win, "ctx", None) is not None:
                poll.stop()
                result["ready_s"] = time.time() - spawn
                report()

        poll.timeout.connect(check)
        poll.start()

    def ready(win: QWidget) -> bool:
        if mode != "app":
            return True
        # pos.ui.main_window.MainWindow: painted on the login screen (logged as "login screen shown")
        login = getattr(win, "login_page", None)
        return login is not None and win.stack.currentWidget() is login

    class PaintWatch(QObject):
        def eventFilter(self, obj, ev) -> bool:  # noqa: N802 - Qt's name
            if not state["done"] and ev.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
                win = obj.window()
                if isinstance(win, QMainWindow) and ready(win):
                    state["done"] = True
                    QTimer.singleShot(0, finish)
            return False

    watch = PaintWatch()
    app.installEventFilter(watch)
    if mode in ("bare", "labelled"):
        win = QMainWindow()
        win.setWindowTitle(mode)
        win.resize(1100, 720)
        if mode == "labelled":
            from PySide6.QtWidgets import QLabel

            win.setCentralWidget(QLabel("清水村电商服务站"))
        win.show()
        return app.exec()
    from pos.cli import main as cli_main

    return cli_main(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
