package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/neardup/dedupe/internal/jsonl"
)

// A ShardFile is an input file and its shard index, its position in the
// expanded list of inputs.
type ShardFile struct {
	Index int
	Path  string
}

// ExpandInputs returns the input files of paths and glob patterns, in the
// order given, each pattern's matches sorted, numbered as shards from 0.
// Only local paths are supported for now (see Read). A pattern that
// matches nothing, a missing file or a directory is an error.
func ExpandInputs(inputs []string) ([]ShardFile, error) {
	var out []ShardFile
	for _, in := range inputs {
		if strings.Contains(in, "://") {
			return nil, fmt.Errorf("pipeline: input %s: only local files are read for now", in)
		}
		matches, err := filepath.Glob(in)
		if err != nil {
			return nil, fmt.Errorf("pipeline: input pattern %s: %w", in, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("pipeline: no input matches %s", in)
		}
		slices.Sort(matches)
		for _, m := range matches {
			fi, err := os.Stat(m)
			if err != nil {
				return nil, fmt.Errorf("pipeline: input: %w", err)
			}
			if fi.IsDir() {
				return nil, fmt.Errorf("pipeline: input %s is a directory", m)
			}
			if len(out) > MaxShard {
				return nil, fmt.Errorf("pipeline: more than %d input files", MaxShard+1)
			}
			out = append(out, ShardFile{Index: len(out), Path: m})
		}
	}
	return out, nil
}

func init() {
	register.DoFn3x1[context.Context, ShardFile, func(int64, []byte), error](&readFn{})
	register.Emitter2[int64, []byte]()
}

var (
	recordsRead = beam.NewCounter("dedupe", "records_read")
	bytesRead   = beam.NewCounter("dedupe", "bytes_read")
)

// Read reads the JSON Lines files (plain, gzip or zstd, whatever their
// names) and returns their records as a PCollection<KV<int64,[]byte>>:
// the ordinal of each record (Ordinal(shard index, line number)) and its
// line, without the newline. Blank lines are skipped, as dedupe clean
// skips them; line numbers count them. Each file is read whole by one
// worker (compressed files cannot be split), and the per-document step
// fuses with the reading: the parallelism of that stage is the number of
// input files, so give several files per worker. (A Reshuffle after Read
// would spread one file's records over all workers at the price of
// shuffling the whole corpus once.)
//
// Files are opened with the module's JSON Lines reader
// (internal/jsonl), on local paths: the workers must see the same files
// (a shared or mounted file system). TODO(records): read gs:// and other
// Beam file systems once the records package reads from an io.Reader.
func Read(s beam.Scope, files []ShardFile) beam.PCollection {
	s = s.Scope("Read")
	return beam.ParDo(s, &readFn{}, beam.CreateList(s, files))
}

type readFn struct{}

func (f *readFn) ProcessElement(ctx context.Context, file ShardFile, emit func(int64, []byte)) error {
	rc, err := jsonl.Open(file.Path)
	if err != nil {
		return err
	}
	defer rc.Close()
	r := jsonl.NewReader(rc, file.Path)
	var n, size int64
	defer func() {
		recordsRead.Inc(ctx, n)
		bytesRead.Inc(ctx, size)
	}()
	for {
		line, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if r.Line() > MaxLine {
			return r.Errorf("more than %d lines in one input file", MaxLine)
		}
		emit(Ordinal(file.Index, r.Line()), bytes.Clone(line))
		n++
		size += int64(len(line)) + 1
	}
}
