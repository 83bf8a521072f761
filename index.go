package dedupe

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"

	"github.com/zeebo/xxh3"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/shingle"
)

// An Index is a persistent near-duplicate index over documents keyed by
// the caller's string ids: the signatures of an LSH index, the ids, and
// every setting that changes the answer (shingles, signatures, bands,
// threshold, and the boilerplate model the texts were stripped with), so
// that documents added or queried later are signed exactly as the indexed
// ones were. It holds signatures, not texts: query similarities are MinHash
// estimates.
//
// The zero value is not usable: call NewIndex, or ReadFrom. An Index is not
// safe for concurrent use, except Query, which runs queries in parallel.
type Index struct {
	cfg   *config
	model uint64 // fingerprint of the model texts are stripped with; 0 for none
	ids   []string
	idx   *lsh.Index
}

// NewIndex returns an empty index with the near-duplicate settings of opts
// (Threshold, Recall, Shingle, Signature). model, when not nil, is the
// boilerplate model that texts are stripped with before they are signed,
// so that copies of an article on sites with different furniture match;
// every Add and Query must then be given the same model.
func NewIndex(opts Options, model *boiler.Model) (*Index, error) {
	c, err := opts.check()
	if err != nil {
		return nil, err
	}
	idx, err := c.newIndex()
	if err != nil {
		return nil, err
	}
	x := &Index{cfg: c, idx: idx}
	if x.model, err = modelFingerprint(model); err != nil {
		return nil, err
	}
	return x, nil
}

// modelFingerprint identifies a model by the hash of its encoding (0 for
// no model).
func modelFingerprint(m *boiler.Model) (uint64, error) {
	if m == nil {
		return 0, nil
	}
	b, err := m.AppendBinary(nil)
	if err != nil {
		return 0, err
	}
	return xxh3.Hash(b) | 1, nil
}

// Len returns the number of documents in the index.
func (x *Index) Len() int { return len(x.ids) }

// Threshold returns the similarity threshold of the index.
func (x *Index) Threshold() float64 { return x.cfg.Threshold }

// Stripped reports whether the index was built with a boilerplate model.
func (x *Index) Stripped() bool { return x.model != 0 }

// Options returns the settings of the index.
func (x *Index) Options() Options {
	return Options{Threshold: x.cfg.Threshold, Recall: x.cfg.Recall, Shingle: x.cfg.Shingle, Signature: x.cfg.Signature}
}

// Check verifies the invariants of the index: the LSH index is one that
// Add builds, with signatures and the documents 0 to Len()-1, the
// positions of their ids (else an error wrapping ErrIndexFormat), and
// the LSH index's own invariants hold (see lsh.Index.Check).
func (x *Index) Check() error {
	if err := x.checkLSH(); err != nil {
		return err
	}
	return x.idx.Check()
}

// checkLSH returns an error wrapping ErrIndexFormat unless the LSH index
// is one that Add builds: query verifies candidates by their signatures,
// and Add gives each document the position of its id, which query maps a
// match back to; so the LSH index must keep signatures, and its documents
// must be exactly 0 to len(x.ids)-1.
func (x *Index) checkLSH() error {
	if !x.idx.Signatures() {
		return fmt.Errorf("%w: the LSH index keeps no signatures", ErrIndexFormat)
	}
	n := len(x.ids)
	if m := x.idx.Len(); m != n {
		return fmt.Errorf("%w: the LSH index holds %d documents, the id table %d", ErrIndexFormat, m, n)
	}
	first, missing := -1, 0
	for i := range n {
		if !x.idx.Contains(uint32(i)) {
			if first < 0 {
				first = i
			}
			missing++
		}
	}
	if missing > 0 {
		return fmt.Errorf("%w: the LSH index lacks document %d (id %q); %d of its %d documents are outside 0..%d",
			ErrIndexFormat, first, x.ids[first], missing, n, n-1)
	}
	return nil
}

// checkModel returns an error unless model is the one the index was built
// with.
func (x *Index) checkModel(model *boiler.Model) error {
	fp, err := modelFingerprint(model)
	if err != nil {
		return err
	}
	switch {
	case fp == x.model:
		return nil
	case x.model == 0:
		return errors.New("dedupe: the index was built without a boilerplate model; use none")
	case fp == 0:
		return errors.New("dedupe: the index was built with a boilerplate model; give the same model")
	}
	return errors.New("dedupe: the boilerplate model differs from the one the index was built with")
}

// IndexStats count what Index.Add did.
type IndexStats struct {
	Added int   // documents added
	Empty int64 // documents without any shingle (after stripping), left out
	Bad   int64 // malformed records skipped
	// Repeated counts the documents added whose id an indexed document
	// has already (one added before, or earlier in src): each is added
	// all the same, and Query names either.
	Repeated int64
}

// Add signs the documents of src (stripped of boilerplate with run.Model,
// which must be the index's) and adds them under their ids.
func (x *Index) Add(ctx context.Context, src records.Source, run RunOptions) (IndexStats, error) {
	var st IndexStats
	if src == nil {
		return st, errNoSource
	}
	if err := x.checkModel(run.Model); err != nil {
		return st, err
	}
	c := x.withRun(run)
	workers := x.cleaners(c, run.Model)
	prog := c.progress("index")
	p := &pipeline[*records.Record, minhash.Signature]{
		j: c.Workers, size: recordSize, read: src.Each, maxDocs: c.batchDocs,
		work: func(w int, d *records.Record, sig *minhash.Signature) {
			if d.Bad == "" {
				*sig = workers[w].sign(d)
			}
		},
		reduce: func(b *batch[*records.Record, minhash.Signature]) error {
			for i, d := range b.docs {
				switch {
				case d.Bad != "":
					st.Bad++
				case b.res[i] == nil:
					st.Empty++
				case len(d.ID) > maxIDLen:
					return &records.Error{File: d.File, Line: d.Line, Err: fmt.Errorf("an id of %d bytes: an index holds ids of up to %d", len(d.ID), maxIDLen)}
				default:
					if err := x.add(d.ID, b.res[i]); err != nil {
						return err
					}
					st.Added++
				}
			}
			prog(len(b.docs), b.bytes)
			return nil
		},
	}
	n := len(x.ids)
	err := p.run(ctx)
	st.Repeated = x.repeatedIDs(n)
	return st, err
}

// RunOptions are the settings of one call of Index.Add or Index.Query.
type RunOptions struct {
	// Model is the boilerplate model that texts are stripped with: it
	// must be the one the index was built with (nil if none).
	Model *boiler.Model
	// Threshold is the similarity at or above which Query reports a
	// match, in (0, 1]; 0 means the index's.
	Threshold float64
	Workers   int // 0 means runtime.GOMAXPROCS(0)
	Progress  func(Progress)
}

// withRun returns the index's config with the workers and progress of run.
func (x *Index) withRun(run RunOptions) *config {
	c := *x.cfg
	if run.Workers > 0 {
		c.Workers = run.Workers
	}
	c.Progress = run.Progress
	return &c
}

func (x *Index) add(id string, sig minhash.Signature) error {
	if len(x.ids) > lsh.MaxID {
		return fmt.Errorf("dedupe: more than %d documents", lsh.MaxID)
	}
	if err := x.idx.Add(uint32(len(x.ids)), sig); err != nil {
		return err
	}
	x.ids = append(x.ids, id)
	return nil
}

// indexSigner signs documents for an index, stripping boilerplate first
// when there is a model.
type indexSigner struct {
	signer *signer
	strip  *Cleaner // nil without a model
}

func (x *Index) cleaners(c *config, model *boiler.Model) []*indexSigner {
	ws := make([]*indexSigner, c.Workers)
	sc := *c
	sc.NoRepeats, sc.NoDedup = true, false
	for i := range ws {
		ws[i] = &indexSigner{signer: newSigner(c.so, c.mo)}
		if model != nil {
			ws[i].strip = sc.newCleaner(model)
		}
	}
	return ws
}

// sign returns the signature of d's text, stripped of boilerplate when
// there is a model; nil if it has no shingle.
func (s *indexSigner) sign(d *records.Record) minhash.Signature {
	if s.strip != nil {
		return s.strip.Clean(d).Signature
	}
	sig, _ := s.signer.sign(d.Text)
	return sig
}

// A QueryResult is the answer for one queried document.
type QueryResult struct {
	ID string // the queried document
	// Match is the id of the most similar indexed document at or above
	// the threshold (the first indexed on ties), "" if none.
	Match      string
	Similarity float64 // the estimate, when Match is set
}

// Query signs the documents of src as the indexed ones were (run.Model
// must be the index's) and calls fn, in input order, with the most similar
// indexed document of each at or above run.Threshold. Malformed records
// are skipped. Queries run in parallel.
func (x *Index) Query(ctx context.Context, src records.Source, run RunOptions, fn func(QueryResult) error) error {
	if src == nil || fn == nil {
		return errors.New("dedupe: Query needs a source and a function")
	}
	if err := x.checkModel(run.Model); err != nil {
		return err
	}
	threshold := run.Threshold
	if threshold == 0 {
		threshold = x.cfg.Threshold
	}
	if !inRange(threshold, 0, 1, false, true) {
		return fmt.Errorf("dedupe: threshold must be in (0, 1], not %v", threshold)
	}
	c := x.withRun(run)
	workers := x.cleaners(c, run.Model)
	prog := c.progress("query")
	p := &pipeline[*records.Record, QueryResult]{
		j: c.Workers, size: recordSize, read: src.Each, maxDocs: c.batchDocs,
		work: func(w int, d *records.Record, r *QueryResult) {
			if d.Bad == "" {
				*r = x.query(workers[w].sign(d), threshold)
				r.ID = d.ID
			}
		},
		reduce: func(b *batch[*records.Record, QueryResult]) error {
			for i, d := range b.docs {
				if d.Bad != "" {
					continue
				}
				if err := fn(b.res[i]); err != nil {
					return err
				}
			}
			prog(len(b.docs), b.bytes)
			return nil
		},
	}
	return p.run(ctx)
}

// query returns the best match of sig at or above threshold.
func (x *Index) query(sig minhash.Signature, threshold float64) QueryResult {
	var r QueryResult
	if sig == nil {
		return r
	}
	if ms := x.idx.Query(nil, sig, threshold, nil); len(ms) > 0 {
		best := bestMatch(ms)
		r.Match, r.Similarity = x.ids[best.ID], best.Similarity
	}
	return r
}

// The index file is
//
//	magic     "DDPIDX\x00\x02" (8 bytes; the last byte is the version, 2)
//	header    threshold float64, recall float64, shingle k uint32,
//	          normalisation uint8 (0 fold, 1 whitespace), unit uint8
//	          (0 words, 1 runes), digit masking uint8 (0 or 1), shingle seed
//	          uint64, signature length uint32, signature family uint8,
//	          signature seed uint64, model fingerprint uint64 (0: no
//	          model; else the XXH3 hash of the model's encoding, odd), id
//	          count uint32
//	ids       per document, in lsh id order: uvarint length, UTF-8 bytes
//	crc       CRC-32C (Castagnoli) of everything above, uint32
//	index     the lsh.Index in its own format (lsh.Index.WriteTo), which
//	          carries its own checksum and banding
//
// Integers are little-endian. The ids map the dense lsh ids back to the
// documents' own ids: the lsh index keeps signatures, and its documents
// are exactly 0 to id count-1, document i being the one of the i-th id
// (ReadFrom checks both).
// Nothing may follow the index.
const indexMagic = "DDPIDX\x00\x02"

// ErrIndexFormat is returned by Index.ReadFrom for bytes that are not a
// valid index file.
var ErrIndexFormat = errors.New("dedupe: invalid index file")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

const indexHeaderLen = len(indexMagic) + 8 + 8 + 4 + 1 + 1 + 1 + 8 + 4 + 1 + 8 + 8 + 4

// WriteTo writes the index in the format above. It implements io.WriterTo.
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	crc := crc32.New(castagnoli)
	bw := io.MultiWriter(cw, crc)
	if _, err := bw.Write(x.appendHeader(nil)); err != nil {
		return cw.n, err
	}
	var b []byte
	for _, id := range x.ids {
		b = binary.AppendUvarint(b[:0], uint64(len(id)))
		b = append(b, id...)
		if _, err := bw.Write(b); err != nil {
			return cw.n, err
		}
	}
	b = binary.LittleEndian.AppendUint32(b[:0], crc.Sum32())
	if _, err := cw.Write(b); err != nil {
		return cw.n, err
	}
	_, err := x.idx.WriteTo(cw)
	return cw.n, err
}

func (x *Index) appendHeader(b []byte) []byte {
	c := x.cfg
	le := binary.LittleEndian
	flag := func(v bool) byte {
		if v {
			return 1
		}
		return 0
	}
	b = append(b, indexMagic...)
	b = le.AppendUint64(b, math.Float64bits(c.Threshold))
	b = le.AppendUint64(b, math.Float64bits(c.Recall))
	b = le.AppendUint32(b, uint32(c.so.K))
	b = append(b, byte(c.so.Normalization), byte(c.so.Unit), flag(c.so.MaskDigits))
	b = le.AppendUint64(b, c.so.Seed)
	b = le.AppendUint32(b, uint32(c.mo.K))
	b = append(b, byte(c.mo.Family))
	b = le.AppendUint64(b, c.mo.Seed)
	b = le.AppendUint64(b, x.model)
	return le.AppendUint32(b, uint32(len(x.ids)))
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// maxIDLen bounds one stored id, so that a corrupt length cannot make the
// reader allocate gigabytes.
const maxIDLen = 1 << 20

// ReadFrom replaces x with the index read from r, which must hold exactly
// one index (it is read to the end). Errors wrap ErrIndexFormat and say
// what is wrong; on error x is unchanged.
func (x *Index) ReadFrom(r io.Reader) (int64, error) {
	cr := &countReader{r: bufio.NewReaderSize(r, 1<<20)}
	y, err := readIndex(cr)
	if err != nil {
		return cr.n, err
	}
	var one [1]byte
	if n, _ := io.ReadFull(cr, one[:]); n > 0 {
		return cr.n, fmt.Errorf("%w: bytes after the index", ErrIndexFormat)
	}
	*x = *y
	return cr.n, nil
}

type countReader struct {
	r *bufio.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

func readIndex(r *countReader) (*Index, error) {
	crc := crc32.New(castagnoli)
	tr := io.TeeReader(r, crc)
	head := make([]byte, indexHeaderLen)
	if _, err := io.ReadFull(tr, head); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrIndexFormat, noEOF(err))
	}
	x, n, err := parseIndexHeader(head)
	if err != nil {
		return nil, err
	}
	if x.ids, err = readIDs(tr, n); err != nil {
		return nil, err
	}
	want := crc.Sum32()
	var sum [4]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		return nil, fmt.Errorf("%w: checksum: %v", ErrIndexFormat, noEOF(err))
	}
	if got := binary.LittleEndian.Uint32(sum[:]); got != want {
		return nil, fmt.Errorf("%w: checksum mismatch in the header or id table", ErrIndexFormat)
	}
	x.idx = new(lsh.Index)
	if _, err := x.idx.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIndexFormat, err)
	}
	switch {
	case x.idx.K() != x.cfg.mo.K:
		return nil, fmt.Errorf("%w: index holds signatures of %d values, header says %d", ErrIndexFormat, x.idx.K(), x.cfg.mo.K)
	case x.idx.Threshold() != x.cfg.Threshold:
		return nil, fmt.Errorf("%w: index threshold %v, header says %v", ErrIndexFormat, x.idx.Threshold(), x.cfg.Threshold)
	}
	if err := x.checkLSH(); err != nil {
		return nil, err
	}
	return x, nil
}

// parseIndexHeader checks the header of an index file and returns the
// index it describes (without ids or LSH index) and its id count.
func parseIndexHeader(head []byte) (*Index, uint32, error) {
	if string(head[:len(indexMagic)-1]) != indexMagic[:len(indexMagic)-1] {
		return nil, 0, fmt.Errorf("%w: not a dedupe index (bad magic)", ErrIndexFormat)
	}
	if v := head[len(indexMagic)-1]; v != indexMagic[len(indexMagic)-1] {
		return nil, 0, fmt.Errorf("%w: unsupported version %d", ErrIndexFormat, v)
	}
	le := binary.LittleEndian
	h := head[len(indexMagic):]
	var o Options
	o.Threshold = math.Float64frombits(le.Uint64(h))
	o.Recall = math.Float64frombits(le.Uint64(h[8:]))
	o.Shingle.K = int(le.Uint32(h[16:]))
	o.Shingle.Normalization = shingle.Normalization(h[20])
	o.Shingle.Unit = shingle.Unit(h[21])
	o.Shingle.MaskDigits = h[22] == 1
	o.Shingle.Seed = le.Uint64(h[23:])
	o.Signature.K = int(le.Uint32(h[31:]))
	o.Signature.Family = minhash.Family(h[35])
	o.Signature.Seed = le.Uint64(h[36:])
	model := le.Uint64(h[44:])
	n := le.Uint32(h[52:])
	switch {
	case o.Threshold == 0 || o.Recall == 0 || o.Shingle.K == 0 || o.Signature.K == 0:
		return nil, 0, fmt.Errorf("%w: a setting is zero", ErrIndexFormat)
	case h[20] > byte(shingle.Whitespace) || h[21] > byte(shingle.Runes) || h[22] > 1:
		return nil, 0, fmt.Errorf("%w: unknown shingle settings %d/%d/%d", ErrIndexFormat, h[20], h[21], h[22])
	case model != 0 && model&1 == 0:
		return nil, 0, fmt.Errorf("%w: bad model fingerprint", ErrIndexFormat)
	case n > lsh.MaxID:
		return nil, 0, fmt.Errorf("%w: %d ids", ErrIndexFormat, n)
	}
	c, err := o.check()
	if err != nil {
		return nil, 0, fmt.Errorf("%w: bad settings: %v", ErrIndexFormat, err)
	}
	return &Index{cfg: c, model: model}, n, nil
}

func readIDs(r io.Reader, n uint32) ([]string, error) {
	ids := make([]string, 0, min(n, 1<<20))
	br := byteReader{r}
	var buf []byte
	for i := uint32(0); i < n; i++ {
		l, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, fmt.Errorf("%w: id %d: %v", ErrIndexFormat, i, noEOF(err))
		}
		if l > maxIDLen {
			return nil, fmt.Errorf("%w: id %d: length %d", ErrIndexFormat, i, l)
		}
		if uint64(cap(buf)) < l {
			buf = make([]byte, l)
		}
		if _, err := io.ReadFull(r, buf[:l]); err != nil {
			return nil, fmt.Errorf("%w: id %d: %v", ErrIndexFormat, i, noEOF(err))
		}
		ids = append(ids, string(buf[:l]))
	}
	return ids, nil
}

// byteReader reads one byte at a time from r (for binary.ReadUvarint).
type byteReader struct{ r io.Reader }

func (b byteReader) ReadByte() (byte, error) {
	var c [1]byte
	_, err := io.ReadFull(b.r, c[:])
	return c[0], err
}
