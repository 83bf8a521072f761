// Package bench measures the dedupe packages: a deterministic synthetic corpus
// generator (Generator), benchmarks of the hot paths against a naive
// k-permutation MinHash baseline in the same run, and the evaluation harness
// that scores the detectors against the ground truth in ../shared/data
// (EvalNearDup, EvalRepeats, EvalBoiler).
//
// Comparisons with other Go MinHash libraries live in the nested module
// bench/peers, so that users of this module do not inherit them.
package bench
