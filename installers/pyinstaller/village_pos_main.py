"""Entry point of the PyInstaller build: the same `village-pos` command as `python -m pos`."""

import sys

from pos.cli import main

if __name__ == "__main__":
    sys.exit(main())
