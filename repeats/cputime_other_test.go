//go:build !unix

package repeats_test

import "time"

// cpuTime is not measured on this system; cpu-MB/s is then not reported.
func cpuTime() time.Duration { return 0 }
