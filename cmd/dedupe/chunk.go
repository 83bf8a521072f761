package main

import "sync/atomic"

// Input lines (record.raw) and spool entries are copied into shared chunks
// that are recycled once every record in them has been through the ordered
// stage of the pipeline, instead of into one new allocation per line.
//
// A record's raw bytes are only read while its batch is in flight: the
// worker parses them (the text, id, url and site are copies) and encodes
// the output record from them (a copy), and the ordered stage copies them
// to the output or the spool. pipeline releases each record after its
// batch's reduce, which sets record.raw (and record.sp.log) to nil, so that
// no reference into a recycled chunk survives.
//
// One allocation per line cost 0.3 s of CPU on a 200 MB corpus in clean
// (mallocgc and the page faults of fresh memory, in memclrNoHeapPointers);
// chunks that are not recycled were slower still (their page faults), see
// readJSONL. With recycled chunks, the reader of clean's passes 1 and 2
// ("dedupe clean -cpuprofile" on the 200 MB corpus of bench.sh, 2 cores)
// takes 0.22 s of CPU instead of 0.39 s.

const (
	chunkSize = 1 << 20
	// Lines of more than chunkSize/4 bytes get their own allocation.
	chunkMaxLine = chunkSize / 4
)

// A lineChunk holds consecutive lines. refs counts the records pointing
// into it, plus one while a chunkAlloc is filling it.
type lineChunk struct {
	buf  []byte
	refs atomic.Int32
}

// freeChunks holds recycled chunks. Its capacity bounds the memory kept
// between passes (32 MB); the chunks in flight are bounded by the
// pipeline's batches.
var freeChunks = make(chan *lineChunk, 32)

// A chunkAlloc hands out slices of chunks to one reader. It is not safe for
// concurrent use; release is.
type chunkAlloc struct {
	cur *lineChunk
}

// alloc returns n bytes (of undefined content, capacity n) for d.raw and
// records in d the chunk they belong to.
func (a *chunkAlloc) alloc(d *record, n int) []byte {
	if n > chunkMaxLine {
		return make([]byte, n)
	}
	c := a.cur
	if c == nil || len(c.buf)+n > cap(c.buf) {
		a.done()
		select {
		case c = <-freeChunks:
		default:
			c = &lineChunk{buf: make([]byte, 0, chunkSize)}
		}
		c.refs.Store(1)
		a.cur = c
	}
	i := len(c.buf)
	c.buf = c.buf[:i+n]
	c.refs.Add(1)
	d.chunk = c
	return c.buf[i : i+n : i+n]
}

// allocMore is alloc for a second slice of the same record: it shares the
// record's reference to its chunk when it fits there.
func (a *chunkAlloc) allocMore(d *record, n int) []byte {
	if d.chunk == nil {
		return a.alloc(d, n)
	}
	c := a.cur
	if d.chunk != c || len(c.buf)+n > cap(c.buf) {
		return make([]byte, n)
	}
	i := len(c.buf)
	c.buf = c.buf[:i+n]
	return c.buf[i : i+n : i+n]
}

// done stops filling the current chunk.
func (a *chunkAlloc) done() {
	if a.cur != nil {
		a.cur.unref()
		a.cur = nil
	}
}

func (c *lineChunk) unref() {
	if c.refs.Add(-1) != 0 {
		return
	}
	c.buf = c.buf[:0]
	select {
	case freeChunks <- c:
	default:
	}
}

// release drops d's reference to its chunk, and its views of it.
func (d *record) release() {
	c := d.chunk
	if c == nil {
		return
	}
	d.chunk = nil
	d.raw = nil
	d.sp.log = nil
	c.unref()
}
