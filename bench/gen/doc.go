// Package gen generates deterministic English-like synthetic text for
// benchmarks and tests: documents, near-duplicate copies with controlled
// edits, pairs of known exact Jaccard similarity, multi-site web pages with
// boilerplate, and JSON Lines corpora ("dedupe gen" writes them). The same
// seed gives the same bytes on every platform and Go release; the golden
// file testdata/gen.golden pins them.
package gen
