"""Entry point of the PyInstaller build: the same `village-pos` command as `python -m pos`."""

import multiprocessing
import sys

from pos.cli import main

if __name__ == "__main__":
    # the background sync runs in a child process (pos.sync.process): in a frozen build the
    # child is this same executable, which must hand over to multiprocessing before anything
    multiprocessing.freeze_support()
    sys.exit(main())
