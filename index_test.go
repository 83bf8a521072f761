package dedupe

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/records"
)

// smallTexts returns n short distinct texts.
func smallTexts(n int) []string {
	texts := make([]string, n)
	for i := range texts {
		texts[i] = fmt.Sprintf("report %d of the harbour council: the wall %d is finished before winter %d", i, i*7, i*13)
	}
	return texts
}

// smallIndex returns an index of the n smallTexts, d0 to d(n-1).
func smallIndex(t testing.TB, n int) *Index {
	t.Helper()
	x, err := NewIndex(Options{}, nil)
	require.NoError(t, err)
	st, err := x.Add(context.Background(), corpus(smallTexts(n)), RunOptions{Workers: 1})
	require.NoError(t, err)
	require.Equal(t, n, st.Added)
	return x
}

func encodeIndex(t testing.TB, x *Index) []byte {
	t.Helper()
	var b bytes.Buffer
	_, err := x.WriteTo(&b)
	require.NoError(t, err)
	return b.Bytes()
}

// lshOffset returns the offset of the lsh section of an index file (after
// the header, the ids and their checksum), or -1 if b is too short to
// tell.
func lshOffset(b []byte) int {
	if len(b) < indexHeaderLen {
		return -1
	}
	n := binary.LittleEndian.Uint32(b[indexHeaderLen-4:])
	off := indexHeaderLen
	for range n {
		l, k := binary.Uvarint(b[off:])
		if k <= 0 || l > uint64(len(b)) {
			return -1
		}
		off += k + int(l)
		if off > len(b) {
			return -1
		}
	}
	if off+4 > len(b) {
		return -1
	}
	return off + 4
}

// resealIndex returns a copy of an index file with both of its checksums
// (of the header and ids, and of the lsh section) recomputed, so that a
// test or the fuzzer can change the values behind them.
func resealIndex(b []byte) []byte {
	c := bytes.Clone(b)
	off := lshOffset(c)
	if off < 0 {
		return c
	}
	binary.LittleEndian.PutUint32(c[off-4:], crc32.Checksum(c[:off-4], castagnoli))
	if len(c)-off >= 4 {
		binary.LittleEndian.PutUint32(c[len(c)-4:], crc32.Checksum(c[off:len(c)-4], castagnoli))
	}
	return c
}

// moveLSHIDs returns a copy of the index file b (of an index with
// signatures) whose lsh id set has the ids from replaced by to, resealed:
// the signatures, stored in id order, then belong to the ids to. The id
// set starts at byte 40 of the lsh section, bit i%64 of word i/64 for id i.
func moveLSHIDs(t testing.TB, b []byte, from, to []int) []byte {
	t.Helper()
	c := bytes.Clone(b)
	set := c[lshOffset(c)+40:]
	for _, id := range from {
		require.NotZero(t, set[id/8]&(1<<(id%8)), "id %d not in the set", id)
		set[id/8] &^= 1 << (id % 8)
	}
	for _, id := range to {
		set[id/8] |= 1 << (id % 8)
	}
	return resealIndex(c)
}

// TestIndexLongID: an id longer than an index file holds is an error
// naming the document. It was indexed, and the file written could not be
// read again.
func TestIndexLongID(t *testing.T) {
	x, err := NewIndex(Options{}, nil)
	require.NoError(t, err)
	long := &records.Record{ID: strings.Repeat("x", maxIDLen+1), File: "in.jsonl", Line: 2, Text: []byte("a few words of text to sign here")}
	_, err = x.Add(context.Background(), records.Slice{{ID: "a", Text: []byte("other words of a text")}, long}, RunOptions{Workers: 1})
	require.EqualError(t, err, "in.jsonl:2: an id of 1048577 bytes: an index holds ids of up to 1048576")
	long.ID = long.ID[1:]
	y, err := NewIndex(Options{}, nil)
	require.NoError(t, err)
	_, err = y.Add(context.Background(), records.Slice{long}, RunOptions{Workers: 1})
	require.NoError(t, err)
	var z Index
	_, err = z.ReadFrom(bytes.NewReader(encodeIndex(t, y)))
	require.NoError(t, err)
}

// TestIndexDecodeIDs: an index file whose lsh section holds other
// documents than 0 to n-1 for its n ids is rejected, checksums or not
// (QA: with ids 16-19 moved to 20-23, "dedupe query" panicked with "index
// out of range [20] with length 20"; "index -add" said "document id
// already in the index: 20"; with 40-43 it added silently).
func TestIndexDecodeIDs(t *testing.T) {
	good := encodeIndex(t, smallIndex(t, 20))
	require.Equal(t, good, resealIndex(good))
	var ok Index
	_, err := ok.ReadFrom(bytes.NewReader(good))
	require.NoError(t, err)
	for _, tt := range []struct {
		from, to []int
		msg      string
	}{
		{[]int{16, 17, 18, 19}, []int{20, 21, 22, 23}, `lacks document 16 (id "d16"); 4 of its 20 documents are outside 0..19`},
		{[]int{16, 17, 18, 19}, []int{40, 41, 42, 43}, `lacks document 16 (id "d16"); 4 of its 20 documents are outside 0..19`},
		{[]int{0}, []int{63}, `lacks document 0 (id "d0"); 1 of its 20 documents are outside 0..19`},
	} {
		bad := moveLSHIDs(t, good, tt.from, tt.to)
		var y Index
		_, err := y.ReadFrom(bytes.NewReader(bad))
		require.ErrorIs(t, err, ErrIndexFormat, "%v -> %v", tt.from, tt.to)
		require.ErrorContains(t, err, tt.msg)
		require.Nil(t, y.cfg, "a failed decode changed the index")
	}
}

// TestIndexCheckIDs: Check finds an LSH index whose documents are not
// those of the ids, which lsh.Index.Check cannot know of.
func TestIndexCheckIDs(t *testing.T) {
	x := smallIndex(t, 20)
	require.NoError(t, x.Check())
	sig, ok := x.idx.AppendSignature(nil, 19)
	require.True(t, ok)
	require.True(t, x.idx.Remove(19))
	require.NoError(t, x.idx.Add(20, sig))
	require.NoError(t, x.idx.Check(), "the LSH index itself is sound")
	err := x.Check()
	require.ErrorIs(t, err, ErrIndexFormat)
	require.ErrorContains(t, err, `lacks document 19 (id "d19"); 1 of its 20 documents are outside 0..19`)

	require.True(t, x.idx.Remove(20))
	require.ErrorContains(t, x.Check(), "the LSH index holds 19 documents, the id table 20")
}

// noSigsIndex returns the index file b of x with its lsh section replaced
// by one of the same documents without signatures (lsh version 2), which
// an index file never has.
func noSigsIndex(t testing.TB, x *Index, b []byte) []byte {
	t.Helper()
	y, err := lsh.New(x.idx.K(), lsh.Options{Threshold: x.idx.Threshold(), Params: x.idx.Params(), NoSignatures: true})
	require.NoError(t, err)
	for i := range uint32(x.Len()) {
		sig, ok := x.idx.AppendSignature(nil, i)
		require.True(t, ok)
		require.NoError(t, y.Add(i, sig))
	}
	var lb bytes.Buffer
	_, err = y.WriteTo(&lb)
	require.NoError(t, err)
	return append(bytes.Clone(b[:lshOffset(b)]), lb.Bytes()...)
}

// TestIndexDecodeNoSignatures: an index file whose lsh section keeps no
// signatures is rejected (Query panicked: "lsh: Query without an exact
// similarity on an index without signatures").
func TestIndexDecodeNoSignatures(t *testing.T) {
	x := smallIndex(t, 20)
	bad := noSigsIndex(t, x, encodeIndex(t, x))
	var y Index
	_, err := y.ReadFrom(bytes.NewReader(bad))
	require.ErrorIs(t, err, ErrIndexFormat)
	require.ErrorContains(t, err, "the LSH index keeps no signatures")
	require.Nil(t, y.cfg, "a failed decode changed the index")
}

// TestQueryPanic: a panic in a worker of Query (here on an index whose
// LSH index holds document 20 for 19, as a corrupt file gave before
// checkLSH) reaches the caller as a *WorkerPanic with the worker's stack,
// rather than killing the process.
func TestQueryPanic(t *testing.T) {
	x := smallIndex(t, 20)
	sig, _ := x.idx.AppendSignature(nil, 19)
	x.idx.Remove(19)
	require.NoError(t, x.idx.Add(20, sig))
	for _, j := range []int{1, 2} {
		crash := workerPanic(func() {
			x.Query(context.Background(), corpus(smallTexts(20)), RunOptions{Workers: j}, func(QueryResult) error { return nil })
		})
		require.NotNil(t, crash, "j=%d: no panic", j)
		require.ErrorContains(t, crash.Value.(error), "index out of range [20] with length 20")
		require.Contains(t, string(crash.Stack), "(*Index).query")
	}
}
