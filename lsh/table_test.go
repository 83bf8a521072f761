package lsh

import (
	"testing"
)

// FuzzMatches checks anyMatch4 against matches, its reference, and
// matches against its definition: a fingerprint agrees with the probe
// bits on the bits above its lowest set bit.
func FuzzMatches(f *testing.F) {
	f.Add(uint16(1), uint16(0x8000), uint16(0x1234|1), uint16(0xff00), uint16(0x1234))
	f.Add(uint16(0x8000), uint16(0x8000), uint16(0x8000), uint16(0x8000), uint16(0xffff))
	f.Fuzz(func(t *testing.T, a, b, c, d, p uint16) {
		fps := [4]uint16{a | 1<<(a%16), b | 1<<(b%16), c | 1<<(c%16), d | 1<<(d%16)} // not zero
		want := false
		for _, fp := range fps {
			known := knownBits(fp)
			ref := known == 0 || fp>>(16-known) == p>>(16-known)
			if got := matches(fp, p); got != ref {
				t.Fatalf("matches(%#04x, %#04x) = %v, want %v", fp, p, got, ref)
			}
			want = want || ref
		}
		w := uint64(fps[0]) | uint64(fps[1])<<16 | uint64(fps[2])<<32 | uint64(fps[3])<<48
		if got := anyMatch4(w, p); got != want {
			t.Fatalf("anyMatch4(%#016x, %#04x) = %v, want %v", w, p, got, want)
		}
	})
}

// TestQueryAllocs checks that Query and Candidates allocate nothing once
// dst has room.
func TestQueryAllocs(t *testing.T) {
	for _, noSigs := range []bool{false, true} {
		x, _ := New(benchK, Options{NoSignatures: noSigs})
		sig := make([]uint32, benchK)
		for i := range uint64(3000) {
			synthSig(sig, i, 0)
			x.Add(uint32(i), sig)
		}
		synthSig(sig, 1999, 1)
		exact := func(uint32) float64 { return 1 }
		dst, ids := make([]Match, 0, 64), make([]uint32, 0, 64)
		x.Query(dst, sig, 0, exact) // fills the scratch pool
		if n := testing.AllocsPerRun(100, func() {
			dst = x.Query(dst[:0], sig, 0, exact)
			ids = x.Candidates(ids[:0], sig)
		}); n != 0 {
			t.Errorf("noSigs=%v: %v allocations per Query and Candidates, want 0", noSigs, n)
		}
	}
}
