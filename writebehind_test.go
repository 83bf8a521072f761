package dedupe

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// Buffers handed to put come back from get once written, and so do empty
// ones, which are not written: pass 3 hands back an empty OUT buffer in
// every batch when OUT is compacted in place.
func TestWriteBehindRecycles(t *testing.T) {
	wb := newWriteBehind()
	var out bytes.Buffer
	b := append(make([]byte, 0, 1<<10), "record\n"...)
	require.NoError(t, wb.put(&out, b))
	empty := make([]byte, 0, 1<<12)
	require.NoError(t, wb.put(&out, empty))
	require.NoError(t, wb.close())
	require.Equal(t, "record\n", out.String())
	caps := []int{cap(wb.get()), cap(wb.get())}
	require.ElementsMatch(t, []int{1 << 10, 1 << 12}, caps)
	require.Nil(t, wb.get(), "only the two buffers were handed over")
	require.NoError(t, wb.put(&out, nil)) // nothing to keep
	require.Nil(t, wb.get())
}
