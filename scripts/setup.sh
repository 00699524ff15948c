#!/usr/bin/env bash
# Prepares a clone to run: node_modules, the FerretDB binary and redis-server.
# Idempotent and silent when there is nothing to do; runs as the npm `prestart`/`pretest` hook and in CI.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

ferretdb_version="v1.24.2"
ferretdb_bin="$repo_root/.tools/bin/ferretdb"

log() { printf 'setup: %s\n' "$*" >&2; }

install_node_modules() {
  # node_modules/.package-lock.json records the last install (npm writes it, we touch it), so a lockfile
  # newer than it means the dependencies changed since. `npm install` runs only the install lifecycle
  # scripts, never pretest/prestart; the guard variable keeps a nested call of this script from installing again.
  if [[ -n "${CHATTY_SETUP_RUNNING:-}" ]]; then return; fi
  if [[ -d node_modules && -f node_modules/.package-lock.json && ! package-lock.json -nt node_modules/.package-lock.json ]]; then
    return
  fi
  log "installing npm dependencies"
  CHATTY_SETUP_RUNNING=1 npm install --no-audit --no-fund
  # npm leaves the hidden lockfile untouched when nothing changed; touch it so the check above settles.
  touch node_modules/.package-lock.json
}

ferretdb_is_current() {
  # Captured rather than piped into `grep -q`: with pipefail, grep quitting early could fail the check by SIGPIPE.
  local reported
  [[ -x "$ferretdb_bin" ]] && reported="$("$ferretdb_bin" --version 2>/dev/null)" && [[ "$reported" == *"$ferretdb_version"* ]]
}

build_ferretdb() {
  if ferretdb_is_current; then return; fi
  if [[ -d /usr/local/go/bin ]]; then PATH="$PATH:/usr/local/go/bin"; fi
  if ! command -v go >/dev/null; then
    log "Go is required to build FerretDB $ferretdb_version (https://go.dev/dl/)"
    exit 1
  fi
  log "building FerretDB $ferretdb_version into .tools/bin (about a minute the first time)"
  build_dir="$(mktemp -d)"
  trap 'rm -rf "$build_dir"' EXIT
  local download module_dir
  # Run outside the repository so that no go.mod around us interferes.
  if ! download="$(cd "$build_dir" && go mod download -json "github.com/FerretDB/FerretDB@$ferretdb_version")"; then
    log "could not download github.com/FerretDB/FerretDB@$ferretdb_version: $download"
    exit 1
  fi
  module_dir="$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).Dir ?? "")' "$download")"
  if [[ ! -d "$module_dir" ]]; then
    log "go mod download did not report a module directory: $download"
    exit 1
  fi
  cp -R "$module_dir" "$build_dir/src"
  chmod -R u+w "$build_dir/src"
  # FerretDB embeds build/version/version.txt, a file its release process generates and that the
  # module zip does not contain: without it the binary panics at start with
  # "Invalid build/version/version.txt", which is why `go install ...@v1.24.2` alone is not enough.
  printf '%s' "$ferretdb_version" >"$build_dir/src/build/version/version.txt"
  mkdir -p "$(dirname "$ferretdb_bin")"
  (cd "$build_dir/src" && GOBIN="$(dirname "$ferretdb_bin")" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install ./cmd/ferretdb)
  if ! ferretdb_is_current; then
    log "built FerretDB does not report $ferretdb_version"
    exit 1
  fi
}

install_redis() {
  if command -v redis-server >/dev/null; then return; fi
  log "installing redis-server with apt-get"
  local sudo=""
  if [[ "$(id -u)" != "0" ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
}

install_node_modules
build_ferretdb
install_redis
