#!/usr/bin/env bash
# A MongoDB-wire server for tests: FerretDB v1.24.2 with its SQLite backend, on 127.0.0.1.
#
#   scripts/mongodb-test-server.sh start [DATA_DIR]   build if needed, start, print MONGODB_URL=…
#   scripts/mongodb-test-server.sh stop  [DATA_DIR]   stop the server started on DATA_DIR
#   scripts/mongodb-test-server.sh env   [DATA_DIR]   print MONGODB_URL=… of the running server
#   scripts/mongodb-test-server.sh kill  [DATA_DIR]   SIGKILL it (crash tests), keeping its data
#
# DATA_DIR defaults to .tmp/ferretdb-data. A restart on the same DATA_DIR reuses the same port,
# so clients holding the old URL reconnect to the restarted server.
#
# Needs only Go and the Go module proxy. `go install …/cmd/ferretdb@v1.24.2` cannot be used as
# is: it fails when the proxy refuses the module's version list (checked for deprecations), and
# a binary built that way panics at start because FerretDB embeds build/version/version.txt,
# which its release tarballs generate. So the module is downloaded, version.txt is written
# into a copy, and that copy is built into .tmp/bin (git-ignored).
set -euo pipefail

VERSION=v1.24.2
MODULE=github.com/FerretDB/FerretDB
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TMP="$ROOT/.tmp"
BIN="$TMP/bin/ferretdb"
START_TIMEOUT_S=${FERRETDB_START_TIMEOUT_S:-30}

cmd=${1:-}
data=$(mkdir -p "${2:-$TMP/ferretdb-data}" && cd "${2:-$TMP/ferretdb-data}" && pwd)
pidfile="$data/ferretdb.pid"
portfile="$data/ferretdb.port"

die() { echo "mongodb-test-server: $*" >&2; exit 1; }

build() {
  if [[ -x "$BIN" ]] && [[ "$("$BIN" --version 2>/dev/null || true)" == *"version: $VERSION"* ]]; then return; fi
  command -v go >/dev/null || die "Go is needed to build FerretDB (https://go.dev/dl/)"
  echo "mongodb-test-server: building FerretDB $VERSION (first time only, a few minutes)" >&2
  local dir src="$TMP/ferretdb-src"
  dir=$(cd "$TMP" && GOFLAGS=-mod=mod go mod download -json "$MODULE@$VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  [[ -n "$dir" && -d "$dir" ]] || die "go mod download $MODULE@$VERSION failed"
  rm -rf "$src" && cp -r "$dir" "$src" && chmod -R u+w "$src"
  echo "$VERSION" > "$src/build/version/version.txt"
  mkdir -p "$(dirname "$BIN")"
  (cd "$src" && nice go build -trimpath -o "$BIN" ./cmd/ferretdb) || die "go build failed"
}

running_pid() {
  [[ -f "$pidfile" ]] || return 1
  local pid; pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

print_env() { echo "MONGODB_URL=mongodb://127.0.0.1:$(cat "$portfile")/"; }

start() {
  if running_pid >/dev/null; then print_env; return; fi
  build
  local port=""
  # Reuse the port of an earlier run on this data dir, so a restarted server has the same URL.
  if [[ -f "$portfile" ]] && ! port_in_use "$(cat "$portfile")"; then port=$(cat "$portfile"); fi
  [[ -n "$port" ]] || port=$(free_port)
  echo "$port" > "$portfile"
  # synchronous(full): every acknowledged write is in the WAL on disk, not only in the page cache.
  DO_NOT_TRACK=1 nohup "$BIN" --handler=sqlite \
    --sqlite-url="file:$data/?_pragma=synchronous(full)" \
    --listen-addr="127.0.0.1:$port" --debug-addr=- --telemetry=disable \
    --state-dir="$data" --log-level=warn >>"$data/ferretdb.log" 2>&1 &
  echo $! > "$pidfile"
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until port_in_use "$port"; do
    running_pid >/dev/null || die "FerretDB exited at start; see $data/ferretdb.log"
    (( SECONDS < deadline )) || die "FerretDB did not accept connections within ${START_TIMEOUT_S}s"
    sleep 0.1
  done
  print_env
}

stop() {
  local pid sig=${1:-TERM}
  pid=$(running_pid) || { rm -f "$pidfile"; return 0; }
  kill "-$sig" "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  rm -f "$pidfile"
}

case "$cmd" in
  start) start ;;
  stop) stop TERM ;;
  kill) stop KILL ;;
  env) running_pid >/dev/null || die "no server running on $data"; print_env ;;
  build) build ;;
  *) die "usage: $0 start|stop|kill|env|build [DATA_DIR]" ;;
esac
