/*
Dedupe-beam runs the clean job of dedupe (repeated paragraphs, site
boilerplate, near-duplicate documents) as an Apache Beam pipeline: locally on
Prism, or on Dataflow, Flink or Spark.

Usage:

	dedupe-beam [flags] INPUT... -o OUT

Flags may come before, between or after the inputs; every argument after --
is an input (-- -a.jsonl).

INPUT is a JSON Lines file (plain, gzip or zstd, detected from the content),
a folder (its files in sorted order, names starting with "." skipped, as
dedupe clean reads one) or, if no file has that name, a glob pattern (a
file named data[1].jsonl is read as itself; as in a shell, a wildcard does
not match a leading ".": data/* is not data/.x.jsonl); the files are numbered in the
order given (each pattern's matches and each folder's files sorted), and a record's position (file, line) decides which of two
near-duplicates is kept, as in dedupe clean. The kept records are written to
OUT-SSSSS-of-NNNNN.jsonl and the removal log to
OUT.removed-SSSSS-of-NNNNN.jsonl, each shard written whole under a temporary
name and then renamed. The outputs are checked before the job runs: OUT must
end in a file name (not dir/), no shard may be an input (by any name), no
input may be named as a shard of OUT (an earlier run's, matched by a pattern:
choose another OUT), and a shard's path may not be a folder or lie under a file.
Two differences from dedupe clean: a folder with no file to read is an error
(clean reads it as empty), and OUT's folder is created if missing (clean
refuses a missing one).
If the job fails after it renamed a shard, every shard of OUT is removed (an
earlier run's too, whose set is no longer whole): no incomplete set is left.

The job is dedupe clean's, computed by the same engine (the dedupe package:
PageAnalyzer, Cleaner, LogRecord): with the same options and inputs, the kept
records are byte for byte those of dedupe clean and the log holds the same
lines, in another order (see beam/README.md). The counters printed at the end
count the documents in and kept and every removal reason.

Cleaning flags (as dedupe clean):

	-threshold J     Jaccard similarity of near-duplicates (default 0.8)
	-normalize MODE  text normalisation: fold or whitespace (default fold)
	-no-boiler       keep site boilerplate
	-no-repeats      keep paragraphs repeated inside a document
	-no-dedup        keep near-duplicate documents
	-num-perm N      MinHash signature length (default 128)
	-k K             shingle size in words (default 5)
	-recall P        probability that a pair at the threshold is a candidate (default 0.999)
	-repeat-threshold J, -min-words N
	                 repeated paragraphs (defaults 0.8 and 10)
	-skip-bad        log malformed (and too large) records instead of stopping
	-max-bytes BYTES largest record read, with a suffix k, M or G (default 64M;
	                 0: no limit)
	-id-field, -text-field, -url-field, -site-field NAME
	                 member names (defaults id, text, url, site)
	-o OUT           output prefix (required)

Pipeline flags:

	-shards N                output shards of the records and of the log (default 4, at most 99999)
	-max-candidates N        compare a document with its N earliest candidates (default 100, as dedupe clean)
	-learn-max-candidates N  compare a page with its N earliest candidates when keeping copies
	                         out of learning (default 0: all, as dedupe clean; 1000 for huge corpora)
	-max-bucket N            LSH buckets larger than N are paired through a second shuffle (default 1000)
	-cc-rounds N             large-star/small-star rounds (default 24, at most 1000)
	-max-component-edges N   edges of one near-duplicate component a worker may hold (default 16777216)
	-v                       log the runner's progress (Prism's job states)
	-stages                  print the processing time of each stage (the runner's msecs metrics)

Runners (Beam's own flags, which this command shares):

	-runner prism      the default: Prism, the Go SDK's portable runner,
	                   embedded in this process, with its workers in this
	                   process too (loopback); no Docker, no Java
	-runner direct     Beam's older in-process runner, kept by the SDK for
	                   compatibility; Prism replaces it and only Prism is tested
	-runner dataflow   Google Cloud Dataflow:
	                   -project P -region R -staging_location gs://B/staging
	                   -temp_location gs://B/tmp [-num_workers N -max_num_workers N
	                   -worker_machine_type T -job_name NAME -async]
	-runner flink      a Flink cluster through its Beam job server:
	                   -endpoint HOST:8099 -environment_type DOCKER|EXTERNAL|LOOPBACK
	                   [-environment_config ... -parallelism N]
	-runner spark      a Spark cluster through its Beam job server (as flink)

On Dataflow and Flink the inputs must be readable by the workers: for now only
local paths are read (a shared file system); OUT may be a gs:// prefix.
*/
package main
