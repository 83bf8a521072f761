package dedupe

import (
	"fmt"
	"io"
	"os"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/records"
)

// The files the dedupe command reads back, opened as it opens them, for
// callers that work with its outputs (a model written by "dedupe learn",
// an index written by "dedupe index", a removal log) without the command.

// LoadModel reads the boilerplate model saved (boiler.Model.WriteTo) at
// path, decompressed when it is gzip or zstd (by its first bytes, as
// records.Open reads an input: "dedupe learn -o model.zst" writes it so).
// Its errors name the file.
func LoadModel(path string) (*boiler.Model, error) {
	f, err := records.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := new(boiler.Model)
	if _, err := m.ReadFrom(f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// LoadIndex reads the index saved (Index.WriteTo) at path, decompressed
// when it is gzip or zstd, as LoadModel reads a model. Its errors name the
// file.
func LoadIndex(path string) (*Index, error) {
	f, err := records.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	x := new(Index)
	if _, err := x.ReadFrom(f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return x, nil
}

// OpenLog opens the removal log at path as JSON lines, the records Clean
// writes: the file itself, decompressed when it is gzip or zstd (as
// records.Open reads an input, by its first bytes: "dedupe clean -log
// removed.jsonl.zst" writes it so), or, for a Parquet log (a name ending
// in .parquet, see ParquetLog), its rows read back as JSON lines
// (ReadParquetLog). Close closes the file.
func OpenLog(path string) (io.ReadCloser, error) {
	if !records.IsParquet(path) {
		return records.Open(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{namedReader{ReadParquetLog(f, fi.Size()), path}, f}, nil
}

// namedReader names path in the errors of r (but io.EOF), as records.Open
// does for a JSON Lines log.
type namedReader struct {
	r    io.Reader
	path string
}

func (n namedReader) Read(p []byte) (int, error) {
	k, err := n.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%s: %w", n.path, err)
	}
	return k, err
}
