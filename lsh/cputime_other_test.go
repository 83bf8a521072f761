//go:build !unix

package lsh

import "time"

// cpuTime is not measured on this system; CPU-time rates are then not
// reported.
func cpuTime() time.Duration { return 0 }
