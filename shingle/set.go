package shingle

import "slices"

// Set sorts h and removes duplicates in place, and returns the set, h[:n].
// It does not allocate once warm, and is safe for concurrent use on
// different slices.
//
// From minRadix values on it sorts with radixSet, which relies on the
// values being uniform (as shingle hashes are) for its speed but not for
// its result.
func Set(h []uint64) []uint64 {
	if len(h) < 2 {
		return h
	}
	if len(h) >= minRadix && uint64(len(h)) < 1<<32 {
		return radixSet(h)
	}
	slices.Sort(h)
	return compact(h, h)
}

// Jaccard returns |a ∩ b| / |a ∪ b| of two sorted, deduplicated sets (as
// returned by Set), and 0 when both are empty.
func Jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	n := Intersect(a, b)
	return float64(n) / float64(len(a)+len(b)-n)
}

// Intersect returns |a ∩ b| of two sorted, deduplicated sets.
func Intersect(a, b []uint64) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	// A much smaller set is looked up by galloping through the larger one.
	if len(b) > 32*len(a) {
		return intersectGallop(a, b)
	}
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		x, y := a[i], b[j]
		switch {
		case x < y:
			i++
		case x > y:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// intersectGallop counts the elements of a found in b: for each element
// of a, an exponential then a binary search of b from the last position.
func intersectGallop(a, b []uint64) int {
	n := 0
	for _, x := range a {
		k := 0 // index of the first element of b >= x
		if b[0] < x {
			lo, step := 0, 1 // b[lo] < x
			for lo+step < len(b) && b[lo+step] < x {
				lo += step
				step *= 2
			}
			hi := min(lo+step+1, len(b))
			j, _ := slices.BinarySearch(b[lo+1:hi], x)
			k = lo + 1 + j
		}
		if k == len(b) {
			break
		}
		if b[k] == x {
			n++
		}
		b = b[k:]
	}
	return n
}
