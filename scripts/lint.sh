#!/usr/bin/env bash
# The checks CI runs before the tests (.ci/run); the rules live in pyproject.toml.
#   ruff          the whole checkout (pos, tests, scripts, benchmarks, installers)
#   mypy          pos/domain and pos/services
#   lint-imports  the layers: what pos.domain, pos.db, pos.devices and pos.services may import,
#                 and no import cycle anywhere in pos
# All three run even when one fails, so one run shows every problem; the exit status is non-zero
# when any failed. Usage: bash scripts/lint.sh  (uv runs the tools from the dev group)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

failed=()
check() {
    local name=$1
    shift
    printf '\n== %s: %s\n' "$name" "$*"
    if "$@"; then
        printf '== %s: passed\n' "$name"
    else
        printf '== %s: FAILED\n' "$name"
        failed+=("$name")
    fi
}

check ruff uv run ruff check
check mypy uv run mypy
check import-linter uv run lint-imports --no-cache

if [ "${#failed[@]}" -gt 0 ]; then
    printf '\nlint: failed: %s\n' "${failed[*]}" >&2
    exit 1
fi
printf '\nlint: all checks passed\n'
