#!/usr/bin/env bash
# A real PostgreSQL 15 with pgvector for the STORE=postgres tests, on loopback, in a temporary folder.
#
#   source .ci/postgres.sh     # installs what is missing, starts a cluster, exports DATABASE_URL
#   verbatim_postgres_stop     # stops it and removes its folder (.ci/run does this on exit)
#
# Installs Debian's own PostgreSQL 15 server (bookworm) and builds pgvector from Debian's source
# package of the trixie suite, pinned, against bookworm's postgresql-server-dev-15: only a deb-src
# line for trixie is added, so no binary package ever comes from trixie. Every step is skipped when
# its result is already there, so a second run costs only the cluster's start (~1 s).
# Needs root for the installs (CI runs as root); the cluster itself runs as the `postgres` user.

PGVECTOR_SOURCE_VERSION=0.8.0-1
PG_MAJOR=15
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin

verbatim_postgres_install() {
  local pg_config=$PG_BIN/pg_config
  if [ ! -x "$PG_BIN/postgres" ] || [ ! -f "/usr/include/postgresql/$PG_MAJOR/server/postgres.h" ] || ! command -v dpkg-source >/dev/null; then
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" build-essential >/dev/null
  fi
  local sharedir libdir
  sharedir=$("$pg_config" --sharedir)
  libdir=$("$pg_config" --pkglibdir)
  if [ -f "$sharedir/extension/vector.control" ] && [ -f "$libdir/vector.so" ]; then return 0; fi
  local sources=/etc/apt/sources.list.d/verbatim-trixie-src.sources
  if [ ! -f "$sources" ]; then
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' >"$sources"
    apt-get -o DPkg::Lock::Timeout=600 update -qq
  fi
  local build
  build=$(mktemp -d /tmp/verbatim-pgvector.XXXXXX)
  chown _apt "$build" 2>/dev/null || chmod 777 "$build" # apt's own user downloads into it
  (
    cd "$build"
    apt-get source -qq --download-only "pgvector=$PGVECTOR_SOURCE_VERSION" >/dev/null
    dpkg-source -x --no-check ./*.dsc pgvector >/dev/null
    cd pgvector
    # OPTFLAGS= : no -march=native, so the library runs on any x86-64 CI machine.
    make -s PG_CONFIG="$pg_config" OPTFLAGS= >/dev/null
    make -s PG_CONFIG="$pg_config" install >/dev/null
  )
  rm -rf "$build"
}

verbatim_postgres_start() {
  local folder port password
  folder=$(mktemp -d /tmp/verbatim-postgres.XXXXXX)
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  printf '%s\n' "$password" >"$folder/pwfile"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$folder"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$PG_BIN/initdb" -D "$folder/data" -U verbatim --pwfile="$folder/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$folder/pwfile"
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$folder/data" -l "$folder/postgres.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c fsync=off" start >/dev/null
  local url="postgres://verbatim:$password@127.0.0.1:$port/verbatim"
  PGPASSWORD=$password "$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U verbatim -d postgres -c 'CREATE DATABASE verbatim' >/dev/null
  PGPASSWORD=$password "$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U verbatim -d verbatim -c 'CREATE EXTENSION IF NOT EXISTS vector' >/dev/null
  export DATABASE_URL=$url
  # The tests read TEST_DATABASE_URL only, so a DATABASE_URL of a real deployment in a developer's
  # shell is never written to by a test; each test file makes (and drops) a database of its own.
  export TEST_DATABASE_URL=$url
  export VERBATIM_POSTGRES_FOLDER=$folder
  # The tests' restart fault stops and starts this cluster; they find it through these two.
  export VERBATIM_POSTGRES_CTL="${run[*]} $PG_BIN/pg_ctl -D $folder/data -l $folder/postgres.log -w"
}

verbatim_postgres_stop() {
  [ -n "${VERBATIM_POSTGRES_FOLDER:-}" ] || return 0
  local run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$VERBATIM_POSTGRES_FOLDER/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$VERBATIM_POSTGRES_FOLDER"
  unset DATABASE_URL TEST_DATABASE_URL VERBATIM_POSTGRES_FOLDER VERBATIM_POSTGRES_CTL
}

verbatim_postgres_install
verbatim_postgres_start
