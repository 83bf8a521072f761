// Package lsh finds near-duplicate documents among many without comparing
// every pair: a banded locality-sensitive hashing (LSH) index over MinHash
// signatures, with candidates verified before they are reported.
//
// # How it works
//
// A document is a set of shingles (package shingle); the Jaccard similarity
// of two sets is the size of their intersection over that of their union.
// A MinHash signature of k values (package minhash) estimates it: two
// signatures agree at each position with probability equal to the
// similarity (Broder, "On the resemblance and containment of documents",
// 1997). The index cuts each signature into b bands of r rows and makes two
// documents candidates when they agree on all the rows of at least one
// band (Indyk and Motwani, "Approximate nearest neighbors: towards
// removing the curse of dimensionality", STOC 1998; Leskovec, Rajaraman and
// Ullman, Mining of Massive Datasets, section 3.4). Two documents of
// similarity s become candidates with probability
//
//	P(s) = 1 - (1 - s^r)^b      (Params.Probability)
//
// an S-curve: near 0 well below the threshold, near 1 above it. Candidates
// are then verified, and only those at or above the threshold are
// reported.
//
// # Choosing the parameters
//
// The zero Options are the default: threshold 0.8, and the cheapest
// banding that makes a pair at exactly the threshold a candidate with
// probability 0.999 (Options.Recall; ParamsForRecall), 18 bands of 5 rows
// for signatures of k = 128; pairs above the threshold are found more
// often still. (At 0.99, 16 bands of 6, the dedupe command missed 2 of the
// 145 pairs at or above 0.8 of a corpus of RFCs.) More bands cost memory (one table entry per document and
// band) and candidates (verification time), never precision, since every
// candidate is verified. Measured with BenchmarkAdd1M (1M synthetic
// documents, k = 128, threshold 0.8; heap of an index without signatures,
// Options.NoSignatures: the signatures add 512 bytes per document):
//
//	banding                                 bands×rows  P(0.8)  P(0.85)  bytes/doc
//	zero Options: ParamsForRecall(…, 0.999) 18×5        0.999   1.00     128
//	ParamsForRecall(128, 0.8, 0.95)         13×7        0.95    0.99      92
//	ParamsForWeights(128, 0.8, 0.3, 0.7)    11×11       0.63    0.87      78
//	ParamsFor(128, 0.8), datasketch's       9×13        0.40    0.69      64
//
// Set Options.Recall to trade recall at the threshold for memory, or
// Options.Params to choose the banding another way: ParamsFor minimises
// equal-weighted areas of false positives and false negatives under the
// S-curve, as datasketch's MinHashLSH does, and ParamsForWeights with
// chosen weights. A threshold of 1 (exact copies) is banded as 0.99.
//
// # Streaming de-duplication
//
// To keep the first of each group of near-duplicates in one pass, Query
// each document, then Add it only if nothing matched:
//
//	if ms := x.Query(nil, sig, 0, exact); len(ms) == 0 {
//		x.Add(id, sig)
//	}
//
// Query takes a threshold (0 means the index's) and returns the verified
// matches in id order. For all the pairs of a collection at once, Add
// every document and call Pairs, then Clusters for the connected
// components (single link, the lowest id first: the one to keep).
//
// # Verification
//
// Query and Pairs verify candidates with a callback giving the exact
// similarity of two documents (for example shingle.Jaccard of their
// shingle sets), or, when it is nil, with the signature estimate
// (minhash.Similarity). The estimate needs nothing but the index; it has a
// standard deviation of sqrt(s(1-s)/k), 0.035 at s = 0.8 and k = 128, so
// that pairs near the threshold fall on either side of it. Exact
// verification reports exactly the candidate pairs at or above the
// threshold.
//
// # Distributed use
//
// Params.AppendBandKeys gives one 64-bit key per band: a pipeline that
// cannot hold an Index groups documents by key to find the candidates,
// then verifies them and clusters the pairs (Clusters, or package
// unionfind).
//
// # Persistence
//
// Index.WriteTo and Index.ReadFrom save and load an index (signatures,
// threshold, banding) in a versioned, checksummed format, documented in
// encode.go; a loaded index answers every query as the saved one did.
//
// # Memory and concurrency
//
// An Index stores each signature (4·k bytes) at a position given by the
// document id, so ids should be dense: 0, 1, 2, .... Its band tables
// hold one 6-byte record per document and band (a document id and a
// 16-bit fingerprint of the band's hash, as in a quotient filter), so
// that the tables of the default 18 bands take about 130 bytes per
// document at 1M documents, signatures excluded (128 after the adds, up
// to 142 once queried: the first lookup fills the buffers' hash slots).
//
// With Options.NoSignatures the index keeps no signatures: those 130
// bytes per document are all, so that 100M documents fit in some 14 GB.
// Query and Pairs must then be given the exact similarity (computed by
// the caller from its shingle sets, or from signatures kept on disk).
// Without the signatures to compare band values, a candidate is a
// document whose record matches the query's band hash on the bits the
// record keeps (15 bits after the cell, fewer for records merged long
// ago), so that a query may return, rarely, a document that agrees with
// it on no band: 0.02 per query at 1M documents of 18 bands
// (BenchmarkCandidates1M, false-cands/query); verification removes them.
// The candidates that do share a band are never missed.
//
// An Index is safe for
// concurrent use: Candidates, Query, Pairs and WriteTo share a read lock,
// Add and Remove take the write lock.
package lsh
