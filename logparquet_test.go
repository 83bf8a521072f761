package dedupe

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
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

// TestParquetLogLines: a line record (a sign-off cut out of a kept
// paragraph) keeps its line index through Parquet.
func TestParquetLogLines(t *testing.T) {
	r := LogRecord{ID: "r1", What: WhatLine, Why: WhyBoilerplate, Paragraph: 2, KeptParagraph: -1, LineIndex: 3,
		Score: 0.1, HasScore: true, Reason: "site 5/9 pages", Text: []byte("Reuter")}
	log := r.AppendJSON(nil)
	var b bytes.Buffer
	pl := NewParquetLog(&b)
	_, err := pl.Write(log)
	require.NoError(t, err)
	require.NoError(t, pl.Close())
	back, err := io.ReadAll(ReadParquetLog(bytes.NewReader(b.Bytes()), int64(b.Len())))
	require.NoError(t, err)
	require.Equal(t, string(log), string(back))
	require.Contains(t, string(back), `"line_index":3`)
}

// TestOpenLogBadParquet: "Parquet log errors don't name the file" (and the
// command printed "dedupe: dedupe: removal log: invalid magic header").
// A corrupt log is an error naming it, read through records.OpenParquet
// (a footer that the file cannot hold is refused before a buffer of its
// length is made).
func TestOpenLogBadParquet(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"garbage.parquet": "not parquet at all, not even close",
		"bomb.parquet":    "PAR1" + strings.Repeat("x", 100) + "PAR1PAR1",
	} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(data), 0o644))
		f, err := OpenLog(path)
		require.NoError(t, err)
		_, err = io.ReadAll(f)
		f.Close()
		require.ErrorContains(t, err, path+": removal log: not readable Parquet", name)
	}
}
