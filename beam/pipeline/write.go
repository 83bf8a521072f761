package pipeline

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// MaxShards bounds the shards of WriteShards (and Options.Shards): each is
// a file and a key, and their list is built before the job runs
// (2,000,000,000 shards exhausted the memory of the program building it).
// It is the largest number of five digits, so that every shard name of a
// set has the same length and the names sort in shard order.
const MaxShards = 99999

// ShardName returns the name of shard i of n: PREFIX-SSSSS-of-NNNNN.jsonl,
// with five digits at least, as Beam's and Hadoop's sharded outputs.
func ShardName(prefix string, i, n int) string {
	return fmt.Sprintf("%s-%05d-of-%05d.jsonl", prefix, i, n)
}

func init() {
	register.DoFn2x2[int64, []byte, int, []byte](&shardOfFn{})
	register.Function2x0(emptyShard)
	register.DoFn3x2[context.Context, int, func(*[]byte) bool, string, error](&writeShardFn{})
	register.Emitter2[int, []byte]()
	register.Iter1[[]byte]()
}

var (
	recordsWritten = beam.NewCounter("dedupe", "records_written")
	bytesWritten   = beam.NewCounter("dedupe", "bytes_written")
)

// WriteShards writes the lines of a PCollection<KV<int64,[]byte>>
// (ordinal, line without its newline; empty lines are dropped) to shards
// ShardName(prefix, i, shards) for i in [0, shards), and returns the
// PCollection<string> of the names written. Every shard is written, empty
// or not, so that the set of files is always complete. shards must be in
// [1, MaxShards].
//
// A line goes to the shard given by a hash of its ordinal, which spreads
// the lines evenly; the order of lines inside a shard is not specified,
// but the union of the shards is exactly the input. Beam's textio.Write
// cannot do this (it writes one file through a single key), so each shard
// is one GroupByKey key, written by one worker to a temporary file that is
// renamed to its name when complete: a shard file is never seen half
// written, and a retried bundle rewrites it whole. prefix may be any path
// of a registered Beam file system (local here; gs:// with the gcs
// package imported, as cmd/dedupe-beam does).
func WriteShards(s beam.Scope, prefix string, shards int, lines beam.PCollection) beam.PCollection {
	s = s.Scope("WriteShards")
	if shards <= 0 || shards > MaxShards {
		panic(fmt.Sprintf("pipeline: WriteShards with %d shards", shards))
	}
	filesystem.ValidateScheme(prefix)
	idx := make([]int, shards)
	for i := range idx {
		idx[i] = i
	}
	keyed := beam.ParDo(s, &shardOfFn{Shards: shards}, lines)
	empty := beam.ParDo(s, emptyShard, beam.CreateList(s, idx))
	grouped := beam.GroupByKey(s, beam.Flatten(s, keyed, empty))
	return beam.ParDo(s, &writeShardFn{Prefix: prefix, Shards: shards}, grouped)
}

// shardOfFn keys a line by its shard.
type shardOfFn struct {
	Shards int `json:"shards"`
}

func (f *shardOfFn) ProcessElement(ord int64, line []byte) (int, []byte) {
	return int(mix(uint64(ord)) % uint64(f.Shards)), line
}

// emptyShard makes sure shard i has a group, with an empty line that
// writeShardFn drops.
func emptyShard(i int, emit func(int, []byte)) { emit(i, nil) }

// mix is the splitmix64 finaliser, a bijection that spreads ordinals
// (consecutive in each input file) over the shards.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// writeShardFn writes one shard: to a temporary name beside it, then
// renamed.
type writeShardFn struct {
	Prefix string `json:"prefix"`
	Shards int    `json:"shards"`
}

func (f *writeShardFn) ProcessElement(ctx context.Context, shard int, lines func(*[]byte) bool) (string, error) {
	name := ShardName(f.Prefix, shard, f.Shards)
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return "", fmt.Errorf("pipeline: writing %s: %w", name, err)
	}
	defer fs.Close()
	var nonce [8]byte
	rand.Read(nonce[:])
	tmp := name + ".tmp-" + hex.EncodeToString(nonce[:])
	if err := f.writeTemp(ctx, fs, tmp, lines); err != nil {
		removeQuietly(ctx, fs, tmp)
		return "", fmt.Errorf("pipeline: writing %s: %w", name, err)
	}
	if err := filesystem.Rename(ctx, fs, tmp, name); err != nil {
		removeQuietly(ctx, fs, tmp)
		return "", fmt.Errorf("pipeline: renaming %s to %s: %w", tmp, name, err)
	}
	return name, nil
}

func (f *writeShardFn) writeTemp(ctx context.Context, fs filesystem.Interface, tmp string, lines func(*[]byte) bool) error {
	w, err := fs.OpenWrite(ctx, tmp)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var line []byte
	var n, size int64
	for lines(&line) {
		if len(line) == 0 {
			continue
		}
		bw.Write(line)
		if err := bw.WriteByte('\n'); err != nil {
			w.Close()
			return err
		}
		n++
		size += int64(len(line)) + 1
	}
	if err := bw.Flush(); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	recordsWritten.Inc(ctx, n)
	bytesWritten.Inc(ctx, size)
	return nil
}

func removeQuietly(ctx context.Context, fs filesystem.Interface, name string) {
	if rm, ok := fs.(filesystem.Remover); ok {
		rm.Remove(ctx, name) // best effort: the error that matters is returned
	}
}
