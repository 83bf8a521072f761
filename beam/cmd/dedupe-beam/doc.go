/*
Dedupe-beam runs the clean job of dedupe (repeated paragraphs, site
boilerplate, near-duplicate documents) as an Apache Beam pipeline: locally on
Prism, or on Dataflow, Flink or Spark.

Usage:

	dedupe-beam [flags] INPUT... -o OUT

INPUT is a JSON Lines file (plain, gzip or zstd, detected from the content) or
a glob pattern; the files are numbered in the order given (each pattern's
matches sorted), and a record's position (file, line) decides which of two
near-duplicates is kept, as in dedupe clean. The kept records are written to
OUT-SSSSS-of-NNNNN.jsonl and the removal log to
OUT.removed-SSSSS-of-NNNNN.jsonl, each shard written whole under a temporary
name and then renamed.

Status: the pipeline's plumbing only. Records are read, passed through a
placeholder per-document step, and written; nothing is removed yet. The
cleaning flags are checked and carried to the workers, for the engine's
per-document step.

Cleaning flags (as dedupe clean):

	-threshold J     Jaccard similarity of near-duplicates (default 0.8)
	-normalize MODE  text normalisation: fold or whitespace (default fold)
	-no-boiler       keep site boilerplate
	-no-repeats      keep paragraphs repeated inside a document
	-no-dedup        keep near-duplicate documents
	-num-perm N      MinHash signature length (default 128)
	-k K             shingle size in words (default 5)
	-o OUT           output prefix (required)

Pipeline flags:

	-shards N                output shards of the records and of the log (default 4)
	-max-bucket N            LSH buckets larger than N become stars (default 100)
	-cc-rounds N             large-star/small-star rounds (default 24)
	-max-component-edges N   edges of one near-duplicate component a worker may hold (default 16777216)
	-v                       log the runner's progress (Prism's job states)

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
