#!/usr/bin/env bash
# compare.sh: run dedupe clean and dedupe-beam (Prism) with the same options
# on each shared development corpus and diff their outputs: the kept records
# (sorted: byte-identical lines) and the removal logs (sorted lines).
#
#	beam/scripts/compare.sh [-- FLAGS...]   from the repository root or beam/
#
# FLAGS (cleaning flags, e.g. -threshold 0.5 -no-boiler) go to both commands.
# DATA (default ../shared/data relative to the repository) holds the corpora;
# WORK (default a temporary directory) receives the outputs. Prints one line
# per corpus with the counts and wall times, and exits 1 if any differ.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${DATA:-$root/../shared/data}
[ -d "$data" ] || data=/work/shared/data
flags=()
if [ "${1:-}" = "--" ]; then shift; flags=("$@"); fi
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
export LC_ALL=C

echo "building dedupe and dedupe-beam in $work"
(cd "$root" && go build -o "$work/dedupe" ./cmd/dedupe)
(cd "$root/beam" && go build -o "$work/dedupe-beam" ./cmd/dedupe-beam)

status=0
for corpus in neardup/reuters/corpus.jsonl.gz neardup/rfc/corpus.jsonl.gz \
	neardup/licenses/corpus.jsonl.gz boiler/dev.jsonl.gz; do
	in=$data/$corpus
	name=$(echo "$corpus" | sed 's/[.]jsonl[.]gz$//; s|/corpus$||; s|/|-|g')
	d=$work/$name
	mkdir -p "$d"
	t0=$(date +%s.%N)
	"$work/dedupe" clean -q -j 2 "${flags[@]}" "$in" -o "$d/clean.jsonl" -log "$d/clean.log.jsonl"
	t1=$(date +%s.%N)
	"$work/dedupe-beam" "${flags[@]}" "$in" -o "$d/beam" 2>"$d/beam.summary"
	t2=$(date +%s.%N)
	sort "$d/clean.jsonl" >"$d/clean.sorted"
	cat "$d"/beam-*-of-*.jsonl | sort >"$d/beam.sorted"
	sort "$d/clean.log.jsonl" >"$d/clean.log.sorted"
	cat "$d"/beam.removed-*-of-*.jsonl | sort >"$d/beam.log.sorted"
	verdict=identical
	if ! cmp -s "$d/clean.sorted" "$d/beam.sorted"; then
		verdict="RECORDS DIFFER ($(diff "$d/clean.sorted" "$d/beam.sorted" | grep -c '^[<>]') lines)"
		status=1
	fi
	if ! cmp -s "$d/clean.log.sorted" "$d/beam.log.sorted"; then
		verdict="$verdict; LOG DIFFERS ($(diff "$d/clean.log.sorted" "$d/beam.log.sorted" | grep -c '^[<>]') lines)"
		status=1
	fi
	docs=$(zcat -f "$in" | grep -c .)
	printf '%-18s %6d docs  kept %6d  log %6d lines (%d documents removed)  dedupe clean %5.1f s  beam/Prism %6.1f s  %s\n' \
		"$name" "$docs" "$(wc -l <"$d/clean.sorted")" "$(wc -l <"$d/clean.log.sorted")" \
		"$(grep -c '"what":"document"' "$d/clean.log.sorted" || true)" \
		"$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$verdict"
done
exit $status
