package pipeline

import "fmt"

// Limits of the ordinal encoding.
const (
	MaxShard = 1<<31 - 1 // largest input shard index
	MaxLine  = 1<<32 - 1 // largest line number in one shard
)

// Ordinal returns the ordinal of line (1-based) of input shard shard
// (0-based, in the order the inputs were given): shard<<32 | line. Ordinals
// compare as (shard, line) pairs, so ordinal order is input order. It
// panics if shard or line is out of range (a precondition: Read never
// produces such values).
func Ordinal(shard, line int) int64 {
	if shard < 0 || shard > MaxShard || line < 0 || line > MaxLine {
		panic(fmt.Sprintf("pipeline: ordinal out of range: shard %d, line %d", shard, line))
	}
	return int64(shard)<<32 | int64(line)
}

// SplitOrdinal returns the shard and line of an ordinal made by Ordinal.
func SplitOrdinal(ord int64) (shard, line int) {
	return int(ord >> 32), int(ord & MaxLine)
}
