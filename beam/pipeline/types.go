package pipeline

import (
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
)

// The element types of the package's PCollections are registered by name
// so that remote workers can decode them (register.DoFn registers only the
// struct types a ProcessElement takes or returns directly, not those of
// its emitters and iterators).
func init() {
	for _, v := range []any{Pair{}, Edge{}, Removal{}, PairPayloads{}, pairSide{}, nodeState{}, ShardFile{}} {
		beam.RegisterType(reflect.TypeOf(v))
	}
}
