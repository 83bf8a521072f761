package records

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/stretchr/testify/require"
)

// pqDoc is a row of the test files: every kind of column a corpus may
// carry next to its text.
type pqDoc struct {
	ID    int64             `parquet:"id"`
	Text  *string           `parquet:"text,optional"`
	URL   *string           `parquet:"url,optional"`
	Score float64           `parquet:"score"`
	Flag  bool              `parquet:"flag"`
	Count int32             `parquet:"count"`
	Tags  []string          `parquet:"tags,list"`
	Meta  *string           `parquet:"meta,optional"`
	Attrs map[string]string `parquet:"attrs"`
	Pos   struct {
		Line int64   `parquet:"line"`
		Rate float32 `parquet:"rate"`
	} `parquet:"pos"`
}

func ptr[T any](v T) *T { return &v }

// pqDocs returns n rows; every fifth has no url, every third a meta.
func pqDocs(n int) []pqDoc {
	docs := make([]pqDoc, n)
	for i := range docs {
		d := &docs[i]
		d.ID = int64(1000 + i)
		d.Text = ptr(fmt.Sprintf("document %d says ünïcödé things\n\nand a second paragraph", i))
		if i%5 != 0 {
			d.URL = ptr(fmt.Sprintf("https://www.Site%d.example/page/%d", i%3, i))
		}
		d.Score, d.Flag, d.Count = float64(i)/7, i%2 == 0, int32(-i)
		d.Tags = []string{"t" + fmt.Sprint(i%4)}
		if i%4 == 0 {
			d.Tags = nil
		}
		if i%3 == 0 {
			d.Meta = ptr(fmt.Sprintf(`{"n":%d}`, i))
		}
		d.Attrs = map[string]string{"k": fmt.Sprint(i)}
		d.Pos.Line, d.Pos.Rate = int64(i*10), float32(i)/2
	}
	return docs
}

// writeParquet writes docs with parquet-go's generic writer, perGroup rows
// per row group.
func writeParquet(t testing.TB, path string, docs []pqDoc, perGroup int) {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[pqDoc](&buf, parquet.Compression(&zstd.Codec{}))
	for i := 0; i < len(docs); i += perGroup {
		_, err := w.Write(docs[i:min(i+perGroup, len(docs))])
		require.NoError(t, err)
		require.NoError(t, w.Flush())
	}
	require.NoError(t, w.Close())
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
}

func readParquet(t testing.TB, path string) []pqDoc {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r := parquet.NewGenericReader[pqDoc](f)
	docs := make([]pqDoc, r.NumRows())
	n, err := r.Read(docs)
	if err != io.EOF {
		require.NoError(t, err)
	}
	require.Equal(t, len(docs), n)
	return docs
}

func TestParquetRead(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.parquet")
	docs := pqDocs(25)
	writeParquet(t, in, docs, 10)
	var got []*Record
	require.NoError(t, (&Files{Paths: []string{in}}).Each(func(r *Record) error {
		require.NoError(t, r.Decode())
		got = append(got, r)
		return nil
	}))
	require.Len(t, got, len(docs))
	for i, r := range got {
		require.Equal(t, fmt.Sprint(1000+i), r.ID)
		require.Equal(t, *docs[i].Text, string(r.Text))
		require.Equal(t, i+1, r.Line, "Line is the row number")
		require.Equal(t, i, r.Ord)
		require.Equal(t, in, r.File)
		if docs[i].URL == nil {
			require.Empty(t, r.URL)
			require.Empty(t, r.Site)
		} else {
			require.Equal(t, *docs[i].URL, r.URL)
			require.Equal(t, fmt.Sprintf("site%d.example", i%3), r.Site)
		}
	}
}

// TestParquetRoundTrip reads a file of several row groups and column
// kinds, writes it with a replaced text, and reads it back: every other
// column is intact.
func TestParquetRoundTrip(t *testing.T) {
	dir := t.TempDir()
	in, outPath := filepath.Join(dir, "in.parquet"), filepath.Join(dir, "out.parquet")
	docs := pqDocs(300)
	writeParquet(t, in, docs, 64)
	out, err := Create(outPath, OutputOptions{})
	require.NoError(t, err)
	require.Nil(t, out.File(), "a Parquet output cannot be cut in place")
	var buf []byte
	kept := 0
	require.NoError(t, (&Files{Paths: []string{in}}).Each(func(r *Record) error {
		if r.Line%7 == 0 {
			return nil // removed
		}
		var sp Span
		start := len(buf)
		text := bytes.ToUpper(r.Text)
		buf, sp = out.AppendRecord(buf, r, text)
		require.Equal(t, string(text), string(out.AppendText(nil, buf[start+sp.Start:start+sp.End])))
		r.Release()
		kept++
		if len(buf) > 5000 { // write in pieces that split records
			_, err := out.Write(buf[:len(buf)-3])
			require.NoError(t, err)
			buf = append(buf[:0], buf[len(buf)-3:]...)
		}
		return nil
	}))
	_, err = out.Write(buf)
	require.NoError(t, err)
	require.NoError(t, out.Commit())
	got := readParquet(t, outPath)
	var want []pqDoc
	for i, d := range readParquet(t, in) { // as parquet-go reads the input
		if (i+1)%7 != 0 {
			d.Text = ptr(strings.ToUpper(*d.Text))
			want = append(want, d)
		}
	}
	require.Equal(t, kept, len(got))
	require.Equal(t, want, got)
}

// TestParquetFromJSON writes records not read from Parquet to a Parquet
// output: columns id, text, url, site.
func TestParquetFromJSON(t *testing.T) {
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "in.jsonl"), `{"id":"a","body":"first","url":"https://www.x.org/1","n":3}`+"\n"+`{"id":7,"body":"second"}`+"\n")
	outPath := filepath.Join(dir, "out.parquet")
	out, err := Create(outPath, OutputOptions{Encoder: Parquet{TextField: "body"}})
	require.NoError(t, err)
	var buf []byte
	require.NoError(t, (&Files{Paths: []string{in}, Fields: Fields{Text: "body"}}).Each(func(r *Record) error {
		require.NoError(t, r.Decode())
		buf, _ = out.AppendRecord(buf, r, r.Text)
		return nil
	}))
	_, err = out.Write(buf)
	require.NoError(t, err)
	require.NoError(t, out.Commit())
	type row struct {
		ID   string  `parquet:"id"`
		Body string  `parquet:"body"`
		URL  *string `parquet:"url,optional"`
		Site *string `parquet:"site,optional"`
	}
	rows, err := parquet.ReadFile[row](outPath)
	require.NoError(t, err)
	require.Equal(t, []row{{"a", "first", ptr("https://www.x.org/1"), ptr("x.org")}, {"7", "second", nil, nil}}, rows)
	f, err := os.Open(outPath)
	require.NoError(t, err)
	defer f.Close()
	fi, _ := f.Stat()
	pf, err := parquet.OpenFile(f, fi.Size())
	require.NoError(t, err)
	require.Equal(t, [][]string{{"id"}, {"body"}, {"url"}, {"site"}}, pf.Schema().Columns(), "columns in this order")
}

func TestParquetEmptyOutput(t *testing.T) {
	outPath := filepath.Join(t.TempDir(), "out.parquet")
	out, err := Create(outPath, OutputOptions{})
	require.NoError(t, err)
	require.NoError(t, out.Commit())
	rows, err := parquet.ReadFile[struct {
		ID string `parquet:"id"`
	}](outPath)
	require.NoError(t, err)
	require.Empty(t, rows)
}

// TestParquetMixedSchemas: rows of two files with different columns
// cannot go to one output; the error names both.
func TestParquetMixedSchemas(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.parquet"), filepath.Join(dir, "b.parquet")
	writeParquet(t, a, pqDocs(3), 3)
	type other struct {
		Text string `parquet:"text"`
	}
	require.NoError(t, parquet.WriteFile(b, []other{{"x"}}))
	w := NewParquetWriter(io.Discard, Parquet{})
	var buf []byte
	require.NoError(t, (&Files{Paths: []string{a, b}}).Each(func(r *Record) error {
		buf, _ = w.AppendRecord(buf, r, r.Text)
		return nil
	}))
	_, err := w.Write(buf)
	require.ErrorContains(t, err, "rows of columns (id, text, url, score, flag, count, tags, meta, attrs, pos) and (text) cannot go to one file")
}

func TestParquetBadInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.parquet")
	writeParquet(t, good, pqDocs(40), 10)
	data, err := os.ReadFile(good)
	require.NoError(t, err)
	trunc := write(t, filepath.Join(dir, "trunc.parquet"), string(data[:len(data)/2]))
	_, err = read(t, &Files{Paths: []string{trunc}})
	require.ErrorContains(t, err, trunc+": not a readable Parquet file")
	_, err = read(t, &Files{Paths: []string{trunc}, SkipBad: true})
	require.ErrorContains(t, err, trunc, "a file without its footer has no readable row")

	// A footer length that the file cannot hold is refused before
	// parquet-go makes a buffer of it (827 MB here).
	bomb := write(t, filepath.Join(dir, "bomb.parquet"), "PAR1"+strings.Repeat("x", 100)+"PAR1PAR1")
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	_, err = read(t, &Files{Paths: []string{bomb}})
	runtime.ReadMemStats(&m1)
	require.EqualError(t, err, bomb+": not a readable Parquet file (truncated or corrupt?): a footer of 827474256 bytes in a file of 112")
	require.Less(t, m1.TotalAlloc-m0.TotalAlloc, uint64(16<<20), "bytes allocated to read a 112-byte file")

	notext := filepath.Join(dir, "notext.parquet")
	require.NoError(t, parquet.WriteFile(notext, []struct {
		ID   string `parquet:"id"`
		Body string `parquet:"body"`
	}{{"a", "b"}}))
	_, err = read(t, &Files{Paths: []string{notext}})
	require.EqualError(t, err, notext+`: no text column "text" (the columns are id, body)`)

	nulls := filepath.Join(dir, "nulls.parquet")
	docs := pqDocs(6)
	docs[2].Text, docs[4].Text = nil, nil
	writeParquet(t, nulls, docs, 4)
	_, err = read(t, &Files{Paths: []string{nulls}})
	var e *Error
	require.True(t, errors.As(err, &e), "%v", err)
	require.Equal(t, nulls+`:3: column "text" is null`, err.Error())
	got, err := read(t, &Files{Paths: []string{nulls}, SkipBad: true})
	require.NoError(t, err)
	require.Len(t, got, 6)
	require.Equal(t, "1002||"+"|"+`column "text" is null`, got[2])
	require.Equal(t, "1003|site0.example|"+*docs[3].Text+"|", got[3])
}

// parquetSeeds returns a good file of two row groups (12 rows, every
// kind of column) and pieces of it: the seeds of FuzzParquet and
// TestParquetMutations.
func parquetSeeds(t testing.TB) [][]byte {
	good := filepath.Join(t.TempDir(), "seed.parquet")
	writeParquet(t, good, pqDocs(12), 5)
	data, err := os.ReadFile(good)
	require.NoError(t, err)
	flip := bytes.Clone(data)
	flip[len(flip)/3] ^= 0xff
	return [][]byte{
		data,
		data[:len(data)-9], // footer cut, its length and the magic kept
		append([]byte("PAR1"), data[len(data)/2:]...),
		flip,
		[]byte("PAR1PAR1"), // a footer length of 827 MB ("PAR1")
	}
}

// readMangled reads data as the Parquet file path, with and without
// SkipBad: whatever the file holds, reading must end in records or an
// error naming the file, never a panic (parquet-go panics on some corrupt
// files: openParquet and readRows recover), and every record read is
// numbered in order with valid UTF-8 text.
func readMangled(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, skip := range []bool{false, true} {
		line := 0
		err := (&Files{Paths: []string{path}, SkipBad: skip}).Each(func(r *Record) error {
			defer r.Release()
			if err := r.Decode(); err != nil {
				return err
			}
			if r.Line <= line || !utf8.Valid(r.Text) {
				t.Fatalf("record %d after %d, text %q", r.Line, line, r.Text)
			}
			line = r.Line
			return nil
		})
		if err != nil && !strings.Contains(err.Error(), path) {
			t.Fatalf("SkipBad %v: error %q does not name the file", skip, err)
		}
	}
}

// FuzzParquet reads corrupted Parquet files (see readMangled). Go's fuzzing
// engine stalls on this target after a few hundred inputs on the 2-core
// machine of the README, outside the function (a watchdog in it never
// fired), so TestParquetMutations mangles the seeds too, with its own
// random edits.
func FuzzParquet(f *testing.F) {
	for _, s := range parquetSeeds(f) {
		f.Add(s)
	}
	path := filepath.Join(f.TempDir(), "fuzz.parquet")
	f.Fuzz(func(t *testing.T, data []byte) { readMangled(t, path, data) })
}

// TestParquetMutations reads 2,000 copies of the seeds of FuzzParquet
// (400 under -race or -short), each with one to four random edits (a byte
// set, removed or inserted, or four bytes set to 0xff, a large length or
// count), seeded for repeatability.
func TestParquetMutations(t *testing.T) {
	seeds := parquetSeeds(t)
	path := filepath.Join(t.TempDir(), "m.parquet")
	rng := rand.New(rand.NewPCG(14, 40))
	n := 2000
	if testing.Short() || raceEnabled {
		n = 400
	}
	for range n {
		b := bytes.Clone(seeds[rng.IntN(len(seeds))])
		for range 1 + rng.IntN(4) {
			i := rng.IntN(len(b))
			switch rng.IntN(4) {
			case 0:
				b[i] = byte(rng.Uint32())
			case 1:
				b = slices.Delete(b, i, i+1)
			case 2:
				b = slices.Insert(b, i, byte(rng.Uint32()))
			default:
				copy(b[i:], []byte{0xff, 0xff, 0xff, 0xff})
			}
			if len(b) == 0 {
				b = []byte("PAR1")
			}
		}
		readMangled(t, path, b)
	}
}
