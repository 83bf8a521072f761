package pipeline

import (
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// PairPayloads is a candidate pair with the payloads of its two documents
// (their shingle sets or texts, encoded by the caller), ready for
// verification.
type PairPayloads struct {
	A, B               int64
	PayloadA, PayloadB []byte
}

// pairSide is one document's payload on its way to a pair.
type pairSide struct {
	Doc     int64
	Payload []byte
}

func init() {
	register.Function2x0(pairEnds)
	register.Function4x1(attachPayload)
	register.Function3x1(assemblePair)
	register.Emitter2[int64, Pair]()
	register.Emitter2[Pair, pairSide]()
	register.Emitter1[PairPayloads]()
	register.Iter1[[]byte]()
	register.Iter1[Pair]()
	register.Iter1[pairSide]()
}

// JoinPairs returns the candidate pairs (PCollection<Pair>) with the
// payloads of both documents (PCollection<PairPayloads>), from the
// documents' payloads (PCollection<KV<int64,[]byte>>, one per ordinal).
// The verification DoFn runs on its output.
//
// Each pair is sent to both its documents, a CoGroupByKey on ordinal
// attaches their payloads, and a GroupByKey on the pair brings the two
// halves together. Shuffled bytes: every payload once (documents without
// pairs included), plus each payload once more per pair it is in. A
// worker holds one payload while it streams that document's pairs, then
// two payloads per pair. A document of a pair without a payload fails the
// pipeline.
func JoinPairs(s beam.Scope, pairs, payloads beam.PCollection) beam.PCollection {
	s = s.Scope("JoinPairs")
	ends := beam.ParDo(s, pairEnds, pairs)
	sides := beam.ParDo(s, attachPayload, beam.CoGroupByKey(s, payloads, ends))
	return beam.ParDo(s, assemblePair, beam.GroupByKey(s, sides))
}

// pairEnds keys a pair by each of its documents.
func pairEnds(p Pair, emit func(int64, Pair)) {
	emit(p.A, p)
	emit(p.B, p)
}

// attachPayload sends a document's payload to each of its pairs.
func attachPayload(doc int64, payloads func(*[]byte) bool, pairs func(*Pair) bool, emit func(Pair, pairSide)) error {
	var payload []byte
	has := payloads(&payload)
	var p Pair
	for pairs(&p) {
		if !has {
			return fmt.Errorf("pipeline: document %d is in candidate pair (%d, %d) but has no payload", doc, p.A, p.B)
		}
		emit(p, pairSide{Doc: doc, Payload: payload})
	}
	return nil
}

// assemblePair puts the two halves of a pair together.
func assemblePair(p Pair, sides func(*pairSide) bool, emit func(PairPayloads)) error {
	out := PairPayloads{A: p.A, B: p.B}
	var side pairSide
	n := 0
	for sides(&side) {
		n++
		switch side.Doc {
		case p.A:
			out.PayloadA = side.Payload
		case p.B:
			out.PayloadB = side.Payload
		}
	}
	if n != 2 {
		return fmt.Errorf("pipeline: candidate pair (%d, %d) met %d payloads, want 2 (pairs must be distinct, payloads one per document)", p.A, p.B, n)
	}
	emit(out)
	return nil
}
