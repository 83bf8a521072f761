// Package bench holds the benchmarks that cross packages: the hot paths of
// shingle and minhash against the naive k-permutation baseline
// (bench/naive) in the same run, and the boiler learner and classifier,
// all on the text of the synthetic generator (bench/gen). The evaluation
// harness that scores the engine against ground truth is bench/eval.
//
// Comparisons with other Go MinHash libraries live in the nested module
// bench/peers, so that users of this module do not inherit them.
package bench
