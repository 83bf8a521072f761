package records

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/parquet-go/parquet-go"
)

// Parquet input.
//
// A Parquet file is read one row group at a time, and each row group a few
// rows at a time (parquet-go reads a page of each column at a time), so
// memory does not grow with the file. Every row becomes a Record whose Line
// is its 1-based row number in the file. The text, id, url and site are
// read from the top-level columns named by Fields; every column of the row
// (those four included) is kept in the record as a row encoding (below),
// so that a Parquet output writes it back with only the text replaced.
//
// The row encoding is parquet-go's row (a list of leaf values, each with
// its column index and repetition and definition levels) serialised as:
//
//	uvarint  schema id (see schemas)
//	values   column uvarint, repetition level uvarint, definition level
//	         uvarint, kind byte (0 for null, else the parquet.Kind plus 1),
//	         and for a non-null value uvarint length and the value's bytes
//	         (parquet.Value.Bytes: little-endian numbers, raw byte arrays)
//
// The text value's bytes are the text itself, so an encoder replaces it
// by splicing and AppendText reads it back as it is.

// parquetMagic starts (and ends) a Parquet file.
var parquetMagic = []byte("PAR1")

// parquetBatch is the number of rows read from parquet-go at a time.
const parquetBatch = 64

// A pqSchema is a schema that rows were read or will be written with.
type pqSchema struct {
	id     uint32
	schema *parquet.Schema
	leaves []pqLeaf // by column index
}

// A pqLeaf is what a row encoding may hold for one leaf column.
type pqLeaf struct {
	kind           parquet.Kind
	maxRep, maxDef int
}

// schemas numbers the schemas of the Parquet files read or written by the
// process, so that an encoded row names its schema in a few bytes. Equal
// schemas (as parquet-go prints them, ignoring the root's name) get the
// same id: rows of several files with the same columns go to one output.
var schemas struct {
	mu    sync.Mutex
	list  []*pqSchema
	byKey map[string]*pqSchema
}

// registerSchema returns s numbered, numbering it if it is new.
func registerSchema(s *parquet.Schema) *pqSchema {
	key := s.String()
	if i := strings.IndexByte(key, '{'); i >= 0 {
		key = key[i:] // without "message NAME "
	}
	schemas.mu.Lock()
	defer schemas.mu.Unlock()
	if ps := schemas.byKey[key]; ps != nil {
		return ps
	}
	ps := &pqSchema{id: uint32(len(schemas.list)), schema: s}
	for _, path := range s.Columns() {
		lc, _ := s.Lookup(path...)
		ps.leaves = append(ps.leaves, pqLeaf{kind: lc.Node.Type().Kind(), maxRep: lc.MaxRepetitionLevel, maxDef: lc.MaxDefinitionLevel})
	}
	if schemas.byKey == nil {
		schemas.byKey = map[string]*pqSchema{}
	}
	schemas.list = append(schemas.list, ps)
	schemas.byKey[key] = ps
	return ps
}

// columns returns the names of the top-level columns of s.
func (s *pqSchema) columns() string {
	var names []string
	for _, f := range s.schema.Fields() {
		names = append(names, f.Name())
	}
	return strings.Join(names, ", ")
}

// schemaByID returns the schema numbered id, or nil.
func schemaByID(id uint64) *pqSchema {
	schemas.mu.Lock()
	defer schemas.mu.Unlock()
	if id >= uint64(len(schemas.list)) {
		return nil
	}
	return schemas.list[id]
}

// pqColumns are the column indexes of the fields of a file's rows, -1 when
// absent.
type pqColumns struct {
	id, text, url, site int
}

// parquetColumns finds the columns named by f in s: the text must be a
// top-level string (byte array) column; the id a string or integer
// column; url and site string columns. Errors name the column.
func parquetColumns(s *parquet.Schema, f Fields) (pqColumns, error) {
	c := pqColumns{-1, -1, -1, -1}
	look := func(dst *int, name string, kinds ...parquet.Kind) error {
		for _, fl := range s.Fields() {
			if fl.Name() != name {
				continue
			}
			lc, ok := s.Lookup(name)
			if !ok || lc.MaxRepetitionLevel > 0 || !slices.Contains(kinds, lc.Node.Type().Kind()) {
				return fmt.Errorf("column %q is not a single %s value (it is %s)", name, kindNames(kinds), strings.TrimSpace(fl.String()))
			}
			*dst = lc.ColumnIndex
		}
		return nil
	}
	str := []parquet.Kind{parquet.ByteArray, parquet.FixedLenByteArray}
	if err := look(&c.text, f.Text, str...); err != nil {
		return c, err
	}
	if c.text < 0 {
		names := make([]string, 0, len(s.Fields()))
		for _, fl := range s.Fields() {
			names = append(names, fl.Name())
		}
		return c, fmt.Errorf("no text column %q (the columns are %s)", f.Text, strings.Join(names, ", "))
	}
	if err := look(&c.id, f.ID, append(str, parquet.Int32, parquet.Int64)...); err != nil {
		return c, err
	}
	if err := look(&c.url, f.URL, str...); err != nil {
		return c, err
	}
	return c, look(&c.site, f.Site, str...)
}

func kindNames(kinds []parquet.Kind) string {
	if kinds[0] == parquet.ByteArray && len(kinds) == 2 {
		return "string"
	}
	return "string or integer"
}

// parquet reads the rows of the Parquet file at path.
func (r *fileReader) parquet(path string) (err error) {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return err
	}
	pf, err := OpenParquet(fh, fi.Size())
	if err != nil {
		return fmt.Errorf("%s: not a readable Parquet file (truncated or corrupt?): %w", path, err)
	}
	cols, err := parquetColumns(pf.Schema(), r.dec.fields)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	pr := &pqReader{fileReader: r, path: path, cols: cols, sch: registerSchema(pf.Schema())}
	for _, rg := range pf.RowGroups() {
		if err := pr.rowGroup(rg); err != nil {
			return err
		}
	}
	return nil
}

// OpenParquet is parquet.OpenFile (without page indexes and bloom
// filters), with a panic of parquet-go on a corrupt footer turned into an
// error, and a footer length that does not fit in the file refused first:
// parquet-go makes a buffer of that length before it reads, 827 MB for a
// file of 8 bytes "PAR1PAR1" (whose length field is "PAR1"), which a
// long-lived process has to clear.
func OpenParquet(f io.ReaderAt, size int64) (pf *parquet.File, err error) {
	if err := checkFooter(f, size); err != nil {
		return nil, err
	}
	defer func() {
		if v := recover(); v != nil {
			pf, err = nil, fmt.Errorf("%v", v)
		}
	}()
	return parquet.OpenFile(f, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true), parquet.ReadBufferSize(1<<16))
}

// checkFooter checks the end of a Parquet file of size bytes: its footer
// length and magic, and that "PAR1", the footer and those 8 bytes fit.
func checkFooter(f io.ReaderAt, size int64) error {
	if size < 12 {
		return fmt.Errorf("%d bytes, fewer than a Parquet file's 12 of magic and footer length", size)
	}
	var end [8]byte
	if _, err := f.ReadAt(end[:], size-8); err != nil {
		return err
	}
	if string(end[4:]) != "PAR1" {
		return fmt.Errorf("no magic PAR1 at the end (%q)", end[4:])
	}
	if n := int64(binary.LittleEndian.Uint32(end[:4])); n > size-12 {
		return fmt.Errorf("a footer of %d bytes in a file of %d", n, size)
	}
	return nil
}

// A pqReader reads the rows of one Parquet file.
type pqReader struct {
	*fileReader
	path string
	cols pqColumns
	sch  *pqSchema
	row  int // rows read so far
	buf  []byte
	rows []parquet.Row
}

// rowGroup reads the rows of one row group. A row group that cannot be read
// to its end is an error at its first unread row, or, with SkipBad, one
// record marked bad that stands for its unread rows.
func (p *pqReader) rowGroup(rg parquet.RowGroup) error {
	rows := rg.Rows()
	defer rows.Close()
	if p.rows == nil {
		p.rows = make([]parquet.Row, parquetBatch)
	}
	first := p.row
	for {
		n, err := readRows(rows, p.rows)
		for _, row := range p.rows[:n] {
			p.row++
			d, err := p.record(row)
			if err == nil {
				err = p.fn(d)
			}
			if err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err == nil && n == 0 {
			err = io.ErrNoProgress
		}
		if err != nil {
			lost := first + int(rg.NumRows()) - p.row
			bad := fmt.Errorf("unreadable rows (%d to the end of the row group): %w", lost, err)
			if !p.SkipBad {
				return &Error{File: p.path, Line: p.row + 1, Err: bad}
			}
			p.row++
			d := &Record{ID: fmt.Sprintf("%s:%d", p.path, p.row), File: p.path, Line: p.row, Bad: bad.Error()}
			p.row = max(p.row, first+int(rg.NumRows()))
			return p.fn(d)
		}
	}
}

// readRows is rows.ReadRows, with a panic of parquet-go on a corrupt page
// turned into an error.
func readRows(rows parquet.Rows, buf []parquet.Row) (n int, err error) {
	defer func() {
		if v := recover(); v != nil {
			n, err = 0, fmt.Errorf("corrupt page: %v", v)
		}
	}()
	return rows.ReadRows(buf)
}

// record returns the record of one row: its fields decoded, and the row
// encoded (in a recycled chunk) for an encoder. A row whose text is null
// is an error, or a record marked bad with SkipBad.
func (p *pqReader) record(row parquet.Row) (*Record, error) {
	d := &Record{File: p.path, Line: p.row}
	var text, id, url, site parquet.Value
	var textEnd int
	b := binary.AppendUvarint(p.buf[:0], uint64(p.sch.id))
	for _, v := range row {
		b = appendValue(b, v)
		switch v.Column() {
		case p.cols.text:
			text, textEnd = v, len(b)
		case p.cols.id:
			id = v
		case p.cols.url:
			url = v
		case p.cols.site:
			site = v
		}
	}
	p.buf = b
	d.row, d.chunk = p.alloc.New(len(b))
	copy(d.row, b)
	d.Size = len(b)
	d.ID = p.valueID(id)
	if text.IsNull() {
		err := fmt.Errorf("column %q is null", p.dec.fields.Text)
		if !p.SkipBad {
			d.Release()
			return nil, &Error{File: d.File, Line: d.Line, Err: err}
		}
		d.Release()
		d.row, d.Bad = nil, err.Error()
		return d, nil
	}
	d.textVal = Span{textEnd - len(text.ByteArray()), textEnd}
	d.SetText(slices.Clone(text.ByteArray()))
	d.URL = string(url.ByteArray())
	d.Site = string(site.ByteArray())
	if d.Site == "" && d.URL != "" {
		d.Site = SiteOf(d.URL)
	}
	return d, nil
}

// valueID returns the id of the current row from the value of its id
// column: a string as it is (invalid UTF-8 replaced), an integer in
// decimal, FILE:ROW when null or absent.
func (p *pqReader) valueID(v parquet.Value) string {
	switch {
	case v.IsNull():
		return p.path + ":" + strconv.Itoa(p.row)
	case v.Kind() == parquet.Int32 || v.Kind() == parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	}
	return strings.ToValidUTF8(string(v.ByteArray()), "\uFFFD")
}

// appendValue appends the encoding of v to b (see the row encoding above).
func appendValue(b []byte, v parquet.Value) []byte {
	b = binary.AppendUvarint(b, uint64(v.Column()))
	b = binary.AppendUvarint(b, uint64(v.RepetitionLevel()))
	b = binary.AppendUvarint(b, uint64(v.DefinitionLevel()))
	if v.IsNull() {
		return append(b, 0)
	}
	b = append(b, byte(v.Kind())+1)
	n := len(b)
	b = binary.AppendUvarint(b, 0) // placeholder for fixed-size values
	switch v.Kind() {
	case parquet.ByteArray, parquet.FixedLenByteArray:
		b = binary.AppendUvarint(b[:n], uint64(len(v.ByteArray())))
		return append(b, v.ByteArray()...)
	}
	b = v.AppendBytes(b)
	b[n] = byte(len(b) - n - 1) // at most 12 bytes: one uvarint byte
	return b
}

// errRow is the error of a malformed row encoding.
var errRow = errors.New("records: invalid Parquet row encoding")

// decodeRow appends to row the values of the row encoding b (without its
// schema id), checked against the leaf columns of its schema.
func decodeRow(row parquet.Row, b []byte, leaves []pqLeaf) (parquet.Row, error) {
	for len(b) > 0 {
		var f [3]uint64
		for i := range f {
			x, n := binary.Uvarint(b)
			if n <= 0 {
				return row, errRow
			}
			f[i], b = x, b[n:]
		}
		col, rep, def := f[0], f[1], f[2]
		if col >= uint64(len(leaves)) || len(b) == 0 {
			return row, errRow
		}
		leaf := leaves[col]
		if rep > uint64(leaf.maxRep) || def > uint64(leaf.maxDef) {
			return row, errRow
		}
		kind := b[0]
		b = b[1:]
		if kind == 0 {
			row = append(row, parquet.NullValue().Level(int(rep), int(def), int(col)))
			continue
		}
		if parquet.Kind(kind-1) != leaf.kind || def != uint64(leaf.maxDef) {
			return row, errRow
		}
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) || !validSize(leaf.kind, n) {
			return row, errRow
		}
		v := leaf.kind.Value(b[k : k+int(n)])
		row = append(row, v.Level(int(rep), int(def), int(col)))
		b = b[k+int(n):]
	}
	return row, nil
}

// validSize reports whether n bytes can hold a value of kind k.
func validSize(k parquet.Kind, n uint64) bool {
	switch k {
	case parquet.Boolean:
		return n == 1
	case parquet.Int32, parquet.Float:
		return n == 4
	case parquet.Int64, parquet.Double:
		return n == 8
	case parquet.Int96:
		return n == 12
	}
	return true
}
