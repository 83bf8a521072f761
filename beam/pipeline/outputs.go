package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// OutputNames returns the names of the files Clean writes for the prefix
// out and shards shards (0 means DefaultShards): the shards of the kept
// records, then those of the removal log.
func OutputNames(out string, shards int) []string {
	if shards == 0 {
		shards = DefaultShards
	}
	names := make([]string, 0, 2*shards)
	for _, prefix := range []string{out, logPrefix(out)} {
		for i := range shards {
			names = append(names, ShardName(prefix, i, shards))
		}
	}
	return names
}

// logPrefix is the prefix of the removal log's shards.
func logPrefix(out string) string { return out + ".removed" }

// CheckOutputs returns an error if Clean, reading files, could not write
// its outputs for the prefix out and shards shards (0 means
// DefaultShards), or would replace a file it reads. Clean calls it before
// it builds the pipeline, as dedupe clean checks its outputs before it
// reads: a job whose shards are renamed one by one must not fail halfway
// on a path that could have been checked first.
//
// The prefix must end in a file name part: "dir/" would write
// dir/-00000-of-00004.jsonl and hidden files dir/.removed-*. For a local
// prefix (not a URL such as gs://), also:
//
//   - the nearest existing folder on the way to the outputs must be a
//     folder (the missing ones are created when writing): -o /dev/null/x
//     is an error;
//   - an output that exists must be a regular file (or a link), not a
//     folder or a device;
//   - no output may be an input, by any name (a link, another path);
//   - no input may be named as an output of out with another number of
//     shards (an earlier run's output, matched by a glob pattern that
//     covers the outputs).
func CheckOutputs(files []ShardFile, out string, shards int) error {
	if base := out[strings.LastIndexAny(out, "/"+string(filepath.Separator))+1:]; base == "" || base == "." || base == ".." {
		return fmt.Errorf("pipeline: output prefix %q does not end in a file name: its shards would be %s-NNNNN-of-NNNNN.jsonl and %s.removed-NNNNN-of-NNNNN.jsonl", out, out, out)
	}
	if strings.Contains(out, "://") {
		return nil
	}
	if err := checkFolder(out); err != nil {
		return err
	}
	inputs := map[int64][]ShardFile{} // by size, to compare few files
	infos := map[string]os.FileInfo{}
	for _, f := range files {
		if isShardName(f.Path, out) {
			return fmt.Errorf("pipeline: input %s is named as an output of the prefix %s, perhaps an earlier run's: move it, or choose another prefix", f.Path, out)
		}
		if fi, err := os.Stat(f.Path); err == nil {
			inputs[fi.Size()] = append(inputs[fi.Size()], f)
			infos[f.Path] = fi
		}
	}
	for _, name := range OutputNames(out, shards) {
		li, err := os.Lstat(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return fmt.Errorf("pipeline: output: %w", err)
		case li.IsDir():
			return fmt.Errorf("pipeline: output %s is a directory", name)
		case !li.Mode().IsRegular() && li.Mode()&fs.ModeSymlink == 0:
			return fmt.Errorf("pipeline: output %s is not a regular file (%s)", name, li.Mode().Type())
		}
		fi, err := os.Stat(name)
		if err != nil {
			continue // a dangling link, replaced by the shard
		}
		for _, f := range inputs[fi.Size()] {
			if os.SameFile(fi, infos[f.Path]) {
				return fmt.Errorf("pipeline: output %s would replace the input %s, which is read; choose another prefix", name, f.Path)
			}
		}
	}
	return nil
}

// checkFolder returns an error unless the nearest existing ancestor of
// the outputs of the local prefix out is a folder.
func checkFolder(out string) error {
	for dir := filepath.Dir(out); ; dir = filepath.Dir(dir) {
		fi, err := os.Stat(dir)
		switch {
		case err == nil && fi.IsDir():
			return nil
		case err == nil:
			return fmt.Errorf("pipeline: output prefix %s: %s is not a directory", out, dir)
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("pipeline: output prefix %s: %w", out, err)
		case dir == filepath.Dir(dir):
			return nil
		}
	}
}

// isShardName reports whether path is named as a shard of the records or
// the log of the prefix out, for any number of shards.
func isShardName(path, out string) bool {
	p, err1 := filepath.Abs(path)
	o, err2 := filepath.Abs(out)
	if err1 != nil || err2 != nil {
		return false
	}
	rest, ok := strings.CutPrefix(p, o)
	if !ok {
		return false
	}
	rest = strings.TrimPrefix(rest, ".removed")
	rest, ok = strings.CutPrefix(rest, "-")
	i, n, ok2 := strings.Cut(rest, "-of-")
	n, ok3 := strings.CutSuffix(n, ".jsonl")
	return ok && ok2 && ok3 && shardNumber(i) && shardNumber(n)
}

// shardNumber reports whether s is a shard number of ShardName: five
// digits or more.
func shardNumber(s string) bool {
	return len(s) >= 5 && strings.Trim(s, "0123456789") == ""
}
