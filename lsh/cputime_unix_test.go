//go:build unix

package lsh

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system) used by the process so far.
// On a machine shared with other work, wall-clock rates drop with the load
// while CPU-time rates stay close to the per-core speed.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
