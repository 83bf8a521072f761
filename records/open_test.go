package records

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/require"
)

func readAll(t *testing.T, path string) ([]string, error) {
	t.Helper()
	rc, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	r := NewLines(rc, path)
	var lines []string
	for {
		line, err := r.Next()
		if err == io.EOF {
			return lines, nil
		}
		if err != nil {
			return lines, err
		}
		lines = append(lines, string(line))
		require.Equal(t, len(lines), r.Line())
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func zst(b []byte) []byte {
	w, _ := zstd.NewWriter(nil)
	defer w.Close()
	return w.EncodeAll(b, nil)
}

func TestOpenFormats(t *testing.T) {
	long := strings.Repeat("x", 1<<20) // past bufio.Scanner's 64 KB limit
	content := []byte("{\"id\":1}\r\n\n" + long + "\nlast")
	want := []string{`{"id":1}`, "", long, "last"}
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"plain.jsonl":     content,
		"c.jsonl.gz":      gz(content),
		"c.jsonl.zst":     zst(content),
		"misnamed.jsonl":  gz(content), // sniffed by magic, not by name
		"concat.jsonl.gz": append(gz(content[:5]), gz(content[5:])...),
	} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, data, 0o644))
		got, err := readAll(t, path)
		require.NoError(t, err, name)
		require.Equal(t, want, got, name)
	}
}

func TestDecompress(t *testing.T) {
	rc, err := Decompress(bytes.NewReader(gz([]byte("a\nb\n"))), "stdin")
	require.NoError(t, err)
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	require.Equal(t, "a\nb\n", string(b))
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(filepath.Join(dir, "missing.jsonl"))
	require.ErrorIs(t, err, os.ErrNotExist)
	require.Contains(t, err.Error(), "missing.jsonl")

	_, err = Open(dir)
	require.ErrorContains(t, err, "is a directory")

	full := gz([]byte(strings.Repeat("{\"id\":\"abc\",\"text\":\"hello world\"}\n", 2000)))
	path := filepath.Join(dir, "trunc.jsonl.gz")
	require.NoError(t, os.WriteFile(path, full[:len(full)/2], 0o644))
	lines, err := readAll(t, path)
	require.Error(t, err)
	require.Contains(t, err.Error(), "trunc.jsonl.gz")
	require.Contains(t, err.Error(), "truncated")
	require.Less(t, len(lines), 2000)

	empty := filepath.Join(dir, "empty.jsonl")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	lines, err = readAll(t, empty)
	require.NoError(t, err)
	require.Empty(t, lines)
}

func TestErrorf(t *testing.T) {
	r := NewLines(strings.NewReader("a\nb\n"), "in.jsonl")
	r.Next()
	r.Next()
	err := r.Errorf("field %q: %s", "text", "not a string")
	require.EqualError(t, err, `in.jsonl:2: field "text": not a string`)
	var e *Error
	require.True(t, errors.As(err, &e))
	require.Equal(t, 2, e.Line)
}

func FuzzLines(f *testing.F) {
	f.Add([]byte("a\nb\r\n\nc"))
	f.Add([]byte("\n\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewLines(bytes.NewReader(data), "f")
		var got [][]byte
		for {
			line, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, bytes.Clone(line))
		}
		// Reference: split on "\n", drop the empty piece after a final
		// newline, and trim one "\r" per line.
		var want [][]byte
		if len(data) > 0 {
			want = bytes.Split(data, []byte("\n"))
			if data[len(data)-1] == '\n' {
				want = want[:len(want)-1]
			}
			for i := range want {
				want[i] = bytes.TrimSuffix(want[i], []byte("\r"))
			}
		}
		if len(got) != len(want) {
			t.Fatalf("got %d lines, want %d", len(got), len(want))
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("line %d = %q, want %q", i+1, got[i], want[i])
			}
		}
	})
}

// Lines longer than the reader's buffer come back whole, in order, with
// the short lines around them, and the buffer grown for a line over
// keepLine is not kept for the next.
func TestLinesLong(t *testing.T) {
	long := strings.Repeat("0123456789abcdef", (keepLine+1<<16)/16)
	mid := strings.Repeat("x", 3<<16+5)
	in := "a\n" + long + "\n" + mid + "\r\nb\n" + long + "z"
	r := NewLines(strings.NewReader(in), "in.jsonl")
	for i, want := range []string{"a", long, mid, "b", long + "z"} {
		line, err := r.Next()
		require.NoError(t, err)
		require.Equal(t, len(want), len(line), "line %d", i+1)
		require.True(t, string(line) == want, "line %d", i+1)
		require.Equal(t, i+1, r.Line())
		if i == 3 {
			require.LessOrEqual(t, cap(r.buf), keepLine, "the long line's buffer kept")
		}
	}
	_, err := r.Next()
	require.Equal(t, io.EOF, err)
}

// takeLong hands over a line over keepLine that fills most of its buffer,
// which then stays intact while the reader goes on, and nothing for a line
// that the reader's buffer keeps or one that would leave half its buffer
// unused.
func TestLinesTakeLong(t *testing.T) {
	long := strings.Repeat("0123456789abcdef", (2*keepLine-1<<17)/16) // in a buffer of 2*keepLine
	sparse := strings.Repeat("y", keepLine+1<<16)                     // the same buffer, half empty
	mid := strings.Repeat("x", 3<<16+5)
	r := NewLines(strings.NewReader(long+"\n"+mid+"\n"+sparse+"\n"+long+"\r\nb\n"), "in.jsonl")
	var taken [][]byte
	for i, want := range []string{long, mid, sparse, long, "b"} {
		line, err := r.Next()
		require.NoError(t, err)
		require.True(t, string(line) == want, "line %d", i+1)
		got := r.takeLong(line)
		if len(want) == len(long) {
			require.NotNil(t, got, "line %d not taken", i+1)
			require.Equal(t, len(want), cap(got), "line %d: the taken slice's capacity", i+1)
			require.Nil(t, r.buf, "line %d: the reader kept the taken buffer", i+1)
			taken = append(taken, got)
		} else {
			require.Nil(t, got, "line %d of %d bytes taken", i+1, len(want))
		}
	}
	for i, b := range taken {
		require.True(t, string(b) == long, "taken line %d changed by the reads after it", i+1)
	}
}

// TestZstdSkippable: "zstd files from pzstd are not recognised": pzstd
// starts a file with a skippable frame (magic 0x184D2A50), which the
// sniffing took for plain text. Such a file is decompressed, as a JSON
// Lines file and as a text file in a folder; a zstd-compressed WARC file,
// which was read as one plain text document, is an error that says so.
func TestZstdSkippable(t *testing.T) {
	zw, err := zstd.NewWriter(nil)
	require.NoError(t, err)
	pz := func(s string) string { // a skippable frame of 4 bytes, then the frame
		return "\x50\x2a\x4d\x18\x04\x00\x00\x00abcd" + string(zw.EncodeAll([]byte(s), nil))
	}
	dir := t.TempDir()
	j := write(t, filepath.Join(dir, "in", "a.jsonl.zst"), pz(`{"id":"x","text":"ex"}`+"\n"))
	write(t, filepath.Join(dir, "in", "b.txt.zst"), pz("bee"))
	got, err := read(t, &Files{Paths: []string{j}})
	require.NoError(t, err)
	require.Equal(t, []string{"x||ex|"}, got)
	got, err = read(t, &Files{Paths: []string{filepath.Join(dir, "in")}})
	require.NoError(t, err)
	require.Equal(t, []string{"x||ex|", filepath.Join(dir, "in", "b.txt.zst") + "||bee|"}, got)

	w := write(t, filepath.Join(dir, "w.warc.zst"), string(zw.EncodeAll([]byte(warcRecord("conversion", "<urn:x>", "", "text")), nil)))
	_, err = read(t, &Files{Paths: []string{w}})
	require.EqualError(t, err, w+": a WARC file compressed with zstd, which is not read (its records could not be resynchronised): decompress it, or compress it with gzip (.warc.gz)")
}
