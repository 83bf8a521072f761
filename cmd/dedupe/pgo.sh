#!/bin/sh
# pgo.sh writes cmd/dedupe/default.pgo, the CPU profile that "go build"
# and "go run" use for profile-guided optimisation of the command
# (https://go.dev/doc/pgo): the profiles of "dedupe clean" with the
# defaults on a generated 1 GB corpus and, when it is given, on the real
# 1 GB documentation corpus, merged. Run it again after large changes to
# the hot paths; a stale profile costs speed, never correctness.
#
# Usage: cmd/dedupe/pgo.sh [WORKDIR]     (default /tmp/dedupe-pgo)
#        DOCS=/tmp/docs/docs.jsonl cmd/dedupe/pgo.sh
#                                        (../shared/tools/make-docs-corpus.sh
#                                        builds that corpus)
set -eu
DIR=${1:-/tmp/dedupe-pgo}
cd "$(dirname "$0")/../.."
mkdir -p "$DIR"
BIN="$DIR/dedupe"
go build -pgo=off -o "$BIN" ./cmd/dedupe # profile the code, not a profile's effect
GEN="$DIR/gen-1000mb.jsonl"
if [ ! -f "$GEN" ]; then
	"$BIN" gen -mb 1000 -o "$GEN"
fi
profiles="$DIR/gen.pprof"
"$BIN" clean -q -cpuprofile "$DIR/gen.pprof" "$GEN" -o "$DIR/out.jsonl"
if [ -n "${DOCS:-}" ]; then
	"$BIN" clean -q -cpuprofile "$DIR/docs.pprof" "$DOCS" -o "$DIR/out.jsonl"
	profiles="$profiles $DIR/docs.pprof"
fi
rm -f "$DIR/out.jsonl" "$DIR/out.jsonl.removed.jsonl"
# shellcheck disable=SC2086 # profiles is a list of paths
go tool pprof -proto $profiles >cmd/dedupe/default.pgo
echo "wrote cmd/dedupe/default.pgo from $profiles"
