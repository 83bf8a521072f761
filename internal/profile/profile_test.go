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
	// the heap profile cannot be written: stop says so
	stop, err := Start("", filepath.Join(dir, "missing", "mem.prof"))
	require.NoError(t, err)
	require.Error(t, stop())
	// a CPU profile still starts after the failed one stopped its own
	stop, err = Start(filepath.Join(dir, "cpu.prof"), "")
	require.NoError(t, err)
	require.NoError(t, stop())
}
