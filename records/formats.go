package records

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/klauspost/compress/zstd"
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
	case "warc-zstd":
		return func(path string) error {
			return fmt.Errorf("%s: a WARC file compressed with zstd, which is not read (its records could not be resynchronised): decompress it, or compress it with gzip (.warc.gz)", path)
		}
	}
	return nil
}

// sniff returns the format of the file at path ("parquet", "warc",
// "warc-zstd" or "").
func sniff(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "" // the ordinary reader reports it
	}
	defer f.Close()
	var head [8]byte
	n, _ := io.ReadFull(f, head[:])
	b := head[:n]
	switch {
	case bytes.HasPrefix(b, gzipMagic):
		if _, err := f.Seek(0, io.SeekStart); err == nil {
			b = gzipHead(f)
		}
	case isZstd(b):
		if _, err := f.Seek(0, io.SeekStart); err == nil && isWARC(zstdHead(f)) {
			return "warc-zstd" // read before as one plain text document
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
		if b := gzipHead(bytes.NewReader(head)); len(b) == 8 || err != nil || n >= 1<<16 {
			return formatOf(b)
		}
	}
}

// gzipHead returns the first 8 bytes that the gzip stream r decompresses
// to: fewer if r ends (or its header cannot be read) before them.
func gzipHead(r io.Reader) []byte {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil
	}
	var b [8]byte
	n, _ := io.ReadFull(zr, b[:])
	return b[:n]
}

// zstdHead returns the first 8 bytes that the zstd stream r decompresses
// to: fewer if r ends (or cannot be read) before them.
func zstdHead(r io.Reader) []byte {
	zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil
	}
	defer zr.Close()
	var b [8]byte
	n, _ := io.ReadFull(zr, b[:])
	return b[:n]
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
