package lsh

import (
	"testing"
)

// FuzzMatches checks matches and compatible against their definitions: a
// fingerprint agrees with probe bits on the bits above its lowest set
// bit, and two fingerprints are compatible when some probe bits match
// both.
func FuzzMatches(f *testing.F) {
	f.Add(uint16(1), uint16(0x8000), uint16(0x1234))
	f.Add(uint16(0x8000), uint16(0xff00), uint16(0xffff))
	f.Fuzz(func(t *testing.T, a, b, p uint16) {
		a, b = a|1<<(a%16), b|1<<(b%16) // not zero
		ref := func(fp, p uint16) bool {
			known := knownBits(fp)
			return known == 0 || fp>>(16-known) == p>>(16-known)
		}
		if got, want := matches(a, p), ref(a, p); got != want {
			t.Fatalf("matches(%#04x, %#04x) = %v, want %v", a, p, got, want)
		}
		// Compatible fingerprints share a probe: the longer one's known
		// bits, followed by anything.
		long := a
		if knownBits(b) > knownBits(a) {
			long = b
		}
		want := ref(a, long&^(long&-long)) && ref(b, long&^(long&-long))
		if got := compatible(a, b); got != want {
			t.Fatalf("compatible(%#04x, %#04x) = %v, want %v", a, b, got, want)
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
