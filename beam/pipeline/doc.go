// Package pipeline holds the Apache Beam transforms of the distributed clean
// job: reading JSON Lines shards keyed by a stable ordinal, candidate pairs
// from LSH band keys, connected components, the keep decision inside each
// component, and sharded JSON Lines output.
//
// Clean is the whole job of dedupe clean; every per-document computation
// is a call into the engine (package dedupe: PageAnalyzer, Cleaner,
// LogRecord), so that its output equals dedupe clean's:
//
//	LearnModel (PageAnalyzer signatures ──► Candidates ──► estimate ──► Keep;
//	            boiler.Learner per file, Model.Merge) ──► model side input
//	cleanFn (records.Files, Cleaner.Clean) ──► Dedup (copies by text hash,
//	            Candidates, JoinPairs, exact Jaccard, Keep, fates of copies)
//	logFn (LogRecord) ──► keepOrDrop ──► WriteShards
//
// Ordinals stand for documents everywhere: [Ordinal] packs an input shard
// index and a line number, so that ordinal order is input order and "the
// first document is kept" means what it means in dedupe clean.
//
// Every DoFn is registered in this package's init, as the Beam Go SDK needs
// for remote workers; a program that runs a pipeline calls beam.Init after
// flag parsing, before anything else (see cmd/dedupe-beam).
package pipeline
