package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/neardup/dedupe/records"
)

// A ShardFile is an input file and its shard index, its position in the
// expanded list of inputs.
type ShardFile struct {
	Index int
	Path  string
}

// ExpandInputs returns the input files of paths, folders and glob
// patterns, in the order given, each pattern's matches sorted, numbered as
// shards from 0. An input that names an existing file is that file, even
// if its name holds a pattern's metacharacters (data[1].jsonl); only an
// input that names no file is a pattern, whose wildcards do not match a
// name's leading "." (see hidden). A folder stands for its files as
// dedupe clean reads them (records.WalkFolder: sorted, skipping names that
// start with "."). Only local paths are supported for now (see Read). A
// pattern that matches nothing, a missing file, or a folder without files
// is an error.
func ExpandInputs(inputs []string) ([]ShardFile, error) {
	var out []ShardFile
	add := func(path string, _ os.FileInfo) error {
		if len(out) > MaxShard {
			return fmt.Errorf("pipeline: more than %d input files", MaxShard+1)
		}
		out = append(out, ShardFile{Index: len(out), Path: path})
		return nil
	}
	for _, in := range inputs {
		matches, err := expand(in)
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			fi, err := os.Stat(m)
			if err != nil {
				return nil, fmt.Errorf("pipeline: input: %w", err)
			}
			if !fi.IsDir() {
				if err := add(m, fi); err != nil {
					return nil, err
				}
				continue
			}
			n := len(out)
			if err := records.WalkFolder(m, add); err != nil {
				return nil, err
			}
			if len(out) == n {
				return nil, fmt.Errorf("pipeline: input folder %s holds no file to read", m)
			}
		}
	}
	return out, nil
}

// expand returns the files of one input: itself if it exists, else the
// sorted matches of the pattern it is.
func expand(in string) ([]string, error) {
	if in == "-" {
		return nil, fmt.Errorf("pipeline: input -: standard input is not read (every worker reads its files); give files, folders or patterns")
	}
	if strings.Contains(in, "://") {
		return nil, fmt.Errorf("pipeline: input %s: only local files are read for now", in)
	}
	if _, err := os.Lstat(in); err == nil {
		return []string{in}, nil
	}
	matches, err := filepath.Glob(in)
	if err != nil {
		return nil, fmt.Errorf("pipeline: input pattern %s: %w", in, err)
	}
	matches = slices.DeleteFunc(matches, func(m string) bool { return hidden(in, m) })
	if len(matches) == 0 {
		return nil, fmt.Errorf("pipeline: no input matches %s", in)
	}
	slices.Sort(matches)
	return matches, nil
}

// hidden reports whether match, a match of pattern, names a file or folder
// starting with "." where the pattern's part for it does not: as in a
// shell, and as in a folder that is an input, a wildcard does not match a
// leading dot (data/* is not data/.x.jsonl, an editor's or a sync tool's
// file, but data/.* is).
func hidden(pattern, match string) bool {
	ps := strings.Split(filepath.Clean(pattern), string(filepath.Separator))
	ms := strings.Split(filepath.Clean(match), string(filepath.Separator))
	if len(ps) != len(ms) { // not expected of Glob's matches: judge the name alone
		ps, ms = ps[len(ps)-1:], ms[len(ms)-1:]
	}
	for i, m := range ms {
		if strings.HasPrefix(m, ".") && !strings.HasPrefix(ps[i], ".") {
			return true
		}
	}
	return false
}

func init() {
	register.DoFn3x1[context.Context, ShardFile, func(int64, []byte), error](&readFn{})
	register.Emitter2[int64, []byte]()
}

var (
	recordsRead = beam.NewCounter("dedupe", "records_read")
	bytesRead   = beam.NewCounter("dedupe", "bytes_read")
)

// Read reads the input files with the engine's record reader
// (records.Files: JSON Lines plain, gzip or zstd, and the other formats
// it reads) and returns their records as a PCollection<KV<int64,[]byte>>:
// the ordinal of each record (Ordinal(shard index, line number)) and its
// JSON Lines encoding, without the newline. Each file is read whole by
// one worker (compressed files cannot be split): give several files per
// worker. Clean does not use Read: its stages read the files themselves,
// so that the corpus is never shuffled whole.
func Read(s beam.Scope, files []ShardFile, in Input) beam.PCollection {
	s = s.Scope("Read")
	return beam.ParDo(s, &readFn{In: in}, beam.CreateList(s, files))
}

type readFn struct {
	In Input `json:"in"`
}

func (f *readFn) ProcessElement(ctx context.Context, file ShardFile, emit func(int64, []byte)) error {
	var enc records.JSONL
	return f.In.each(ctx, file, func(ord int64, r *records.Record) error {
		line, _ := enc.AppendRecord(nil, r, r.Text)
		emit(ord, bytes.TrimSuffix(line, []byte("\n")))
		return nil
	})
}

// Input configures how the input files are read: the options of
// records.Files. The zero value is the default of dedupe clean.
type Input struct {
	IDField, TextField, URLField, SiteField string // member names; "" means records' defaults
	// SkipBad hands malformed records over as removals instead of
	// failing the pipeline (dedupe clean -skip-bad).
	SkipBad bool
	// MaxBytes is the largest record read, in bytes, as records.Files
	// takes it: 0 means records.DefaultMaxBytes (64 MiB, the default of
	// dedupe clean -max-bytes), a negative value no limit (dedupe clean
	// -max-bytes 0).
	MaxBytes int
}

// source returns the reader of path with the options of in.
func (in Input) source(path string) *records.Files {
	return &records.Files{
		Paths:   []string{path},
		Fields:  records.Fields{ID: in.IDField, Text: in.TextField, URL: in.URLField, Site: in.SiteField},
		SkipBad: in.SkipBad, MaxBytes: in.MaxBytes,
	}
}

// each reads file and calls fn with the ordinal and the decoded record of
// each record in it. The record is valid only during the call.
func (in Input) each(ctx context.Context, file ShardFile, fn func(int64, *records.Record) error) error {
	src := in.source(file.Path)
	defer src.Close()
	var n, size int64
	defer func() {
		recordsRead.Inc(ctx, n)
		bytesRead.Inc(ctx, size)
	}()
	return src.Each(func(r *records.Record) error {
		defer r.Release()
		if err := r.Decode(); err != nil {
			return err
		}
		if r.Line > MaxLine {
			return fmt.Errorf("pipeline: %s: more than %d records in one input file", file.Path, MaxLine)
		}
		n++
		size += int64(r.Size)
		return fn(Ordinal(file.Index, r.Line), r)
	})
}
