package records

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

// Parquet output.
//
// The engine hands a Sink its records already encoded and concatenated
// (and may keep them in its spool before writing them), so an encoded
// Parquet record is self-delimiting: a uvarint length and a row encoding
// (parquet.go). ParquetWriter splits what it is given into rows and
// writes them with parquet-go.

// Parquet encodes records as rows of a Parquet file, written by a
// ParquetWriter (or an Output whose Encoder is Parquet). A record read from
// Parquet keeps every column of its row, with only the text replaced, and
// the output has its file's schema: rows of files with different schemas
// cannot go to one output. Any other record (JSON Lines, a text file)
// becomes a row of four columns: id and the text (required strings), url
// and site (optional strings, null when empty); other members of a JSON
// object are not carried over (write them to JSON Lines instead).
//
// The zero value is ready to use; it is safe for concurrent use.
type Parquet struct {
	// TextField names the text column of rows of records not read from
	// Parquet; "" means "text". It must differ from id, url and site.
	TextField string
}

// AppendRecord implements Encoder.
func (p Parquet) AppendRecord(dst []byte, r *Record, text []byte) ([]byte, Span) {
	start := len(dst)
	if r.row == nil {
		return p.appendNew(dst, r, text)
	}
	head, tail := r.row[:r.textVal.Start], r.row[r.textVal.End:]
	head = head[:len(head)-uvarintLen(uint64(r.textVal.End-r.textVal.Start))]
	n := len(head) + uvarintLen(uint64(len(text))) + len(text) + len(tail)
	dst = binary.AppendUvarint(dst, uint64(n))
	dst = append(dst, head...)
	dst = binary.AppendUvarint(dst, uint64(len(text)))
	sp := Span{Start: len(dst) - start}
	dst = append(dst, text...)
	sp.End = len(dst) - start
	return append(dst, tail...), sp
}

// appendNew appends the encoding of a record not read from Parquet, as a
// row of the schema of recordColumns.
func (p Parquet) appendNew(dst []byte, r *Record, text []byte) ([]byte, Span) {
	sch := recordSchema(p.TextField)
	var sp Span
	body := binary.AppendUvarint(nil, uint64(sch.id))
	body = appendValue(body, parquet.ByteArrayValue([]byte(r.ID)).Level(0, 0, 0))
	body = appendValue(body, parquet.ByteArrayValue(text).Level(0, 0, 1))
	sp.End = len(body)
	sp.Start = sp.End - len(text)
	for col, s := range []string{r.URL, r.Site} {
		v := parquet.NullValue()
		if s != "" {
			v = parquet.ByteArrayValue([]byte(s)).Level(0, 1, 0)
		}
		body = appendValue(body, v.Level(0, v.DefinitionLevel(), col+2))
	}
	start := len(dst)
	dst = binary.AppendUvarint(dst, uint64(len(body)))
	shift := len(dst) - start
	return append(dst, body...), Span{sp.Start + shift, sp.End + shift}
}

// AppendText implements Encoder: the encoding of a text is the text.
func (Parquet) AppendText(dst, enc []byte) []byte { return append(dst, enc...) }

func uvarintLen(x uint64) int {
	n := 1
	for ; x >= 0x80; x >>= 7 {
		n++
	}
	return n
}

// recordColumns are the columns of a Parquet output of records that were
// not read from Parquet, TEXT standing for the text column's name.
var recordColumns = []column{
	{Name: "id", Kind: stringColumn, Required: true},
	{Name: "TEXT", Kind: stringColumn, Required: true},
	{Name: "url", Kind: stringColumn},
	{Name: "site", Kind: stringColumn},
}

var recordSchemas sync.Map // text column name → *pqSchema

// recordSchema returns the schema of rows of records not read from
// Parquet, with text column name field.
func recordSchema(field string) *pqSchema {
	if field == "" {
		field = "text"
	}
	if s, ok := recordSchemas.Load(field); ok {
		return s.(*pqSchema)
	}
	cols := append([]column(nil), recordColumns...)
	cols[1].Name = field
	s, err := flatSchema("records", cols)
	if err != nil { // a text field that is not a valid column name
		cols[1].Name = "text"
		s, _ = flatSchema("records", cols)
	}
	ps := registerSchema(s)
	recordSchemas.Store(field, ps)
	return ps
}

// A column is a column of a Parquet table of flat rows (see flatSchema).
type column struct {
	Name     string
	Kind     columnKind
	Required bool // else the column is optional: a missing value is null
}

// A columnKind is the type of a column's values.
type columnKind uint8

// The kinds of column: UTF-8 strings, 64-bit integers and floats,
// booleans.
const (
	stringColumn columnKind = iota
	intColumn
	floatColumn
	boolColumn
)

// flatSchema returns the schema of a message of top-level columns, in the
// order given (parquet.Group would sort them by name).
func flatSchema(name string, cols []column) (*parquet.Schema, error) {
	fields := make([]reflect.StructField, len(cols))
	seen := map[string]bool{}
	for i, c := range cols {
		if c.Name == "" || strings.ContainsAny(c.Name, ",\"`") || seen[c.Name] {
			return nil, fmt.Errorf("records: invalid or repeated column name %q", c.Name)
		}
		seen[c.Name] = true
		var t reflect.Type
		switch c.Kind {
		case stringColumn:
			t = reflect.TypeFor[string]()
		case intColumn:
			t = reflect.TypeFor[int64]()
		case floatColumn:
			t = reflect.TypeFor[float64]()
		case boolColumn:
			t = reflect.TypeFor[bool]()
		default:
			return nil, fmt.Errorf("records: column %q has an invalid kind %d", c.Name, c.Kind)
		}
		tag := c.Name
		if !c.Required {
			t, tag = reflect.PointerTo(t), tag+",optional"
		}
		fields[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: t, Tag: reflect.StructTag(`parquet:"` + tag + `"`)}
	}
	s := parquet.SchemaOf(reflect.New(reflect.StructOf(fields)).Interface())
	return parquet.NewSchema(name, s), nil
}

// ParquetWriter is a Sink that writes a Parquet file of the records
// encoded by its Parquet encoder: Write takes the concatenated encodings
// that AppendRecord returned (split anywhere between calls), and Close
// writes the file's footer. The file has the schema of the first record;
// a file with no record has the schema of records not read from Parquet.
// Pages are compressed with Snappy, and a row group is written every
// 64 MiB of row encodings or so.
//
// A ParquetWriter is not safe for concurrent use, except its Encoder
// methods.
type ParquetWriter struct {
	Parquet
	rows rowWriter
	sch  *pqSchema
	part []byte // the start of a record whose end is in the next Write
}

// NewParquetWriter returns a ParquetWriter that writes to w, encoding
// records with enc.
func NewParquetWriter(w io.Writer, enc Parquet) *ParquetWriter {
	return &ParquetWriter{Parquet: enc, rows: rowWriter{w: w}}
}

// Write implements io.Writer: it writes the records encoded in p. Bytes
// that are not such encodings are an error.
func (pw *ParquetWriter) Write(p []byte) (int, error) {
	if pw.rows.err != nil {
		return 0, pw.rows.err
	}
	n := len(p)
	if len(pw.part) > 0 {
		pw.part = append(pw.part, p...)
		p = pw.part
	}
loop:
	for len(p) > 0 {
		size, k := binary.Uvarint(p)
		switch {
		case k < 0 || k == 0 && len(p) >= binary.MaxVarintLen64 || size > maxRecord:
			return 0, pw.fail(errRow)
		case k == 0 || size > uint64(len(p)-k):
			break loop // the rest comes with the next Write
		}
		if err := pw.add(p[k : k+int(size)]); err != nil {
			return 0, pw.fail(err)
		}
		p = p[k+int(size):]
	}
	if err := pw.rows.flush(); err != nil {
		return 0, err
	}
	pw.part = append(pw.part[:0], p...)
	return n, nil
}

// add decodes one row encoding and queues the row.
func (pw *ParquetWriter) add(b []byte) error {
	id, k := binary.Uvarint(b)
	if k <= 0 {
		return errRow
	}
	if pw.sch == nil {
		if pw.sch = schemaByID(id); pw.sch == nil {
			return errRow
		}
		if err := pw.rows.start(pw.sch.schema); err != nil {
			return err
		}
	} else if id != uint64(pw.sch.id) {
		other := schemaByID(id)
		if other == nil {
			return errRow
		}
		return fmt.Errorf("rows of columns (%s) and (%s) cannot go to one file; write them to separate outputs", pw.sch.columns(), other.columns())
	}
	row, err := decodeRow(pw.rows.next(), b[k:], pw.sch.leaves)
	if err != nil {
		return err
	}
	return pw.rows.add(row, len(b))
}

func (pw *ParquetWriter) fail(err error) error {
	if pw.rows.err == nil {
		pw.rows.err = fmt.Errorf("writing Parquet: %w", err)
	}
	return pw.rows.err
}

// Close writes the end of the file (it does not close the writer it
// writes to).
func (pw *ParquetWriter) Close() error {
	if pw.rows.err == nil && len(pw.part) > 0 {
		pw.fail(fmt.Errorf("%w: the last record is incomplete", errRow))
	}
	if pw.sch == nil && pw.rows.err == nil {
		pw.rows.start(recordSchema(pw.TextField).schema)
	}
	return pw.rows.close()
}

// A rowWriter writes rows to a Parquet file with parquet-go, in batches,
// in row groups of about groupBytes of input.
type rowWriter struct {
	w     io.Writer
	pw    *parquet.GenericWriter[any]
	rows  []parquet.Row
	group int // input bytes in the current row group
	err   error
}

const (
	maxRecord  = 1 << 36 // bytes of one encoded record
	rowBatch   = 256
	groupBytes = 64 << 20
)

func (rw *rowWriter) start(s *parquet.Schema) error {
	cfg, err := parquet.NewWriterConfig(s, parquet.Compression(&snappy.Codec{}), parquet.CreatedBy("dedupe", "", ""))
	if err != nil {
		rw.err = err
		return err
	}
	rw.pw = parquet.NewGenericWriter[any](rw.w, cfg)
	return nil
}

// next returns an empty row to append values to; it is valid until flush.
func (rw *rowWriter) next() parquet.Row {
	if len(rw.rows) < cap(rw.rows) {
		return rw.rows[:len(rw.rows)+1][len(rw.rows)][:0]
	}
	return nil
}

// add queues row (whose values may refer to the caller's bytes until the
// next flush); size is its input size.
func (rw *rowWriter) add(row parquet.Row, size int) error {
	if rw.rows == nil {
		rw.rows = make([]parquet.Row, 0, rowBatch)
	}
	rw.rows = append(rw.rows, row)
	rw.group += size
	if len(rw.rows) == rowBatch {
		return rw.flush()
	}
	return nil
}

// flush writes the queued rows, and ends the row group when it is large.
func (rw *rowWriter) flush() error {
	if rw.err != nil || len(rw.rows) == 0 {
		return rw.err
	}
	_, rw.err = rw.pw.WriteRows(rw.rows)
	rw.rows = rw.rows[:0]
	if rw.err == nil && rw.group >= groupBytes {
		rw.err = rw.pw.Flush()
		rw.group = 0
	}
	return rw.err
}

func (rw *rowWriter) close() error {
	if err := rw.flush(); err != nil {
		return err
	}
	if rw.pw == nil {
		return errors.New("writing Parquet: no schema")
	}
	rw.err = rw.pw.Close()
	if rw.err == nil {
		rw.err = errors.New("writing Parquet: closed")
		return nil
	}
	return rw.err
}
