//go:build linux && (amd64 || arm64)

package hugepages

import (
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

// probe is a heap object whose address places the heap.
var probe *[64]byte

// start advises the heap's range now, then after every interval. madvise
// applies the advice to each mapping in the range and reports ENOMEM for
// the unmapped parts, which is expected and ignored.
func start(every time.Duration) {
	probe = new([64]byte)
	lo := uintptr(unsafe.Pointer(probe)) &^ (arenaAlign - 1)
	advise(lo)
	go func() {
		for range time.Tick(every) {
			advise(lo)
		}
	}()
}

func advise(lo uintptr) {
	syscall.Syscall(syscall.SYS_MADVISE, lo, heapSpan, madvHugepage)
}
