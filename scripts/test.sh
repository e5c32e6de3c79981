#!/usr/bin/env bash
# Runs the whole test suite against real services: a throwaway PostgreSQL
# server, a mail server (mailpit), an S3-compatible object store (versitygw),
# headless Chromium and nginx (which the tests start as a reverse proxy).
# Used by `make test` and by CI.
#
#   scripts/test.sh                                  # every package
#   scripts/test.sh -run TestX ./internal/store/...  # arguments replace ./...
#
# Services the tests need are installed with apt when missing, and mailpit
# and versitygw are built from pinned modules in tools/, so a fresh Debian
# machine with Go needs nothing else. Under PLUTTRA_REQUIRE_SERVICES=1
# a test whose service is missing fails instead of skipping, and the report
# counts any skip as a failure: a green run has run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
# The patched Go the project builds with (see the Makefile).
export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3}

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

# Root installs and switches user directly; anyone else goes through sudo
# for installs and runs PostgreSQL as themselves.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The PostgreSQL server's bin dir (initdb, pg_ctl, pg_isready are not on
# PATH on Debian). pg_config may come from libpq-dev without a server, so
# its answer counts only if initdb is really there.
pg_bindir() {
	local dir
	if command -v pg_config >/dev/null; then
		dir=$(pg_config --bindir 2>/dev/null || true)
		if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
	fi
	for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
		if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
	done
	return 1
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# --- Install what is missing -------------------------------------------------
CHROMIUM=/usr/bin/chromium
missing=()
pg_bindir >/dev/null || missing+=(postgresql)
[ -x "$CHROMIUM" ] || missing+=(chromium)
# Chromium only recommends fonts, and with none installed it has nothing to
# draw text with; DejaVu covers Latin and Arabic script.
installed fonts-dejavu-core || missing+=(fonts-dejavu-core)
# -race needs cgo, and cgo needs a C compiler.
command -v "$(go env CC)" >/dev/null || missing+=(gcc libc6-dev)
# The media pipeline transcodes video and sound with ffmpeg.
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
# nginx is the reverse proxy the tests put in front of Pluttra (the trusted
# proxy tests), and make bench serves the same feed bytes from it. Debian
# puts it in /usr/sbin, which is not on every user's PATH.
nginx_path() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }
nginx_path >/dev/null || missing+=(nginx-light)
# make bench compares the photo pipeline with vipsthumbnail, and loads the
# servers with wrk.
if [ -n "${PLUTTRA_BENCH:-}" ]; then
	command -v vipsthumbnail >/dev/null || missing+=(libvips-tools)
	command -v wrk >/dev/null || missing+=(wrk)
fi

if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	started=$SECONDS
	# The package lists of a fresh machine are empty or stale: update once,
	# and only when something is to be installed.
	as_root apt-get update -qq
	# Wait for another apt run (an unattended upgrade) instead of failing.
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		-o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null
	log "installed in $((SECONDS - started))s"
fi

PGBIN=$(pg_bindir) || die "PostgreSQL's initdb not found after installing postgresql"
[ -x "$CHROMIUM" ] || die "$CHROMIUM not found after installing chromium"
NGINX=$(nginx_path) || die "nginx not found after installing nginx-light"

# --- Start a throwaway PostgreSQL --------------------------------------------
# initdb refuses to run as root, so root runs the server as the postgres
# user the package creates; anyone else runs it as themselves.
if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 || die "no postgres user: install the postgresql package"
	# From /, which postgres can always read (the work tree may be private).
	as_pg() { (cd / && runuser -u postgres -- "$@"); }
else
	as_pg() { "$@"; }
fi

# Under /tmp rather than $TMPDIR: the postgres user must reach it, and the
# socket path must stay short (Unix sockets allow about 100 bytes).
PGTMP=$(mktemp -d /tmp/pluttra-pg.XXXXXX)
PGDATA_DIR=$PGTMP/data
PGSOCK=$PGTMP/sock
# A second, small server for the one test that freezes its database
# server: freezing the shared one would stall every other test.
FREEZE_DATA_DIR=$PGTMP/freeze
FREEZE_PID=

# continue_postgres PID sends SIGCONT to a postmaster and to every process
# whose parent it is (the fourth field of /proc/PID/stat).
continue_postgres() {
	local stat pid ppid
	kill -CONT "$1" 2>/dev/null || true
	for stat in /proc/[0-9]*/stat; do
		read -r pid _ _ ppid _ 2>/dev/null <"$stat" || continue
		[ "$ppid" = "$1" ] && kill -CONT "$pid" 2>/dev/null
	done
	return 0
}

# Stop what this script started on every way out: success, failure, Ctrl-C.
MAILPIT_PID=
S3_PID=
SMALL_DISK=
cleanup() {
	local status=$?
	[ -z "$SMALL_DISK" ] || as_root umount "$SMALL_DISK" 2>/dev/null || true
	[ -z "$MAILPIT_PID" ] || kill "$MAILPIT_PID" 2>/dev/null || true
	[ -z "$S3_PID" ] || kill "$S3_PID" 2>/dev/null || true
	# A test that died while the server was frozen left it stopped.
	[ -z "$FREEZE_PID" ] || continue_postgres "$FREEZE_PID"
	for dir in "$PGDATA_DIR" "$FREEZE_DATA_DIR"; do
		if [ -f "$dir/postmaster.pid" ]; then
			as_pg "$PGBIN/pg_ctl" -D "$dir" stop -m immediate -w >/dev/null 2>&1 || true
		fi
	done
	rm -rf "$PGTMP"
	exit "$status"
}
trap cleanup EXIT
# Turn signals into an ordinary exit, which runs the EXIT trap.
trap 'exit 130' INT
trap 'exit 143' TERM HUP

mkdir "$PGSOCK"
[ "$(id -u)" -ne 0 ] || chown -R postgres: "$PGTMP"

started=$SECONDS
# No fsync: the data is thrown away after the run. C.UTF-8 exists on every
# Debian system, whatever locales the machine has generated.
as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$PGTMP/initdb.log" 2>&1 ||
	{ cat "$PGTMP/initdb.log" >&2; die "initdb failed"; }
# The freezable server starts from a copy of the same fresh cluster,
# which is quicker than a second initdb.
as_pg cp -a "$PGDATA_DIR" "$FREEZE_DATA_DIR"

# True when something accepts connections on 127.0.0.1:$1.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_postgres DATADIR LOG OPTIONS starts a server on a free loopback
# port and prints the port once it answers on TCP. A random start spreads
# concurrent runs apart; a port taken between the check and the server's
# bind makes pg_ctl fail, and the next port is tried. The range stays
# below the kernel's ephemeral ports (32768 and up), which the many client
# connections of tests and benchmarks occupy.
start_postgres() {
	local datadir=$1 logfile=$2 options=$3 port attempt
	port=$((20000 + RANDOM % 12000))
	for attempt in 1 2 3 4 5; do
		while listening "$port"; do port=$((port + 1)); done
		if as_pg "$PGBIN/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $PGSOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off $options" \
			start >/dev/null; then
			break
		fi
		[ "$attempt" -lt 5 ] || { cat "$logfile" >&2; return 1; }
		port=$((port + 1))
	done
	# pg_ctl -w waits for the server; pg_isready confirms it answers on
	# TCP, which is how the tests connect.
	for _ in $(seq 100); do
		"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 && break
		sleep 0.1
	done
	"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" || { cat "$logfile" >&2; return 1; }
	echo "$port"
}

port=$(start_postgres "$PGDATA_DIR" "$PGTMP/server.log" "-c max_connections=200") || die "PostgreSQL did not start"
log "PostgreSQL on 127.0.0.1:$port, ready in $((SECONDS - started))s"

# The freezable server, small: the test stops its postmaster and every
# process the postmaster started, found by its pid.
freeze_port=$(start_postgres "$FREEZE_DATA_DIR" "$PGTMP/freeze.log" "-c max_connections=30 -c shared_buffers=16MB") ||
	die "the PostgreSQL to freeze did not start"
FREEZE_PID=$(head -1 "$FREEZE_DATA_DIR/postmaster.pid")
log "PostgreSQL to freeze on 127.0.0.1:$freeze_port (postmaster $FREEZE_PID)"

# --- Mailpit: a real SMTP server whose API shows what arrived -----------------
# Built once from the pinned tools module and kept in the user's cache.
MAILPIT_VERSION=$(sed -n 's/.*github.com\/axllent\/mailpit \(v[0-9.]*\).*/\1/p' tools/mailpit/go.mod | head -1)
TOOLS_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/pluttra-tools
MAILPIT=$TOOLS_CACHE/mailpit-$MAILPIT_VERSION
if [ ! -x "$MAILPIT" ]; then
	log "building mailpit $MAILPIT_VERSION once (cached in $TOOLS_CACHE)"
	mkdir -p "$TOOLS_CACHE"
	(cd tools/mailpit && CGO_ENABLED=0 go build -o "$MAILPIT.tmp" github.com/axllent/mailpit) || die "mailpit did not build"
	mv "$MAILPIT.tmp" "$MAILPIT"
fi
smtp_port=$((port + 1))
while listening "$smtp_port"; do smtp_port=$((smtp_port + 1)); done
mail_http=$((smtp_port + 1))
while listening "$mail_http"; do mail_http=$((mail_http + 1)); done
# Addresses at .invalid are refused at RCPT TO, so tests can make a mail bounce.
"$MAILPIT" --smtp "127.0.0.1:$smtp_port" --listen "127.0.0.1:$mail_http" \
	--smtp-allowed-recipients '\.(example|se|com|org)$' --disable-version-check \
	--database "$PGTMP/mailpit.db" >"$PGTMP/mailpit.log" 2>&1 &
MAILPIT_PID=$!
for _ in $(seq 100); do
	listening "$smtp_port" && listening "$mail_http" && break
	sleep 0.1
done
listening "$smtp_port" || { cat "$PGTMP/mailpit.log" >&2; die "mailpit did not start"; }
log "mailpit SMTP on 127.0.0.1:$smtp_port, API on 127.0.0.1:$mail_http"

# --- versitygw: an S3-compatible server storing objects in a directory --------
# Built once from the pinned tools module, like mailpit.
VERSITYGW_VERSION=$(sed -n 's/.*github.com\/versity\/versitygw \(v[0-9.]*\).*/\1/p' tools/versitygw/go.mod | head -1)
VERSITYGW=$TOOLS_CACHE/versitygw-$VERSITYGW_VERSION
if [ ! -x "$VERSITYGW" ]; then
	log "building versitygw $VERSITYGW_VERSION once (cached in $TOOLS_CACHE)"
	mkdir -p "$TOOLS_CACHE"
	(cd tools/versitygw && CGO_ENABLED=0 go build -o "$VERSITYGW.tmp" github.com/versity/versitygw/cmd/versitygw) || die "versitygw did not build"
	mv "$VERSITYGW.tmp" "$VERSITYGW"
fi
s3_port=$((mail_http + 1))
while listening "$s3_port"; do s3_port=$((s3_port + 1)); done
# Fresh credentials each run: 20 and 40 hex characters, the lengths of AWS keys.
S3_ACCESS_KEY=$(od -An -N10 -tx1 /dev/urandom | tr -d ' \n')
S3_SECRET_KEY=$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')
# The posix backend serves each directory under $PGTMP/s3 as a bucket.
mkdir "$PGTMP/s3"
"$VERSITYGW" --access "$S3_ACCESS_KEY" --secret "$S3_SECRET_KEY" --port "127.0.0.1:$s3_port" \
	posix "$PGTMP/s3" >"$PGTMP/versitygw.log" 2>&1 &
S3_PID=$!
for _ in $(seq 100); do
	listening "$s3_port" && break
	sleep 0.1
done
listening "$s3_port" || { cat "$PGTMP/versitygw.log" >&2; die "versitygw did not start"; }
log "S3 (versitygw) on 127.0.0.1:$s3_port"

# A small disk that tests fill for real, to see a full disk answered
# cleanly (a tmpfs: mounting needs root, as installing does).
SMALL_DISK="$PGTMP/small-disk"
mkdir "$SMALL_DISK"
as_root mount -t tmpfs -o size=8m,mode=1777 pluttra-small-disk "$SMALL_DISK" ||
	{ SMALL_DISK=; die "cannot mount the small tmpfs the full-disk tests fill"; }
log "a small disk (tmpfs, 8 MiB) on $SMALL_DISK"

# --- Run the tests -----------------------------------------------------------
export PLUTTRA_TEST_SMTP_URL="smtp://127.0.0.1:$smtp_port"
export PLUTTRA_TEST_MAILPIT_URL="http://127.0.0.1:$mail_http"
export PLUTTRA_TEST_S3_ENDPOINT="http://127.0.0.1:$s3_port"
export PLUTTRA_TEST_S3_ACCESS_KEY=$S3_ACCESS_KEY
export PLUTTRA_TEST_S3_SECRET_KEY=$S3_SECRET_KEY
export PLUTTRA_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
export PLUTTRA_TEST_FREEZABLE_POSTGRES_URL="postgres://postgres@127.0.0.1:$freeze_port/postgres?sslmode=disable"
export PLUTTRA_TEST_FREEZABLE_POSTGRES_PID=$FREEZE_PID
export PLUTTRA_TEST_CHROMIUM=$CHROMIUM
export PLUTTRA_TEST_NGINX=$NGINX
export PLUTTRA_TEST_SMALL_DISK=$SMALL_DISK
export PLUTTRA_REQUIRE_SERVICES=1
# The race detector needs cgo, which a machine without a C compiler at
# first turned off by default.
export CGO_ENABLED=1

# make bench: the benchmarks, against the same services, without the race
# detector (it would distort every figure).
if [ -n "${PLUTTRA_BENCH:-}" ]; then
	go test -run '^$' -bench "${PLUTTRA_BENCH}" -benchtime "${PLUTTRA_BENCHTIME:-1x}" -count=1 ./bench/...
	exit $?
fi

if [ $# -gt 0 ]; then args=("$@"); else args=(./...); fi

# make alone: every leaf subtest run on its own, against the same services,
# to find subtests that lean on an earlier one's data.
if [ -n "${PLUTTRA_ALONE:-}" ]; then
	go run ./scripts/alone "${args[@]}"
	exit $?
fi

# Build the reporter first: its own build errors show plainly, and `go run`
# would print "exit status 1" after the report's closing count line.
go build -o "$PGTMP/testreport" ./scripts/testreport

# stderr joins the stream: older Go prints build errors there as text, which
# the report passes through and counts. With pipefail the run fails if
# either go test or the report does.
# The package timeout fits the slowest machine the suite must pass on (two
# cores busy with other work, where the browser tests alone take many
# minutes); go test's default of ten minutes does not.
go test -race -count=1 -timeout 45m -json "${args[@]}" 2>&1 | "$PGTMP/testreport"
