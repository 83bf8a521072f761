//go:build !linux

package bench

import "time"

var clockStart = time.Now()

// threadCPU falls back to wall-clock time where the thread CPU clock is not
// wired up.
func threadCPU() time.Duration { return time.Since(clockStart) }
