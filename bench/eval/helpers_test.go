package eval

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// document is one line of a corpus file.
type document struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// writeJSONL writes values as gzip-compressed JSON Lines.
func writeJSONL(t *testing.T, path string, values []any) {
	t.Helper()
	f, err := os.Create(path)
	require.NoError(t, err)
	zw := gzip.NewWriter(f)
	enc := json.NewEncoder(zw)
	for _, v := range values {
		require.NoError(t, enc.Encode(v))
	}
	require.NoError(t, zw.Close())
	require.NoError(t, f.Close())
}
