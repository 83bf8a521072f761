// Package dedupe cleans text corpora: it removes paragraphs repeated inside
// a document, strips boilerplate learned per site, and drops near-duplicate
// documents, keeping the first of each group. It is the whole job of the
// dedupe command as a library: the command, the evaluation in package
// bench and a distributed pipeline all call it.
//
//   - Clean runs the job over a corpus (a records.Source) and writes the kept
//     records (to a records.Sink) and a removal log of LogRecords, so that
//     every input document is accounted for. Learn runs its first pass
//     alone: the boilerplate model of the corpus' sites.
//   - Cleaner is the per-document step (repeats, boilerplate with a learned
//     model, the signature of what is left), for any executor.
//   - Find reports verified near-duplicate pairs and their clusters,
//     Repeats the repeated paragraphs of each document.
//   - Index is a persistent near-duplicate index keyed by the caller's
//     string ids, for checking new documents against an old corpus.
//   - LoadModel, LoadIndex and OpenLog read back the command's files: a
//     model written by dedupe learn, an index written by dedupe index, a
//     removal log (JSON Lines, or Parquet as JSON lines).
//
// The zero Options are the command's defaults: word 5-shingles with fold
// normalisation (shingle), one-permutation MinHash signatures of 128
// values (minhash), LSH bands that make a pair at Jaccard 0.8 a candidate
// with probability 0.999 (lsh), every candidate verified by the exact
// Jaccard similarity of the shingle sets, repeated paragraphs at 0.8
// (repeats.Finder), and boilerplate learned from the corpus (boiler).
//
// # How Clean works
//
// Pass 1 learns the boilerplate model from the corpus, skipping pages that
// are near-duplicates of earlier pages (copies of one article would make it
// look like site furniture), and notes the documents whose site and text
// an earlier document has. Pass 2 runs the per-document step on every
// core (except on those copies, which take the outcome of the first
// document with their site and text) and, in input order, collects the
// candidate pairs of the LSH index and writes each record as if it
// stayed; pass 3 reads back the documents that are in candidate pairs,
// verifies the pairs exactly holding each shingle set only while a later
// partner is ahead, and removes a document when it is at least the
// threshold similar to an earlier kept document
// (Broder, "On the resemblance and containment of documents", 1997; the
// streaming keep-first rule of CCNet, Wenzek et al. 2020, and of
// text-dedup). The output does not depend on the number of workers.
//
// Memory is a matter for the program, not the package: the dedupe command
// sets a soft heap limit of 1400 MiB (debug.SetMemoryLimit) and runs the
// collector at GOGC=50 (debug.SetGCPercent), which held the peak RSS of
// its 1 GB documentation corpus near 1.4 GB and spared it a quarter of its
// page faults; a program that cleans large corpora may want the same.
package dedupe
