package boiler

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestReasonCache checks that the cached reasons are those made directly,
// whatever was cached before (slots shared by several keys included).
func TestReasonCache(t *testing.T) {
	var rc reasonCache
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		kind, a, b := rng.IntN(3), uint32(rng.IntN(40)), uint32(rng.IntN(40))
		var want string
		switch kind {
		case reasonSite:
			want = "site " + strconv.Itoa(int(a)) + "/" + strconv.Itoa(int(b)) + " pages"
		case reasonFurniture:
			b = 0
			want = "page furniture (" + strconv.Itoa(int(a)) + " in page)"
		case reasonCross:
			b = 0
			want = "on " + strconv.Itoa(int(a)) + " other sites"
		}
		if got := rc.get(kind, a, b); got != want {
			t.Fatalf("get(%d, %d, %d) = %q, want %q", kind, a, b, got, want)
		}
	}
	if testing.AllocsPerRun(100, func() { rc.get(reasonSite, 3, 7) }) != 0 {
		t.Error("a cached reason allocates")
	}
}
