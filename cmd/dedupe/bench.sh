#!/bin/sh
# bench.sh measures "dedupe clean" end to end on a synthetic JSON Lines corpus
# made by the bench generator ("dedupe gen"): throughput, peak memory and the
# time of each step, with every step on and with each step alone.
#
# Usage: cmd/dedupe/bench.sh [MB] [WORKDIR]     (defaults: 200, /tmp/dedupe-bench)
#        ONLY_ALL=1 cmd/dedupe/bench.sh 1000     (only the run with every step)
#        CORPUS=/tmp/docs/docs.jsonl cmd/dedupe/bench.sh
#                                                (a corpus of your own instead: the
#                                                real 1 GB documentation corpus that
#                                                ../shared/tools/make-docs-corpus.sh
#                                                builds)
#        BASE=/path/to/old/dedupe cmd/dedupe/bench.sh
#                                                (each run also with an earlier
#                                                build, interleaved, for ratios)
#
# The corpus: pages of 50 sites with header and footer boilerplate around
# 3 KB article bodies, 10% near-duplicate copies (3% of words edited).
set -eu
MB=${1:-200}
DIR=${2:-/tmp/dedupe-bench}
cd "$(dirname "$0")/../.."
mkdir -p "$DIR"
BIN="$DIR/dedupe"
go build -o "$BIN" ./cmd/dedupe
CORPUS=${CORPUS:-"$DIR/corpus-${MB}mb.jsonl"}
if [ ! -f "$CORPUS" ]; then
	"$BIN" gen -mb "$MB" -o "$CORPUS"
fi
SIZE=$(wc -c <"$CORPUS")
echo "corpus: $CORPUS ($SIZE bytes), $(nproc) CPUs, $(go version | cut -d' ' -f3)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# once BIN NAME ARGS... runs one clean and prints its line. It syncs
# first, untimed: a run writes gigabytes (output, spool, removal log) that
# are written back to disk during the next run, which pays for it (on the
# documentation corpus, the second of two runs of one build, without sync
# between them: 34.5 -> 34.8 s and 31.3 -> 32.9 s of wall time).
once() {
	bin=$1
	label=$2 # not name: sh has no locals, and run's name must survive
	shift 2
	sync
	/usr/bin/time -f "%e %U %S %M" -o "$DIR/time.txt" "$bin" clean "$@" "$CORPUS" -o "$DIR/out.jsonl" 2>"$DIR/summary.txt"
	read -r wall user sys rss <"$DIR/time.txt"
	awk -v n="$label" -v s="$SIZE" -v w="$wall" -v u="$user" -v y="$sys" -v r="$rss" 'BEGIN {
		printf "%-28s %7.1f MB/s  wall %6.2fs  cpu %6.2fs  (%5.1f MB per cpu-second)  peak RSS %6.0f MB\n",
			n, s/1e6/w, w, u+y, s/1e6/(u+y), r/1024 }'
}

run() {
	name=$1
	shift
	if [ -n "${BASE:-}" ]; then
		once "$BASE" "$name (BASE)" "$@"
	fi
	once "$BIN" "$name" "$@"
}

run "all steps"
cat "$DIR/summary.txt"
if [ "${ONLY_ALL:-0}" = 1 ]; then
	exit 0
fi
run "all, -verify estimate" -verify estimate
run "read+write only" -no-repeats -no-boiler -no-dedup
run "repeats only" -no-boiler -no-dedup
run "boilerplate only" -no-repeats -no-dedup
run "near-dups only" -no-repeats -no-boiler
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
