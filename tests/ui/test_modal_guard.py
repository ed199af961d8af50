"""tests/modal_guard.py: a modal dialog a test forgets fails that test, and the run goes on.

The forgetful test runs in a pytest of its own (with the guard as its only plugin of ours), so
that its failure is this test's expectation, not a failure of this run.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

FORGETFUL_TESTS = """
from PySide6.QtWidgets import QMessageBox


def test_forgets_a_message_box(qtbot):
    box = QMessageBox(QMessageBox.Icon.Warning, "Forgotten box", "Nobody answers me")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()  # blocks until the guard rejects it


def test_after_it_runs(qtbot):
    pass
"""


def run_pytest(tmp_path: Path, tests: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_forgetful.py").write_text(textwrap.dedent(tests), encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nqt_api = pyside6\ntimeout = 100\n", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", POS_TEST_MODAL_SECONDS="1")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.modal_guard",
            "-p",
            "no:cacheprovider",
            "-q",
            "-c",
            str(tmp_path / "pytest.ini"),
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_forgetful.py"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )


def test_a_forgotten_modal_fails_its_test_naming_the_dialog(tmp_path):
    done = run_pytest(tmp_path, FORGETFUL_TESTS)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "1 failed, 1 passed" in out, out
    assert "FAILED test_forgetful.py::test_forgets_a_message_box" in out, out
    assert "a modal dialog was left open" in out, out
    assert "QMessageBox title='Forgotten box' text='Nobody answers me'" in out, out


def test_a_test_failing_after_the_dialog_closed_says_why(tmp_path):
    # closing the dialog makes the test's own assert fail too: the message still names the dialog
    done = run_pytest(
        tmp_path,
        FORGETFUL_TESTS.replace(
            "box.exec()  # blocks until the guard rejects it",
            "assert box.exec() == QMessageBox.StandardButton.Ok",
        ),
    )
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "1 failed, 1 passed" in out, out
    assert "QMessageBox title='Forgotten box'" in out, out
