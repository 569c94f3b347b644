# Sourced by scripts/run and scripts/test: make .venv exist and match pyproject.toml, build
# the city index the bot maps at start (bot/domain/places/places-5000.idx, see docs/places.md)
# and compile the bot's modules to bytecode.
# Re-installs only when pyproject.toml changed and rebuilds the index only when its inputs
# changed, so repeated runs start instantly.

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Tweetup needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
  return 1
}

ensure_venv() {
  local extras="$1"
  if [ ! -x .venv/bin/python ]; then
    local python
    python=$(find_python) || exit 1
    echo "Creating .venv with $python ..." >&2
    "$python" -m venv .venv
  fi
  local stamp=".venv/.install-stamp-$extras"
  local wanted
  wanted=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "Installing Tweetup and its dependencies into .venv ..." >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$extras]" >&2
    echo "$wanted" >"$stamp"
  fi
  .venv/bin/python -m bot.domain.places >&2
  # Bytecode of the bot's own packages, as pip writes it for installed ones: with
  # PYTHONDONTWRITEBYTECODE set, or a source tree the bot may not write to, every start would
  # otherwise compile its ~240 modules again (a quarter of a second of CPU). Up to date: a stat.
  # A file that does not compile is reported here and left to the checks and tests to stop.
  .venv/bin/python -m compileall -q bot cogs models migrations >&2 || true
}
