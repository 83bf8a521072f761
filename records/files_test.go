package records

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// read decodes every record of src and returns "id|site|text" per record,
// and the decode errors.
func read(t *testing.T, src Source) ([]string, error) {
	t.Helper()
	var out []string
	err := src.Each(func(r *Record) error {
		if err := r.Decode(); err != nil {
			return err
		}
		out = append(out, r.ID+"|"+r.Site+"|"+string(r.Text)+"|"+r.Bad)
		r.Release()
		return nil
	})
	return out, err
}

func write(t *testing.T, path, content string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

func TestFilesFolder(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "b.txt"), "bee")
	write(t, filepath.Join(dir, "a.jsonl"), `{"id":"x","text":"ex","url":"https://WWW.Example.org/p"}`+"\n\n"+`{"text":"no id","site":"s"}`+"\n")
	write(t, filepath.Join(dir, "sub", "c.md"), "see\xff")
	write(t, filepath.Join(dir, ".hidden", "d.txt"), "hidden")
	write(t, filepath.Join(dir, ".e.txt"), "hidden too")
	got, err := read(t, &Files{Paths: []string{dir}})
	require.NoError(t, err)
	a := filepath.Join(dir, "a.jsonl")
	require.Equal(t, []string{
		"x|example.org|ex|",
		a + ":3|s|no id|",
		filepath.Join(dir, "b.txt") + "||bee|",
		filepath.Join(dir, "sub", "c.md") + "||see\uFFFD|",
	}, got)
}

// TestFilesSymlinks: "a symlink to a folder given as INPUT reads nothing"
// and "symlinks inside an input folder are silently skipped", with exit
// status 0. Links are followed: to a file, to a folder (in its place),
// the input itself; a link back to a folder the walk is in, and one that
// leads nowhere, are skipped.
func TestFilesSymlinks(t *testing.T) {
	base := t.TempDir()
	write(t, filepath.Join(base, "src", "p.txt"), "pee")
	write(t, filepath.Join(base, "src", "q", "r.txt"), "are")
	dir := filepath.Join(base, "in")
	write(t, filepath.Join(dir, "a.txt"), "ay")
	for link, target := range map[string]string{
		"b.txt": "../src/p.txt",   // a file
		"c":     "../src/q",       // a folder
		"d":     "..",             // a folder holding the input: a cycle
		"e.txt": "../src/nowhere", // leads nowhere
		".f":    "../src",         // hidden
	} {
		require.NoError(t, os.Symlink(target, filepath.Join(dir, link)))
	}
	want := []string{
		filepath.Join(dir, "a.txt") + "||ay|",
		filepath.Join(dir, "b.txt") + "||pee|",
		filepath.Join(dir, "c", "r.txt") + "||are|",
	}
	got, err := read(t, &Files{Paths: []string{dir}})
	require.NoError(t, err)
	require.Equal(t, want, got)

	link := filepath.Join(base, "link")
	require.NoError(t, os.Symlink("in", link))
	got, err = read(t, &Files{Paths: []string{link}})
	require.NoError(t, err)
	for i := range want {
		want[i] = strings.Replace(want[i], dir, link, 1)
	}
	require.Equal(t, want, got, "the input a link to a folder")
}

func TestFilesOrdAndReread(t *testing.T) {
	dir := t.TempDir()
	p := write(t, filepath.Join(dir, "in.jsonl"), `{"id":"a","text":"1"}`+"\n"+`{"id":"b","text":"2"}`+"\n")
	f := &Files{Paths: []string{p, p}}
	for pass := 0; pass < 2; pass++ {
		var ords []int
		require.NoError(t, f.Each(func(r *Record) error { ords = append(ords, r.Ord); return nil }))
		require.Equal(t, []int{0, 1, 2, 3}, ords)
	}
}

// TestFilesStdin reads standard input twice: the first reading copies it
// to a temporary file, which Close removes.
func TestFilesStdin(t *testing.T) {
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write([]byte(`{"id":"a","text":"one"}` + "\n" + `{"id":"b","text":"two"}` + "\n"))
	zw.Close()
	temps := NewTemps()
	f := &Files{Paths: []string{"-"}, Stdin: bytes.NewReader(zb.Bytes()), Temps: temps}
	first, err := read(t, f)
	require.NoError(t, err)
	require.Len(t, first, 2)
	require.Len(t, temps.paths, 1)
	second, err := read(t, f)
	require.NoError(t, err)
	require.Equal(t, first, second)
	require.NoError(t, f.Close())
	require.Empty(t, temps.paths, "the copy is removed")
}

// TestFilesPipe: "dedupe clean <(printf JSONL) -o out gave one plain
// document whose text had lost its first 8 bytes (read to sniff the
// format), and nothing in the next pass". A named pipe is read once, as
// standard input is: JSON Lines (gzip here) or WARC, named by its path,
// then read again from its copy, which Close removes.
func TestFilesPipe(t *testing.T) {
	dir := t.TempDir()
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write([]byte(`{"id":"a","text":"one"}` + "\n" + `{"id":"b","text":"two"}` + "\n"))
	zw.Close()
	for name, c := range map[string]struct {
		data []byte
		want []string
	}{
		"jsonl": {zb.Bytes(), []string{"a||one|", "b||two|"}},
		"wet":   {[]byte(strings.Join(wetRecords(), "")), nil},
	} {
		fifo := filepath.Join(dir, name)
		require.NoError(t, syscall.Mkfifo(fifo, 0o600))
		go func() {
			w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				return // the reader fails the test
			}
			w.Write(c.data)
			w.Close()
		}()
		temps := NewTemps()
		f := &Files{Paths: []string{fifo}, Temps: temps}
		for pass := range 2 {
			got, err := read(t, f)
			require.NoError(t, err, "%s, pass %d", name, pass)
			if c.want == nil {
				require.Len(t, got, len(wetWant), "%s, pass %d", name, pass)
			} else {
				require.Equal(t, c.want, got, "%s, pass %d", name, pass)
			}
			require.Len(t, temps.paths, 1)
		}
		var files []string
		require.NoError(t, f.Each(func(r *Record) error { files = append(files, r.File); return nil }))
		require.Equal(t, fifo, files[0], "records name the pipe")
		require.NoError(t, f.Close())
		require.Empty(t, temps.paths, "the copy is removed")
	}
}

func TestFilesErrors(t *testing.T) {
	dir := t.TempDir()
	bad := write(t, filepath.Join(dir, "bad.jsonl"), `{"id":"a","text":"ok"}`+"\n"+`{"id":"b","text":5}`+"\n"+`{"id":"c","text":"ok"}`+"\n")
	_, err := read(t, &Files{Paths: []string{bad}})
	var e *Error
	require.True(t, errors.As(err, &e), "%v", err)
	require.Equal(t, 2, e.Line)
	require.Equal(t, bad+`:2: field "text" is not a string`, err.Error())

	got, err := read(t, &Files{Paths: []string{bad}, SkipBad: true})
	require.NoError(t, err)
	require.Equal(t, []string{"a||ok|", `b|||field "text" is not a string`, "c||ok|"}, got)

	f := &Files{Paths: []string{bad}}
	f.Exclude(bad)
	_, err = read(t, f)
	require.ErrorContains(t, err, "is also an output")

	_, err = read(t, &Files{Paths: []string{"-", "-"}})
	require.ErrorContains(t, err, "given twice")

	_, err = read(t, &Files{Paths: []string{filepath.Join(dir, "missing.jsonl")}})
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestFieldsAndCarryThrough(t *testing.T) {
	line := `{"meta":{"a":[1,2]},"name":"x1","body":"old","n":1.5e3,"u":"http://a.b/c"}`
	p := write(t, filepath.Join(t.TempDir(), "in.ndjson"), line+"\n")
	f := &Files{Paths: []string{p}, Fields: Fields{ID: "name", Text: "body", URL: "u"}}
	var buf []byte
	require.NoError(t, f.Each(func(r *Record) error {
		require.NoError(t, r.Decode())
		require.Equal(t, "x1", r.ID)
		require.Equal(t, "a.b", r.Site)
		var sp Span
		buf, sp = JSONL{}.AppendRecord(buf, r, []byte("new \"text\""))
		require.Equal(t, "new \"text\"", string(JSONL{}.AppendText(nil, buf[sp.Start:sp.End])))
		same, _ := JSONL{}.AppendRecord(nil, r, r.Text)
		require.Equal(t, line+"\n", string(same))
		return nil
	}))
	require.Equal(t, strings.Replace(line, `"old"`, `"new \"text\""`, 1)+"\n", string(buf))
}

func TestSliceAndTexts(t *testing.T) {
	s := Texts([]string{"a", "b"}, []string{"first", "bad \xff"})
	got, err := read(t, s)
	require.NoError(t, err)
	require.Equal(t, []string{"a||first|", "b||bad \uFFFD|"}, got)
	enc, sp := JSONL{TextField: "body"}.AppendRecord(nil, s[1], s[1].Text)
	require.Equal(t, `{"id":"b","body":"bad `+"\uFFFD"+`"}`+"\n", string(enc))
	require.Equal(t, `"bad `+"\uFFFD"+`"`, string(enc[sp.Start:sp.End]))

	// A record with a url and a site (a WARC record, say) keeps them, as
	// members of their own unless the text is named so.
	r := &Record{ID: "c", URL: "https://www.a.example/x", Site: "a.example", Text: []byte("t")}
	enc, sp = JSONL{}.AppendRecord(nil, r, r.Text)
	require.Equal(t, `{"id":"c","url":"https://www.a.example/x","site":"a.example","text":"t"}`+"\n", string(enc))
	require.Equal(t, `"t"`, string(enc[sp.Start:sp.End]))
	enc, _ = JSONL{TextField: "url"}.AppendRecord(nil, r, r.Text)
	require.Equal(t, `{"id":"c","site":"a.example","url":"t"}`+"\n", string(enc))
}

func TestOutput(t *testing.T) {
	dir := t.TempDir()
	temps := NewTemps()
	path := filepath.Join(dir, "out.jsonl.gz")
	o, err := Create(path, OutputOptions{Temps: temps})
	require.NoError(t, err)
	require.Nil(t, o.File(), "a compressed output cannot be cut in place")
	o.Write([]byte("hello\n"))
	_, err = os.Stat(path)
	require.ErrorIs(t, err, os.ErrNotExist, "nothing at the path before Commit")
	require.NoError(t, o.Commit())
	rc, err := Open(path)
	require.NoError(t, err)
	lines := NewLines(rc, path)
	l, err := lines.Next()
	require.NoError(t, err)
	require.Equal(t, "hello", string(l))
	rc.Close()
	require.Empty(t, temps.paths)

	o, err = Create(filepath.Join(dir, "aborted.jsonl"), OutputOptions{Temps: temps})
	require.NoError(t, err)
	require.NotNil(t, o.File())
	require.Len(t, temps.paths, 2, "the temporary file and the lock")
	_, err = Create(filepath.Join(dir, "aborted.jsonl"), OutputOptions{})
	require.ErrorContains(t, err, "another run is writing this output")
	_, err = Create(dir, OutputOptions{})
	require.ErrorContains(t, err, "not a regular file (a folder)")
	temps.RemoveAll()
	ents, _ := os.ReadDir(dir)
	require.Len(t, ents, 1, "the temporary file and the lock are removed")
	_, err = temps.Create(dir, "x*")
	require.Error(t, err, "no temporary file after RemoveAll")
	o.Abort()
}

// TestFilesTooLarge checks the size limit: a line or a file over it is an
// error, or a bad record with SkipBad, and it is not buffered whole.
func TestFilesTooLarge(t *testing.T) {
	dir := t.TempDir()
	long := `{"id":"long","text":"` + strings.Repeat("x", 5000) + `"}`
	p := write(t, filepath.Join(dir, "in.jsonl"), `{"id":"a","text":"ok"}`+"\n"+long+"\n"+`{"id":"c","text":"ok"}`+"\n")
	txt := write(t, filepath.Join(dir, "big.txt"), strings.Repeat("y", 3000))
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write(bytes.Repeat([]byte{0}, 1<<20))
	zw.Close()
	bomb := write(t, filepath.Join(dir, "bomb"), zb.String())
	_, err := read(t, &Files{Paths: []string{p}, MaxBytes: 1000})
	require.ErrorIs(t, err, ErrTooLarge)
	require.ErrorContains(t, err, "in.jsonl:2: too large: line of "+strconv.Itoa(len(long))+" bytes (the limit is 1000)")
	_, err = read(t, &Files{Paths: []string{p}, MaxBytes: len(long)})
	require.NoError(t, err, "a line of exactly the limit")
	huge := write(t, filepath.Join(dir, "huge.jsonl"), `{"id":"h","text":"`+strings.Repeat("x", 1<<20)+`"}`+"\n")
	_, err = read(t, &Files{Paths: []string{huge}, MaxBytes: 1000})
	require.ErrorContains(t, err, "huge.jsonl:1: too large: line of more than ", "a line cut off at the limit is sized at least")
	_, err = read(t, &Files{Paths: []string{txt}, MaxBytes: 1000})
	require.ErrorIs(t, err, ErrTooLarge)
	_, err = read(t, &Files{Paths: []string{bomb}, MaxBytes: 1000})
	require.ErrorIs(t, err, ErrTooLarge, "a compressed file is read up to the limit")

	var bad []string
	f := &Files{Paths: []string{p, txt, bomb}, MaxBytes: 1000, SkipBad: true}
	require.NoError(t, f.Each(func(r *Record) error {
		require.NoError(t, r.Decode())
		if r.Bad != "" {
			require.True(t, r.TooLarge)
			bad = append(bad, r.ID)
		}
		return nil
	}))
	require.Equal(t, []string{p + ":2", txt, bomb}, bad)
	got, err := read(t, &Files{Paths: []string{p}, MaxBytes: -1})
	require.NoError(t, err)
	require.Len(t, got, 3, "no limit")
}

// TestFilesSniff checks that a JSON Lines file of something else fails at
// its first bytes, before a line is buffered.
func TestFilesSniff(t *testing.T) {
	dir := t.TempDir()
	p := write(t, filepath.Join(dir, "zeros.jsonl"), strings.Repeat("\x00", 200000)+"\n"+`{"id":"b","text":"ok"}`+"\n")
	_, err := read(t, &Files{Paths: []string{p}})
	require.ErrorContains(t, err, `zeros.jsonl:1: not a JSON object (starts with '\x00')`)
	got, err := read(t, &Files{Paths: []string{p}, SkipBad: true})
	require.NoError(t, err)
	require.Equal(t, []string{p + `:1|||not a JSON object (starts with '\x00')`, "b||ok|"}, got)

	// "starts with 'Ã'" for a line starting with é: the first byte was
	// quoted as a character of its own.
	for text, want := range map[string]string{
		"\xc3\xa9{}": `starts with 'é'`,
		"\u00a0{}":   `starts with '\u00a0'`,
		"\ufeff{}":   `starts with '\ufeff'`, // a byte order mark in mid-file
		"\xff{}":     `starts with byte 0xff`,
		"\xc3":       `starts with byte 0xc3`,
	} {
		p := write(t, filepath.Join(dir, "c.jsonl"), `{"id":"a","text":"ok"}`+"\n"+text+"\n")
		_, err := read(t, &Files{Paths: []string{p}})
		require.ErrorContains(t, err, "c.jsonl:2: not a JSON object ("+want+")", "%q", text)
	}
}

// TestDecodeKeys: keys are compared after unescaping, a field may be named
// by two flags, the last of repeated keys counts, and a byte order mark
// before the first record is skipped.
func TestDecodeKeys(t *testing.T) {
	dir := t.TempDir()
	p := write(t, filepath.Join(dir, "in.jsonl"), "\xEF\xBB\xBF"+`{"id":"a","t\u0065xt":"escaped key"}`+"\n"+
		`{"id":"b","text":"first","text":"last"}`+"\n")
	got, err := read(t, &Files{Paths: []string{p}})
	require.NoError(t, err)
	require.Equal(t, []string{"a||escaped key|", "b||last|"}, got)
	got, err = read(t, &Files{Paths: []string{p}, Fields: Fields{ID: "text"}})
	require.NoError(t, err)
	require.Equal(t, []string{"escaped key||escaped key|", "last||last|"}, got)
}

func TestGzipTrailingData(t *testing.T) {
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write([]byte(`{"id":"a","text":"x"}` + "\n"))
	zw.Close()
	p := write(t, filepath.Join(t.TempDir(), "in.jsonl.gz"), zb.String()+"GARBAGE")
	_, err := read(t, &Files{Paths: []string{p}})
	require.ErrorContains(t, err, "data after the end of the gzip stream")
}

// TestRepairedID: an id with invalid UTF-8 or a lone surrogate is written
// to the output as it is decoded (with U+FFFD), as the removal log writes
// it, the rest of the line unchanged (issue 15: ids "pass into OUT
// unchanged but become U+FFFD in the log").
func TestRepairedID(t *testing.T) {
	p := write(t, filepath.Join(t.TempDir(), "in.jsonl"),
		`{"text":"body","id":"a\ud800b","n":1}`+"\n"+`{"id":"x`+"\xff"+`y","text":"t\u00e9xt"}`+"\n")
	var got []string
	require.NoError(t, (&Files{Paths: []string{p}}).Each(func(r *Record) error {
		require.NoError(t, r.Decode())
		b, sp := JSONL{}.AppendRecord(nil, r, r.Text)
		require.Equal(t, string(r.Text), string(JSONL{}.AppendText(nil, b[sp.Start:sp.End])))
		got = append(got, string(b))
		return nil
	}))
	require.Equal(t, []string{
		`{"text":"body","id":"a` + "\uFFFD" + `b","n":1}` + "\n",
		`{"id":"x` + "\uFFFD" + `y","text":"té` + `xt"}` + "\n",
	}, got)
}

// TestOutputErrorsNameThePath: "error messages name the temporary file
// instead of OUT".
func TestOutputErrorsNameThePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	o, err := Create(path, OutputOptions{})
	require.NoError(t, err)
	defer o.Abort()
	o.tmp.Close() // every write now fails
	o.Write(make([]byte, 2<<20))
	err = o.Commit()
	require.ErrorContains(t, err, "writing "+path+": ")
	require.NotContains(t, err.Error(), ".tmp")
}

// TestCommitUnit: "an interrupt at the final rename loses the log": the
// log is committed before OUT, and RemoveAll (the interrupt handler) waits
// for a Commit under way, so that it never leaves OUT without its log.
func TestCommitUnit(t *testing.T) {
	dir := t.TempDir()
	temps := NewTemps()
	out, err := Create(filepath.Join(dir, "out.jsonl"), OutputOptions{Temps: temps})
	require.NoError(t, err)
	log, err := Create(filepath.Join(dir, "out.jsonl.removed.jsonl"), OutputOptions{Temps: temps})
	require.NoError(t, err)
	temps.commit.Lock() // a Commit under way
	done := make(chan struct{})
	go func() { temps.RemoveAll(); close(done) }()
	time.Sleep(20 * time.Millisecond) // time enough to finish, if it did not wait
	select {
	case <-done:
		t.Fatal("RemoveAll did not wait for the commit")
	default:
	}
	temps.commit.Unlock()
	<-done
	// Commit after RemoveAll fails on the removed temporary files, the log
	// first: OUT is not committed either.
	require.Error(t, Commit(log, out))
	_, err = os.Stat(filepath.Join(dir, "out.jsonl"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// TestCommitAllOrNothing: "a failed run destroys the previous log": with
// OUT on a full disk, writing its last buffer failed in Commit after the
// log had been renamed over the previous one, which then stood beside the
// previous OUT. Every output is now written out before any is renamed.
func TestCommitAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	outPath, logPath := filepath.Join(dir, "out.jsonl"), filepath.Join(dir, "out.jsonl.removed.jsonl")
	write(t, outPath, "PREV\n")
	write(t, logPath, "PREVLOG\n")
	out, err := Create(outPath, OutputOptions{})
	require.NoError(t, err)
	log, err := Create(logPath, OutputOptions{})
	require.NoError(t, err)
	_, err = log.Write([]byte("new log\n"))
	require.NoError(t, err)
	_, err = out.Write([]byte("new out\n")) // buffered until Commit
	require.NoError(t, err)
	out.tmp.Close() // its last write fails, as on a full disk
	err = Commit(log, out)
	require.ErrorContains(t, err, outPath)
	log.Abort()
	out.Abort()
	for path, want := range map[string]string{outPath: "PREV\n", logPath: "PREVLOG\n"} {
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, want, string(got), "%s is not replaced", path)
	}
	left, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, left, 2, "temporary and lock files removed")
}

// Records over keepLine (their line taken from the reader, not copied) and
// texts over maxTextScratch (taken from the unquoting scratch) decode as
// short ones do, escapes, invalid UTF-8 and the records around them too,
// and encode back: a taken buffer is not overwritten by the reads that
// follow.
func TestFilesHugeRecords(t *testing.T) {
	// a line that fills most of a buffer of 2*keepLine, a text of twice
	// maxTextScratch
	body := strings.Repeat("words and more words\\n", (2*keepLine-1<<17)/22)
	want := strings.ReplaceAll(body, `\n`, "\n")
	in := `{"id":"a","text":"` + body + `"}` + "\n" +
		`{"id":"b","text":"short"}` + "\n" +
		`{"id":"c","text":"` + body + "\xff" + `"}` + "\n" +
		`{"id":"d","text":"` + body[:1<<20] + `"}` + "\n"
	p := write(t, filepath.Join(t.TempDir(), "in.jsonl"), in)
	var recs []*Record
	require.NoError(t, (&Files{Paths: []string{p}}).Each(func(r *Record) error {
		require.NoError(t, r.Decode())
		recs = append(recs, r)
		return nil
	}))
	require.Len(t, recs, 4)
	require.True(t, string(recs[0].Text) == want, "record a")
	require.Equal(t, "short", string(recs[1].Text))
	require.True(t, string(recs[2].Text) == want+"\uFFFD", "record c")
	require.True(t, string(recs[3].Text) == strings.ReplaceAll(body[:1<<20], `\n`, "\n"), "record d")
	var out []byte
	for _, r := range recs {
		out, _ = JSONL{}.AppendRecord(out, r, r.Text)
	}
	lines := strings.SplitAfter(in, "\n")
	require.True(t, string(out[:len(lines[0])]) == lines[0], "record a encoded back")
}

// TestSliceCopies: "Slice.Each writes r.Ord into the caller's records":
// with one record twice in a Slice, both handed out had the Ord of the
// second (dedupe.Clean with estimate verification then removed all four
// documents of Slice{a, b, a, b}), and two readers of one Slice raced.
// Each now hands out copies.
func TestSliceCopies(t *testing.T) {
	a := &Record{ID: "a", Text: []byte("x"), Ord: 7}
	s := Slice{a, a, a}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var got []*Record
			require.NoError(t, s.Each(func(r *Record) error { got = append(got, r); return nil }))
			for i, r := range got {
				require.Equal(t, i, r.Ord)
				require.Equal(t, "a", r.ID)
			}
		}()
	}
	wg.Wait()
	require.Equal(t, 7, a.Ord, "the Slice's record is not modified")
}

// TestFilesSameInput: "an input truncated between passes gives silent,
// incomplete results", and a file added to an input folder between two
// readings (the run's own output) was read by the second only. A later
// reading reads the files of the first, and a file that changed is an
// error naming it.
func TestFilesSameInput(t *testing.T) {
	dir := t.TempDir()
	a := write(t, filepath.Join(dir, "in", "a.jsonl"), `{"id":"1","text":"one"}`+"\n"+`{"id":"2","text":"two"}`+"\n")
	f := &Files{Paths: []string{filepath.Join(dir, "in")}}
	got, err := read(t, f)
	require.NoError(t, err)
	require.Len(t, got, 2)
	write(t, filepath.Join(dir, "in", "b.jsonl"), `{"id":"3","text":"three"}`+"\n") // an output, say
	again, err := read(t, f)
	require.NoError(t, err)
	require.Equal(t, got, again, "the files of the first reading")

	later := time.Now().Add(time.Minute)
	write(t, a, `{"id":"1","text":"one"}`+"\n") // cut
	require.NoError(t, os.Chtimes(a, later, later))
	_, err = read(t, f)
	require.ErrorContains(t, err, a+": changed since the first reading of the input")

	require.NoError(t, os.Remove(a))
	_, err = read(t, f)
	require.ErrorContains(t, err, "it was in "+filepath.Join(dir, "in")+" at the first reading")
}

// TestTempsDir: "an interrupted demo leaves files": its folder (the demo
// corpus, the output's temporary file) was not registered. A folder made
// by Temps.MkdirTemp goes with what it holds at RemoveAll; dropped, it
// stays.
func TestTempsDir(t *testing.T) {
	base := t.TempDir()
	temps := NewTemps()
	gone, err := temps.MkdirTemp(base, "demo")
	require.NoError(t, err)
	write(t, filepath.Join(gone, "sub", "corpus.jsonl"), "{}\n")
	kept, err := temps.MkdirTemp(base, "kept")
	require.NoError(t, err)
	temps.Drop(kept)
	temps.RemoveAll()
	_, err = os.Stat(gone)
	require.ErrorIs(t, err, os.ErrNotExist)
	_, err = os.Stat(kept)
	require.NoError(t, err)
	_, err = temps.MkdirTemp(base, "late")
	require.ErrorContains(t, err, "stopped")
}

// TestOutputLongName: "valid long names fail": an output name of 241 to
// 255 bytes failed with "file name too long", its lock or temporary file
// name being up to 15 bytes longer. Those names are now cut and hashed
// for a long name, and still one lock per output name.
func TestOutputLongName(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{230, 241, 250, 255} {
		name := strings.Repeat("é", (n-6)/2) + strings.Repeat("a", (n-6)%2) + ".jsonl"
		require.Len(t, name, n)
		path := filepath.Join(dir, name)
		o, err := Create(path, OutputOptions{})
		require.NoError(t, err, "%d bytes", n)
		_, err = Create(path, OutputOptions{})
		require.Error(t, err, "%d bytes: a second writer of one path", n)
		_, err = o.Write([]byte("x\n"))
		require.NoError(t, err)
		require.NoError(t, o.Commit())
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, "x\n", string(got))
	}
	left, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, left, 4, "no lock or temporary file left")
}

// TestOutputReplaces: an output that replaces a file keeps its
// permissions (a private index stayed 0644 after "index -add"), and one
// whose path is a symbolic link writes the file it leads to, the link
// kept (it was replaced by a regular file, and the file it led to kept
// the old content), with one lock for both names.
func TestOutputReplaces(t *testing.T) {
	dir := t.TempDir()
	write := func(path, text string) {
		t.Helper()
		o, err := Create(path, OutputOptions{})
		require.NoError(t, err)
		_, err = o.Write([]byte(text))
		require.NoError(t, err)
		require.NoError(t, o.Commit())
	}
	private := filepath.Join(dir, "private.idx")
	require.NoError(t, os.WriteFile(private, []byte("old"), 0o600))
	write(private, "new")
	fi, err := os.Stat(private)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	fresh := filepath.Join(dir, "fresh.jsonl")
	write(fresh, "x")
	fi, err = os.Stat(fresh)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o644), fi.Mode().Perm())

	real, link := filepath.Join(dir, "real.idx"), filepath.Join(dir, "link.idx")
	require.NoError(t, os.WriteFile(real, []byte("old"), 0o644))
	require.NoError(t, os.Symlink("real.idx", link))
	o, err := Create(link, OutputOptions{})
	require.NoError(t, err)
	_, err = Create(real, OutputOptions{})
	require.Error(t, err, "the link and its file are one output")
	_, err = o.Write([]byte("new"))
	require.NoError(t, err)
	require.NoError(t, o.Commit())
	require.Equal(t, link, o.Path())
	fi, err = os.Lstat(link)
	require.NoError(t, err)
	require.NotZero(t, fi.Mode()&os.ModeSymlink, "the link stays a link")
	got, err := os.ReadFile(real)
	require.NoError(t, err)
	require.Equal(t, "new", string(got))
}
