//go:build linux && (amd64 || arm64)

package hugepages

import (
	"bytes"
	"os"
	"syscall"
	"time"
	"unsafe"
)

const (
	madvHugepage = 14 // MADV_HUGEPAGE

	// arenaAlign is the size and alignment of the runtime's heap arenas
	// on 64-bit Linux.
	arenaAlign = 64 << 20

	// heapSpan is the length of the range advised: the heap grows upwards
	// from its first arena, and the runtime's next address hint lies at
	// least this far above it.
	heapSpan = 1 << 38
)

// probe is a heap object whose address places the heap's first arena.
// It is allocated in init, while the heap is small: an object allocated
// later may lie in a higher arena than objects made before it (a span
// for its size class found above a large object), and advising from
// there would leave the arenas below without advice. Even in init the
// heap may have crossed into its second arena (Go randomises the heap's
// base, which can start it in the last few MB of an arena), so the range
// advised starts one arena below the probe's (see heapStart).
var probe *[64]byte

func init() { probe = new([64]byte) }

// modeFile holds the kernel's setting: "always [madvise] never", the
// one in force in brackets.
const modeFile = "/sys/kernel/mm/transparent_hugepage/enabled"

// start advises the heap's range now, then after every interval, if the
// kernel gives huge pages on advice (with "always" the advice changes
// nothing, with "never" too). madvise applies the advice to each mapping
// in the range and reports ENOMEM for the unmapped parts, which is
// expected; any other error (EINVAL: a kernel without huge pages) stops
// it.
func start(every time.Duration) {
	if mode, err := os.ReadFile(modeFile); err != nil || !bytes.Contains(mode, []byte("[madvise]")) {
		return
	}
	lo := heapStart(uintptr(unsafe.Pointer(probe)))
	if err := advise(lo); err != 0 && err != syscall.ENOMEM {
		return
	}
	go func() {
		for range time.Tick(every) {
			advise(lo)
		}
	}()
}

// heapStart returns the start of the range to advise for a heap object
// at p: the arena below p's, or p's if it is the first.
func heapStart(p uintptr) uintptr {
	lo := p &^ (arenaAlign - 1)
	if lo >= arenaAlign {
		lo -= arenaAlign
	}
	return lo
}

func advise(lo uintptr) syscall.Errno {
	_, _, err := syscall.Syscall(syscall.SYS_MADVISE, lo, heapSpan, madvHugepage)
	return err
}
