#!/usr/bin/env bash
# Build the one-folder bundle: dist/village-pos/ (Linux; on Windows installers/windows/build.ps1
# runs the same spec). Run from anywhere: `bash installers/pyinstaller/build.sh`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

# PyInstaller from the `build` dependency group (pinned in uv.lock); a checkout whose pyproject
# has no such group gets it from PyPI for this run only.
if grep -Eq '^[[:space:]]*build[[:space:]]*=[[:space:]]*\[' pyproject.toml; then
    RUN=(uv run --group build)
else
    RUN=(uv run --with "pyinstaller>=6.10,<7")
fi
"${RUN[@]}" pyinstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installers/pyinstaller/village-pos.spec
echo "built $ROOT/dist/village-pos ($(du -sh dist/village-pos | cut -f1))"
