package profile

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var sink [][]byte

func TestStartWritesBoth(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	stop, err := Start(cpu, mem)
	require.NoError(t, err)
	for range 64 {
		sink = append(sink, make([]byte, 1<<16))
	}
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	sink = nil
	require.NoError(t, stop())
	for _, p := range []string{cpu, mem} {
		fi, err := os.Stat(p)
		require.NoError(t, err)
		require.NotZero(t, fi.Size(), p)
	}
}

func TestStartNothing(t *testing.T) {
	stop, err := Start("", "")
	require.NoError(t, err)
	require.NoError(t, stop())
}

func TestStartReportsErrors(t *testing.T) {
	dir := t.TempDir()
	// the CPU profile's file cannot be created: an error, nothing left running
	_, err := Start(filepath.Join(dir, "missing", "cpu.prof"), "")
	require.Error(t, err)
	// nor the heap profile's: an error at once, not after the run
	_, err = Start("", filepath.Join(dir, "missing", "mem.prof"))
	require.Error(t, err)
	_, err = Start(filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "missing", "mem.prof"))
	require.Error(t, err)
	// a CPU profile still starts after the failed one stopped its own
	stop, err := Start(filepath.Join(dir, "cpu.prof"), "")
	require.NoError(t, err)
	require.NoError(t, stop())
	// "CPU profile write errors are ignored": -cpuprofile /dev/full (a
	// full disk) gave exit status 0 and a profile cut short
	if _, err := os.Stat("/dev/full"); err == nil {
		for _, paths := range [][2]string{{"/dev/full", ""}, {"", "/dev/full"}} {
			stop, err := Start(paths[0], paths[1])
			require.NoError(t, err)
			for range 64 {
				sink = append(sink, make([]byte, 1<<16))
			}
			sink = nil
			require.Error(t, stop(), "%q", paths)
		}
	}
}
