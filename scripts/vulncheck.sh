#!/usr/bin/env bash
# govulncheck against an offline copy of the Go vulnerability database.
#
# The database is the golang.org/x/vulndb module pinned in tools/vulncheck:
# its OSV files are indexed into the layout govulncheck reads (-db file://),
# so the check asks no server and gives the same answer for the same pins.
# govulncheck and the index are built once per pinned version and cached.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3}

mod() { sed -n "s/^[[:space:]]*$1 \(v[^ ]*\).*/\1/p" tools/vulncheck/go.mod | head -1; }
VULN_VERSION=$(mod 'golang.org\/x\/vuln')
VULNDB_VERSION=$(mod 'golang.org\/x\/vulndb')
TOOLS_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/pluttra-tools
GOVULNCHECK=$TOOLS_CACHE/govulncheck-$VULN_VERSION
DB=$TOOLS_CACHE/vulndb-$VULNDB_VERSION
mkdir -p "$TOOLS_CACHE"

if [ ! -x "$GOVULNCHECK" ]; then
	(cd tools/vulncheck && go build -o "$GOVULNCHECK.tmp" golang.org/x/vuln/cmd/govulncheck)
	mv "$GOVULNCHECK.tmp" "$GOVULNCHECK"
fi
if [ ! -f "$DB/index/db.json" ]; then
	rm -rf "$DB.tmp"
	osv=$(cd tools/vulncheck && go mod download -json golang.org/x/vulndb | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')/data/osv
	[ -d "$osv" ] || { echo "vulncheck: no OSV files at $osv" >&2; exit 1; }
	(cd tools/vulncheck && go run golang.org/x/vulndb/cmd/indexdb -vulns "$osv" -out "$DB.tmp")
	rm -rf "$DB" && mv "$DB.tmp" "$DB"
fi

"$GOVULNCHECK" -db "file://$DB" ./...
