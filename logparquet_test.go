package dedupe

import (
	"bytes"
	"io"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"
)

// TestParquetLog writes the demo's removal log as Parquet, in writes cut
// anywhere, and reads it back: one row per record, fields as in the JSON.
func TestParquetLog(t *testing.T) {
	_, log, _ := cleanFile(t, demoFiles(t), Options{})
	want := parseLog(t, log)
	var b bytes.Buffer
	pl := NewParquetLog(&b)
	for i := 0; i < len(log); i += 997 {
		_, err := pl.Write(log[i:min(i+997, len(log))])
		require.NoError(t, err)
	}
	require.NoError(t, pl.Close())
	rows, err := parquet.Read[logRow](bytes.NewReader(b.Bytes()), int64(b.Len()))
	require.NoError(t, err)
	require.Len(t, rows, len(want))
	for i, r := range rows {
		require.Equal(t, rowOf(&want[i]), r)
	}
	back, err := io.ReadAll(ReadParquetLog(bytes.NewReader(b.Bytes()), int64(b.Len())))
	require.NoError(t, err)
	require.Equal(t, string(log), string(back), "the JSON lines again")
}
