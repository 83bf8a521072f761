package records

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"
)

// Input and output formats other than JSON Lines and text: Parquet
// (parquet.go, parquetout.go) and WARC (warc.go).

// formatReader returns the reader of the file at path when its format has
// one of its own: Parquet when the file starts with "PAR1", WARC when it
// starts with "WARC/1.0" or "WARC/1.1" (possibly gzip-compressed); else
// Parquet for a name ending in .parquet, WARC for .warc, .wet, .warc.gz or
// .wet.gz (which then fail on a file that is not one); else nil.
func (r *fileReader) formatReader(path string) func(string) error {
	switch sniff(path) {
	case "parquet":
		return r.parquet
	case "warc":
		return r.warc
	}
	return nil
}

// sniff returns the format of the file at path ("parquet", "warc" or "").
func sniff(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "" // the ordinary reader reports it
	}
	defer f.Close()
	var head [8]byte
	n, _ := io.ReadFull(f, head[:])
	b := head[:n]
	if bytes.HasPrefix(b, gzipMagic) {
		if _, err := f.Seek(0, io.SeekStart); err == nil {
			if zr, err := gzip.NewReader(f); err == nil {
				n, _ = io.ReadFull(zr, head[:])
				b = head[:n]
			}
		}
	}
	if format := formatOf(b); format != "" {
		return format
	}
	name := strings.ToLower(path)
	if strings.HasSuffix(name, ".parquet") {
		return "parquet"
	}
	for _, ext := range []string{".warc", ".wet", ".warc.gz", ".wet.gz"} {
		if strings.HasSuffix(name, ext) {
			return "warc"
		}
	}
	return ""
}

// formatOf returns the format that the first bytes b of a file
// (decompressed, if gzip) show: "parquet", "warc" or "".
func formatOf(b []byte) string {
	switch {
	case bytes.HasPrefix(b, parquetMagic):
		return "parquet"
	case isWARC(b):
		return "warc"
	}
	return ""
}

// peekFormat is formatOf for the stream br, which may be gzip-compressed
// (its first bytes decompressed), from what br can peek: no more than the
// first 8 bytes of a stream that is not gzip, so that JSON Lines on a pipe
// is read as it comes, and no more of a gzip stream than its first 8
// decompressed bytes take (at most 64 KiB).
func peekFormat(br *bufio.Reader) string {
	head, _ := br.Peek(8)
	if !bytes.HasPrefix(head, gzipMagic) {
		return formatOf(head)
	}
	for n := 64; ; n *= 4 {
		head, err := br.Peek(min(n, 1<<16))
		last := err != nil || n >= 1<<16
		var b [8]byte
		zr, zerr := gzip.NewReader(bytes.NewReader(head))
		if zerr != nil {
			if last {
				return ""
			}
			continue
		}
		if m, _ := io.ReadFull(zr, b[:]); m == len(b) || last {
			return formatOf(b[:m])
		}
	}
}

// isWARC reports whether b starts with the version line of WARC 1.0 or 1.1.
func isWARC(b []byte) bool {
	return bytes.HasPrefix(b, []byte("WARC/1.0")) || bytes.HasPrefix(b, []byte("WARC/1.1"))
}

// IsParquet reports whether a file name says Parquet (.parquet).
func IsParquet(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".parquet") }

// defaultEncoder is the Encoder of an output at path when none is given:
// Parquet for a .parquet name, else JSONL.
func defaultEncoder(path string) Encoder {
	if IsParquet(path) {
		return Parquet{}
	}
	return JSONL{}
}

// formatWriter returns the writer of the file format of enc over w, or
// nil when enc's encodings are written as they are.
func formatWriter(w io.Writer, enc Encoder, path string) (io.WriteCloser, error) {
	p, ok := enc.(Parquet)
	if !ok {
		return nil, nil
	}
	lower := strings.ToLower(path)
	for _, ext := range []string{".gz", ".zst", ".zstd"} {
		if strings.HasSuffix(lower, ext) {
			return nil, fmt.Errorf("%s: a Parquet file compresses its pages; name it without %s", path, ext)
		}
	}
	return NewParquetWriter(w, p), nil
}

// sizeless reports whether a file that starts with head is read in a
// format whose record sizes do not add up to the file's size (Parquet,
// WARC: its skipped records).
func sizeless(head []byte) bool {
	return bytes.HasPrefix(head, parquetMagic) || isWARC(head)
}
