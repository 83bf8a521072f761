// Package pipeline holds the Apache Beam transforms of the distributed clean
// job: reading JSON Lines shards keyed by a stable ordinal, candidate pairs
// from LSH band keys, connected components, the keep decision inside each
// component, and sharded JSON Lines output.
//
// The transforms take and return plain Beam collections of int64 document
// ordinals, so that the per-document work (cleaning, signing, verifying),
// which belongs to the engine package, plugs in between them:
//
//	Read ──► per-document step (engine) ──► Candidates ──► verify (engine)
//	     ──► Keep (ConnectedComponents inside) ──► split kept / removed ──► WriteShards
//
// Ordinals stand for documents everywhere: [Ordinal] packs an input shard
// index and a line number, so that ordinal order is input order and "the
// first document is kept" means what it means in dedupe clean.
//
// Every DoFn is registered in this package's init, as the Beam Go SDK needs
// for remote workers; a program that runs a pipeline calls beam.Init after
// flag parsing, before anything else (see cmd/dedupe-beam).
package pipeline
