//go:build unix

package minhash

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system) used by the process so far.
// On a machine shared with other jobs, wall-clock ns/op grows with the load
// while CPU-time ns/op stays close to the cost on an idle core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
