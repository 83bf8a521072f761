// Package hugepages asks Linux to back the Go heap with transparent huge
// pages.
//
// Where the kernel's transparent_hugepage setting is "madvise" (the
// default of many distributions, and of the 2-core machine of the
// README), anonymous memory gets 2 MB pages only in ranges a program has
// advised with madvise(MADV_HUGEPAGE), and the Go runtime advises none of
// its heap (it stopped doing so in Go 1.21.1). A run of dedupe clean then
// faults its heap in 4 KB at a time: 0.55-0.66 million minor faults on the
// README's 1 GB documentation corpus, at about 9 us each on that VM, and
// its TLB misses on the counts tables show in user time too. With the
// kernel set to "always", the same run took 29.4-30.6 s of wall time,
// 40-42 s of user and 13.2-13.3 s of system time with 0.61-0.66 million
// faults, against 20.4-21.4, 32.5-33.7 and 6.0-6.6 s with 26-29
// thousand.
//
// The runtime maps its heap as it grows, each time as a new mapping
// without the advice, so Start advises the heap's address range again
// every millisecond (one madvise call: 1.6 us on that machine). The
// advice applies to mappings, not memory: a page already faulted in stays
// as it is, and pages the runtime hands back to the system come back as
// huge pages when their 2 MB range is empty.
//
// Where the setting is "always" or "never" the advice would change
// nothing, and Start does nothing; GODEBUG=disablethp=1, the runtime's
// own switch for the opposite, turns it off too.
package hugepages

import (
	"os"
	"strings"
	"sync"
	"time"
)

// every is how often the heap's range is advised again.
const every = time.Millisecond

var once sync.Once

// Start advises the Go heap for huge pages from now until the process
// exits, where the kernel gives them on advice; elsewhere, and with
// GODEBUG=disablethp=1, it does nothing. Calls after the first do nothing.
func Start() {
	once.Do(func() {
		if disabled(os.Getenv("GODEBUG")) {
			return
		}
		start(every)
	})
}

// disabled reports whether a GODEBUG value turns huge pages off.
func disabled(godebug string) bool {
	on := false
	for _, kv := range strings.Split(godebug, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == "disablethp" {
			on = v == "1" // the last setting wins, as in the runtime
		}
	}
	return on
}
