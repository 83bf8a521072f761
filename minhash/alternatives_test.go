package minhash

import (
	"fmt"
	"math"
	"testing"
)

// The candidates that lost to the Fast Similarity Sketching rounds, kept so
// that the choice documented in the package doc can be re-measured:
//
//	go test -run XXX -bench Alternatives ./minhash/

// densified is one-permutation hashing with the optimal densification of
// Shrivastava (ICML 2017): an empty bin i copies the first non-empty bin of
// its own pseudo-random probe sequence h(i, 1), h(i, 2), ...
func densified(h *Hasher, dst Signature, xs []uint64) Signature {
	k := uint64(h.k)
	n0 := len(dst)
	for range k {
		dst = append(dst, EmptyValue)
	}
	s := dst[n0:]
	for _, x := range xs {
		z := mix(x ^ h.key)
		if r, bin := rank32(z), (z>>32)*k>>32; r < s[bin] {
			s[bin] = r
		}
	}
	var empty [1024 / 64]uint64
	n := 0
	for i, v := range s {
		if v == EmptyValue {
			empty[i>>6] |= 1 << (i & 63)
			n++
		}
	}
	if n == 0 || n == len(s) {
		return dst
	}
	for i := range s {
		if empty[i>>6]&(1<<(i&63)) == 0 {
			continue
		}
		for attempt := uint64(1); ; attempt++ {
			c := (mix(h.key^uint64(i)<<32^attempt) >> 32) * k >> 32
			if empty[c>>6]&(1<<(c&63)) == 0 {
				s[i] = s[c]
				break
			}
		}
	}
	return dst
}

// superMinHash is SuperMinHash (Ertl 2017): each element draws its bins as
// a random permutation, visiting bin j with value j + r, and stops once j
// exceeds every bin's current value.
func superMinHash(h *Hasher, dst Signature, xs []uint64) Signature {
	m := h.k
	var val [256]uint64 // j<<32 | r
	var perm [256]uint16
	var owner [256]int32
	var count [256]int32 // bins whose value's integer part is j
	for i := 0; i < m; i++ {
		val[i] = math.MaxUint64
		owner[i] = -1
	}
	count[m-1] = int32(m)
	top := m - 1
	for i, x := range xs {
		st := mix(x ^ h.key)
		for j := 0; j <= top; j++ {
			st += golden
			z := mix(st)
			l := j + int((z>>32)*uint64(m-j)>>32)
			if owner[j] != int32(i) {
				owner[j], perm[j] = int32(i), uint16(j)
			}
			if owner[l] != int32(i) {
				owner[l], perm[l] = int32(i), uint16(l)
			}
			perm[j], perm[l] = perm[l], perm[j]
			p := perm[j]
			if v := uint64(j)<<32 | uint64(uint32(z)); v < val[p] {
				old := min(int(val[p]>>32), m-1)
				val[p] = v
				if j < old {
					count[old]--
					count[j]++
					for count[top] == 0 {
						top--
					}
				}
			}
		}
	}
	for i := 0; i < m; i++ {
		if len(xs) == 0 {
			dst = append(dst, EmptyValue)
		} else {
			dst = append(dst, rank32(mix(val[i])>>32))
		}
	}
	return dst
}

// BenchmarkAlternatives reports, at K = 128 and J = 0.8, the time per
// signature and the RMSE of Similarity over 500 seeded trials divided by the
// exact classic value sqrt(J(1-J)/K), for each candidate family.
func BenchmarkAlternatives(b *testing.B) {
	const k, target, trials = 128, 0.8, 500
	algos := []struct {
		name string
		fam  Family
		sig  func(*Hasher, Signature, []uint64) Signature
	}{
		{"fastsimilarity", OnePermutation, (*Hasher).Append},
		{"densified", OnePermutation, densified},
		{"superminhash", OnePermutation, superMinHash},
		{"classic", Classic, (*Hasher).Append},
	}
	for _, n := range []int{10, 50, 300, 3000} {
		for _, alg := range algos {
			b.Run(fmt.Sprintf("%s/n=%d", alg.name, n), func(b *testing.B) {
				r := pcg(uint64(n), 99)
				var errs errorStats
				var ideal float64
				var sa, sb Signature
				for range trials {
					x, y, j := pair(r, n, target)
					h := New(Options{K: k, Seed: r.Uint64(), Family: alg.fam})
					sa, sb = alg.sig(h, sa[:0], x), alg.sig(h, sb[:0], y)
					errs.add(Similarity(sa, sb) - j)
					ideal = math.Sqrt(j * (1 - j) / k)
				}
				h := New(Options{K: k, Family: alg.fam})
				xs := randomSet(r, n)
				b.ReportAllocs()
				b.ResetTimer()
				c0 := cpuTime()
				for range b.N {
					sa = alg.sig(h, sa[:0], xs)
				}
				if d := cpuTime() - c0; d > 0 {
					b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
				}
				b.ReportMetric(errs.rmse()/ideal, "rmse/ideal")
			})
		}
	}
}
