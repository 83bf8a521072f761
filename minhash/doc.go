// Package minhash computes MinHash signatures of shingle sets, whose
// fraction of equal positions estimates the Jaccard similarity of the sets
// (Broder, "On the resemblance and containment of documents", 1997).
//
// A [Hasher] turns a set of 64-bit shingle hashes (from package shingle, or
// any uint64 values: they are mixed with the seed first) into a [Signature] of K 32-bit values;
// [Similarity] compares two signatures. Two families are offered:
//
//   - [OnePermutation], the default: one-permutation hashing (Li, Owen and
//     Zhang, "One Permutation Hashing", NIPS 2012) whose empty bins are
//     filled by the further rounds of Fast Similarity Sketching (Dahlgaard,
//     Knudsen and Thorup, "Fast Similarity Sketching", FOCS 2017).
//     Expected cost O(n + K·log K) hashes for n shingles: one per shingle
//     when n is well above K·ln K (620 for K = 128), two or three per
//     shingle for n between K and that, and about K·ln K in all below K.
//   - [Classic]: K independent multiply-shift permutations, O(n·K), the
//     reference form.
//
// # Choice of the default family, measured
//
// Three O(n + K)-style candidates were measured against the classic form at
// K = 128 on pairs of random sets with exactly known Jaccard J:
// one-permutation hashing with optimal densification (Shrivastava, "Optimal
// Densification for Fast and Accurate Minwise Hashing", ICML 2017),
// SuperMinHash (Ertl, arXiv:1706.05698, 2017) and Fast Similarity Sketching.
// RMSE of Similarity divided by the classic RMSE sqrt(J(1-J)/K), J = 0.8,
// 500 seeded trials, and CPU time per signature (go test -cpu 1 -run XXX
// -bench Alternatives ./minhash/, on a shared 2-core x86-64 machine):
//
//	n shingles         10           50           300          3000
//	densified OPH      1.24  3.6µs  1.09  0.8µs  0.89  0.9µs  0.99  5.6µs
//	SuperMinHash       0.67  3.4µs  0.69  6.8µs  0.83   13µs  0.96   28µs
//	fast similarity    0.73  1.9µs  0.73  1.2µs  0.83  1.9µs  0.99  5.4µs
//	classic            1.07  1.9µs  1.01  5.7µs  0.99   31µs  0.97  300µs
//
// Densified OPH is up to 1.24 times less accurate than the classic form on
// small sets (every empty bin copies a value, so few distinct samples are
// counted many times); SuperMinHash is as accurate as the rounds of Fast
// Similarity Sketching but 5 to 7 times slower on document-sized sets. The
// rounds sample the bins of small sets nearly without replacement, hence
// about 0.7 times the classic error for sets smaller than K, and they reduce
// to plain one-permutation hashing on large sets. TestAccuracy asserts, with
// seeded trials, RMSE at most 1.1 times the classic form (as measured in the
// same test, and as the exact value sqrt(J(1-J)/K)) and a mean error within
// 4 standard errors of zero; its results (RMSE ratio to the measured classic
// RMSE, 1500 trials, 300 for classic at n = 3000):
//
//	n      J=0.5   J=0.8   J=0.95
//	10     0.75    0.71    0.70 (J = 10/11)
//	50     0.71    0.70    0.71 (J = 50/53)
//	300    0.87    0.85    0.82
//	3000   1.02    0.93    0.94 (0.99, 1.00, 1.00 to the exact value)
//
// # Speed
//
// BenchmarkAppend, K = 128, random shingle hashes, CPU time per signature
// (go test -cpu 1 -run XXX -bench Append ./minhash/): OnePermutation 2.5 µs
// for 8 shingles, 1.95 µs for 50, 1.9 µs for 130 (a short news story: about
// 700 bin computations in all three, see fillSmall), 2.1 µs for 500 (a 3 KB
// document: two rounds), 11 µs for 5000 (2.3 ns per shingle); Classic 1.3,
// 7.2, 17, 67 and 660 µs. On processors with AVX-512 (F, DQ, BW), K = 128
// takes the vector code of avx512_amd64.s (see onePermutation128): 1.33,
// 0.57, 0.51, 0.79 and 6.1 µs, where the scalar code (-tags purego) took
// 1.66, 1.21, 1.18, 1.62 and 8.2 µs in the same session. On real text,
// signatures and the shingles before them: go test -bench Real ./bench/.
// Append does not allocate when dst has room for K values
// (TestAppendAllocs).
//
// # 32-bit values
//
// Values are 32 bits: a signature of K = 128 takes 512 bytes instead of
// 1 KiB, which halves the memory of an index of many millions of documents.
// A position of two signatures holds equal values exactly when the same
// shingle (in the same round) decided it, except for a false match when two
// different winners agree on 32 bits: probability about (1 + n/K)·2^-32 per
// position for the OnePermutation family (the value is the winner's rank
// within its bin), 2^-32 for Classic (the value is a hash of the winning
// 64-bit minimum). That adds at most 1e-7 to the expected estimate for
// n < 10^5, far below the sampling error 1/(2·sqrt(K)). TestTruncation
// compares every position with the identity of its winner over 300 pairs of
// sets and finds no false match (38,400 positions per family).
//
// # Empty sets
//
// A document with no shingles gets the empty-set signature: K copies of
// [EmptyValue], a value no signature of a non-empty set holds anywhere.
// [IsEmpty] reports it; [Similarity] is 0 when either signature is empty
// (also for two empty ones: an empty document is not a duplicate of
// anything).
//
// # Encoding
//
// [Signature.AppendBinary] and [Signature.UnmarshalBinary] use a versioned,
// checksummed, little-endian format documented in encode.go; the family and
// seed are not part of it, so [Options.AppendBinary] encodes those to store
// once beside a collection of signatures. Signatures for fixed inputs and
// seeds are pinned by golden files (testdata/signatures.golden; go test
// -update rewrites them) so that values never change silently.
package minhash
