package dedupe

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/neardup/dedupe/records"
	"github.com/stretchr/testify/require"
)

// LoadModel and LoadIndex read the golden files of the two formats back
// byte for byte; a damaged file is an error naming it.
func TestLoadModelIndex(t *testing.T) {
	golden := filepath.Join("boiler", "testdata", "model.golden")
	m, err := LoadModel(golden)
	require.NoError(t, err)
	var b bytes.Buffer
	_, err = m.WriteTo(&b)
	require.NoError(t, err)
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.True(t, bytes.Equal(want, b.Bytes()), "model read back differs")

	x, err := LoadIndex(filepath.Join("testdata", "demo.idx"))
	require.NoError(t, err)
	require.Positive(t, x.Len())
	b.Reset()
	_, err = x.WriteTo(&b)
	require.NoError(t, err)
	want, err = os.ReadFile(filepath.Join("testdata", "demo.idx"))
	require.NoError(t, err)
	require.True(t, bytes.Equal(want, b.Bytes()), "index read back differs")

	bad := filepath.Join(t.TempDir(), "bad")
	require.NoError(t, os.WriteFile(bad, want[:len(want)/2], 0o644))
	_, err = LoadIndex(bad)
	require.ErrorContains(t, err, bad)
	_, err = LoadModel(bad)
	require.ErrorContains(t, err, bad)
	_, err = LoadModel(filepath.Join(t.TempDir(), "missing"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// OpenLog reads a JSON Lines log as it is, a compressed one (gzip or
// zstd, as records.Create writes them for those names) decompressed, and
// a Parquet log as the same JSON lines.
func TestOpenLog(t *testing.T) {
	_, log, _ := cleanFile(t, demoFiles(t), Options{})
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "log.jsonl")
	require.NoError(t, os.WriteFile(jsonl, log, 0o644))
	var b bytes.Buffer
	pl := NewParquetLog(&b)
	_, err := pl.Write(log)
	require.NoError(t, err)
	require.NoError(t, pl.Close())
	pq := filepath.Join(dir, "log.parquet")
	require.NoError(t, os.WriteFile(pq, b.Bytes(), 0o644))
	paths := []string{jsonl, pq}
	for _, name := range []string{"log.jsonl.gz", "log.jsonl.zst"} {
		path := filepath.Join(dir, name)
		out, err := records.Create(path, records.OutputOptions{})
		require.NoError(t, err)
		_, err = out.Write(log)
		require.NoError(t, err)
		require.NoError(t, out.Commit())
		raw, err := os.ReadFile(path)
		require.NoError(t, err)
		require.NotEqual(t, string(log), string(raw), name+" is not compressed")
		paths = append(paths, path)
	}
	for _, path := range paths {
		rc, err := OpenLog(path)
		require.NoError(t, err)
		got, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		require.Equal(t, string(log), string(got), path)
	}
	_, err = OpenLog(filepath.Join(dir, "missing.parquet"))
	require.ErrorIs(t, err, os.ErrNotExist)
}
