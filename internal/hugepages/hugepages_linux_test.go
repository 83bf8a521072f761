//go:build linux && (amd64 || arm64)

package hugepages

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// TestStart: a heap mapping made before Start has no huge-page advice
// (the runtime gives none; with -count above 1, an earlier run's Start
// gave it), the probe was allocated before it and the advised range
// starts at or below it, and it has the advice once Start ran, as has a
// mapping made after Start.
func TestStart(t *testing.T) {
	if mode, err := os.ReadFile(modeFile); err != nil || !strings.Contains(string(mode), "[madvise]") {
		t.Skipf("the kernel does not give huge pages on advice (%s: %q, %v)", modeFile, mode, err)
	}
	if disabled(os.Getenv("GODEBUG")) {
		t.Skip("GODEBUG=disablethp=1")
	}
	before := make([]byte, 64<<20)
	adv, err := advised(&before[0])
	if err != nil {
		t.Skip(err)
	}
	if adv && !startRan {
		t.Fatal("heap mapping advised before Start")
	}
	if probe == nil {
		t.Fatal("probe not allocated before Start")
	}
	if lo := heapStart(uintptr(unsafe.Pointer(probe))); lo > uintptr(unsafe.Pointer(&before[0])) {
		t.Fatalf("advice starts at %#x, above the earlier object at %p", lo, &before[0])
	}
	Start()
	startRan = true // -count=2: the second run finds the heap advised
	after := make([]byte, 64<<20)
	for _, p := range []*byte{&before[0], &after[0]} {
		waitAdvised(t, p)
	}
}

// startRan records that TestStart called Start in this process.
var startRan bool

// waitAdvised fails t unless the mapping holding p is advised within a
// second (Start advises every millisecond).
func waitAdvised(t *testing.T, p *byte) {
	t.Helper()
	for deadline := time.Now().Add(time.Second); ; time.Sleep(time.Millisecond) {
		adv, err := advised(p)
		if err != nil {
			t.Fatal(err)
		}
		if adv {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("mapping of %p not advised for huge pages", p)
		}
	}
}

// advised reports whether the mapping that holds p carries the huge-page
// advice: "hg" in its VmFlags in /proc/self/smaps.
func advised(p *byte) (bool, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return false, err
	}
	defer f.Close()
	addr := uintptr(unsafe.Pointer(p))
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.Contains(line+" ", " hg "), nil
		}
	}
	if err := sc.Err(); err != nil {
		return false, err
	}
	return false, fmt.Errorf("no VmFlags for %#x in /proc/self/smaps", addr)
}

func TestHeapStart(t *testing.T) {
	for _, c := range []struct{ p, want uintptr }{
		{0, 0},
		{arenaAlign - 1, 0},
		{arenaAlign, 0},
		{arenaAlign + 5, 0},
		{5*arenaAlign + 123, 4 * arenaAlign},
	} {
		if got := heapStart(c.p); got != c.want {
			t.Errorf("heapStart(%#x) = %#x, want %#x", c.p, got, c.want)
		}
	}
}
