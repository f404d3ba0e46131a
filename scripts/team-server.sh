#!/usr/bin/env bash
# Starts a Tessera team server on this machine with one command.
#
#   scripts/team-server.sh                       # a local PostgreSQL cluster, made on first run
#   scripts/team-server.sh --postgres URL        # an existing PostgreSQL database
#   scripts/team-server.sh --listen 127.0.0.1:7878
#
# Without --postgres, a cluster from Debian's `postgresql` package is created once in
# $TESSERA_TEAM_DIR (default ~/.local/share/tessera/team-postgres) and started on 127.0.0.1,
# port $TESSERA_TEAM_PG_PORT (default 55432); it keeps running after the server stops
# (stop it with: pg_ctl -D "$TESSERA_TEAM_DIR/data" stop). Plain HTTP is served on loopback
# only. Add users with the printed `user add` command; each gets a token for `tessera team join`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=install-deps.sh
source "$ROOT/scripts/install-deps.sh"

POSTGRES_URL=""
LISTEN="127.0.0.1:7878"
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) POSTGRES_URL="$2"; shift 2 ;;
    --listen) LISTEN="$2"; shift 2 ;;
    *) echo "usage: $0 [--postgres URL] [--listen ADDR]" >&2; exit 1 ;;
  esac
done

ensure_rust
if [ -z "$POSTGRES_URL" ]; then
  apt_install_missing postgresql
  BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  DIR="${TESSERA_TEAM_DIR:-$HOME/.local/share/tessera/team-postgres}"
  PORT="${TESSERA_TEAM_PG_PORT:-55432}"
  mkdir -p "$DIR"
  # PostgreSQL refuses to run as root: then the cluster belongs to the postgres user.
  RUN=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$DIR"
    RUN=(runuser -u postgres --)
  fi
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    echo "==> creating a PostgreSQL cluster in $DIR/data"
    # UTF-8 with a UTF-8 ctype: under the C locale PostgreSQL treats Chinese as non-word text.
    "${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -E UTF8 --locale=C.UTF-8 -A trust -U postgres >/dev/null
  fi
  if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    echo "==> starting PostgreSQL on 127.0.0.1:$PORT"
    "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  POSTGRES_URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
fi

echo "==> building tessera-server"
cargo build --release -q -p tessera-server --bin tessera-server --manifest-path "$ROOT/Cargo.toml"
SERVER="$ROOT/target/release/tessera-server"
"$SERVER" --postgres "$POSTGRES_URL" migrate
echo "==> add users with: $SERVER --postgres $POSTGRES_URL user add NAME --role translator|reviewer|admin"
exec "$SERVER" --postgres "$POSTGRES_URL" --listen "$LISTEN"
