package records

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// warcRecord returns a WARC/1.0 record in the layout of Common Crawl's WET
// files.
func warcRecord(typ, id, uri, content string) string {
	var b strings.Builder
	b.WriteString("WARC/1.0\r\nWARC-Type: " + typ + "\r\n")
	if uri != "" {
		b.WriteString("WARC-Target-URI: " + uri + "\r\n")
	}
	b.WriteString("WARC-Date: 2024-02-20T10:11:12Z\r\n")
	b.WriteString("WARC-Record-ID: " + id + "\r\n")
	if typ == "conversion" {
		b.WriteString("WARC-Refers-To: <urn:uuid:0b1f0000-0000-0000-0000-000000000000>\r\n")
		b.WriteString("WARC-Block-Digest: sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n")
		b.WriteString("WARC-Identified-Content-Language: eng\r\n")
		b.WriteString("Content-Type: text/plain\r\n")
	} else {
		b.WriteString("Content-Type: application/warc-fields\r\n")
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s\r\n\r\n", len(content), content)
	return b.String()
}

// gzipEach compresses each record as its own gzip member.
func gzipEach(t testing.TB, records ...string) []byte {
	var out bytes.Buffer
	for _, r := range records {
		zw := gzip.NewWriter(&out)
		_, err := zw.Write([]byte(r))
		require.NoError(t, err)
		require.NoError(t, zw.Close())
	}
	return out.Bytes()
}

// wetRecords are the records of the test WET file: a warcinfo record,
// conversion records (one in 1.1 and non-ASCII text), and records that are
// not documents.
func wetRecords() []string {
	return []string{
		warcRecord("warcinfo", "<urn:uuid:00000000-0000-0000-0000-000000000001>", "", "isPartOf: CC-MAIN-2024-10\r\npublisher: Common Crawl\r\n"),
		warcRecord("conversion", "<urn:uuid:00000000-0000-0000-0000-000000000002>", "https://www.Example.org/news/1", "Harbour wall finished\nThe council said on Monday."),
		strings.Replace(warcRecord("conversion", "<urn:uuid:00000000-0000-0000-0000-000000000003>", "http://blog.example.com:8080/p?q=1", "Grüße aus Köln — 東京の天気は晴れ"), "WARC/1.0", "WARC/1.1", 1),
		warcRecord("metadata", "<urn:uuid:00000000-0000-0000-0000-000000000004>", "https://www.example.org/news/1", "fetchTimeMs: 12\r\n"),
		warcRecord("conversion", "<urn:uuid:00000000-0000-0000-0000-000000000005>", "https://news.example.net/a", ""),
		warcRecord("conversion", "<urn:uuid:00000000-0000-0000-0000-000000000006>", "https://news.example.net/b", "Line one\r\nLine two\r\n"),
	}
}

// wetWant is what reading wetRecords gives: id|url|site|text|line.
var wetWant = []string{
	"<urn:uuid:00000000-0000-0000-0000-000000000002>|https://www.Example.org/news/1|example.org|Harbour wall finished\nThe council said on Monday.|2|",
	"<urn:uuid:00000000-0000-0000-0000-000000000003>|http://blog.example.com:8080/p?q=1|blog.example.com|Grüße aus Köln — 東京の天気は晴れ|3|",
	"<urn:uuid:00000000-0000-0000-0000-000000000005>|https://news.example.net/a|news.example.net||5|",
	"<urn:uuid:00000000-0000-0000-0000-000000000006>|https://news.example.net/b|news.example.net|Line one\r\nLine two\r\n|6|",
}

func readWARCFile(t *testing.T, path string, skipBad bool) ([]string, error) {
	t.Helper()
	var got []string
	err := (&Files{Paths: []string{path}, SkipBad: skipBad}).Each(func(r *Record) error {
		require.NoError(t, r.Decode())
		require.Equal(t, path, r.File)
		got = append(got, fmt.Sprintf("%s|%s|%s|%s|%d|%s", r.ID, r.URL, r.Site, r.Text, r.Line, r.Bad))
		return nil
	})
	return got, err
}

// TestWARCStdin reads WET data, plain and gzip member by member, from
// standard input twice (the copy the first reading makes): the records
// of the file, named stdin. A Parquet file on standard input is refused
// with an error that says so.
func TestWARCStdin(t *testing.T) {
	recs := wetRecords()
	for name, data := range map[string][]byte{
		"gzip members": gzipEach(t, recs...),
		"plain":        []byte(strings.Join(recs, "")),
	} {
		temps := NewTemps()
		f := &Files{Paths: []string{"-"}, Stdin: bytes.NewReader(data), Temps: temps}
		for pass := range 2 {
			var got []string
			require.NoError(t, f.Each(func(r *Record) error {
				require.NoError(t, r.Decode())
				require.Equal(t, "stdin", r.File)
				got = append(got, fmt.Sprintf("%s|%s|%s|%s|%d|%s", r.ID, r.URL, r.Site, r.Text, r.Line, r.Bad))
				return nil
			}), "%s, pass %d", name, pass)
			require.Equal(t, wetWant, got, "%s, pass %d", name, pass)
		}
		require.NoError(t, f.Close())
		require.Empty(t, temps.paths, "the copy is removed")
	}
	f := &Files{Paths: []string{"-"}, Stdin: strings.NewReader("PAR1 and the rest of a Parquet file")}
	require.ErrorContains(t, f.Each(func(*Record) error { return nil }), "stdin: a Parquet file")
}

// TestWARCPages: a WARC file of pages (response records) and no
// conversion record is an error naming the file, not an empty source;
// with a conversion record among them, that record is read.
func TestWARCPages(t *testing.T) {
	dir := t.TempDir()
	page := func(uri string) string {
		return warcRecord("response", "<urn:uuid:"+uri+">", uri, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>")
	}
	pages := filepath.Join(dir, "CC-MAIN-1.warc.gz")
	require.NoError(t, os.WriteFile(pages, gzipEach(t, page("https://a.example/1"), page("https://a.example/2")), 0o644))
	_, err := readWARCFile(t, pages, true)
	require.ErrorContains(t, err, pages+": no conversion records")
	require.ErrorContains(t, err, "2 response or resource records")

	recs := wetRecords()
	mixed := filepath.Join(dir, "mixed.warc")
	require.NoError(t, os.WriteFile(mixed, []byte(page("https://a.example/1")+strings.Join(recs, "")), 0o644))
	got, err := readWARCFile(t, mixed, false)
	require.NoError(t, err)
	require.Len(t, got, len(wetWant))
}

func TestWARCRead(t *testing.T) {
	dir := t.TempDir()
	recs := wetRecords()
	for name, data := range map[string][]byte{
		"CC-MAIN-1.warc.wet.gz": gzipEach(t, recs...),
		"plain.wet":             []byte(strings.Join(recs, "")),
		"one-member.warc.gz":    gzipEach(t, strings.Join(recs, "")),
		"no-extension":          gzipEach(t, recs...), // found by its content
	} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, data, 0o644))
		got, err := readWARCFile(t, path, false)
		require.NoError(t, err, name)
		require.Equal(t, wetWant, got, name)
	}
}

func TestWARCSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.wet")
	recs := wetRecords()
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(recs, "")), 0o644))
	var sizes []int
	require.NoError(t, (&Files{Paths: []string{path}}).Each(func(r *Record) error {
		sizes = append(sizes, r.Size)
		return nil
	}))
	require.Equal(t, []int{len(recs[1]), len(recs[2]), len(recs[4]), len(recs[5])}, sizes)
	require.Zero(t, (&Files{Paths: []string{path}}).Size(), "skipped records: sizes do not add up")
}

// TestWARCBad: each kind of malformed record is an error naming the file,
// the record and its offset; with SkipBad it is one bad record and every
// other record is read.
func TestWARCBad(t *testing.T) {
	recs := wetRecords()
	longer := strings.Replace(recs[2], "Content-Length: ", "Content-Length: 9", 1)
	shorter := strings.Replace(recs[2], fmt.Sprintf("Content-Length: %d", len("Grüße aus Köln — 東京の天気は晴れ")), "Content-Length: 5", 1)
	garbage := strings.Replace(recs[2], "WARC-Date:", "WARC-Date", 1)
	notUTF8 := strings.Replace(recs[2], "blog.example.com", "blog.\xffexample.com", 1)
	noLength := strings.Replace(recs[2], "Content-Length", "Content-Lngth", 1)
	badVersion := strings.Replace(recs[2], "WARC/1.1", "WARC/2.0", 1)
	withBad := func(bad string) []string { return []string{recs[0], recs[1], bad, recs[3], recs[4], recs[5]} }
	wantSkip := func(at int, why string) []string {
		return []string{wetWant[0], fmt.Sprintf("F:3||||3|record at offset %d: %s", at, why), wetWant[2], wetWant[3]}
	}
	off := len(recs[0]) + len(recs[1])
	gzOff := len(gzipEach(t, recs[0], recs[1]))
	for _, c := range []struct {
		name, bad, why string
		plainWhy       string // when it differs
	}{
		// In a .wet.gz the content ends with its member; in a .wet it
		// goes on into the next records.
		{name: "longer", bad: longer, why: "content cut short: Content-Length is 946, 50 bytes follow",
			plainWhy: "no blank line after the 946 bytes of Content-Length (is it wrong?)"},
		{name: "shorter", bad: shorter, why: "no blank line after the 5 bytes of Content-Length (is it wrong?)"},
		{name: "garbage", bad: garbage, why: `header line "WARC-Date 2024-02-20T10:11:12Z" is not a field`},
		{name: "utf8", bad: notUTF8, why: "WARC-Record-ID or WARC-Target-URI is not UTF-8"},
		{name: "nolength", bad: noLength, why: "no Content-Length"},
		{name: "version", bad: badVersion, why: `not a WARC 1.0 or 1.1 record: it starts with "WARC/2.0"`},
	} {
		for _, gz := range []bool{false, true} {
			name, data, at, why := c.name+".wet", []byte(strings.Join(withBad(c.bad), "")), off, c.why
			if gz {
				name, data, at = c.name+".wet.gz", gzipEach(t, withBad(c.bad)...), gzOff
			} else if c.plainWhy != "" {
				why = c.plainWhy
			}
			path := filepath.Join(t.TempDir(), name)
			require.NoError(t, os.WriteFile(path, data, 0o644))
			_, err := readWARCFile(t, path, false)
			require.EqualError(t, err, fmt.Sprintf("%s:3: record at offset %d: %s", path, at, why), name)
			got, err := readWARCFile(t, path, true)
			require.NoError(t, err, name)
			require.Len(t, got, 4, name)
			got[1] = strings.Replace(got[1], path, "F", 1)
			require.Equal(t, wantSkip(at, why), got, name)
		}
	}
}

// TestWARCBadInARow: "the second of two malformed records in a row
// vanishes" (with SkipBad the reader, looking for the record after the
// first, took the second's fault for text of the first). Each is now one
// bad record, plain, a member each and gzipped whole.
func TestWARCBadInARow(t *testing.T) {
	recs := wetRecords()
	noLength := func(r string) string { return strings.Replace(r, "Content-Length", "Content-Lngth", 1) }
	rs := []string{recs[0], recs[1], noLength(recs[2]), noLength(recs[4]), recs[5]}
	var whole bytes.Buffer
	zw := gzip.NewWriter(&whole)
	_, err := zw.Write([]byte(strings.Join(rs, "")))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	off3, off4 := len(rs[0])+len(rs[1]), len(rs[0])+len(rs[1])+len(rs[2])
	gz3, gz4 := len(gzipEach(t, rs[:2]...)), len(gzipEach(t, rs[:3]...))
	for _, c := range []struct {
		name string
		data []byte
		at3  string
		at4  string
	}{
		{"row.wet", []byte(strings.Join(rs, "")), fmt.Sprintf("offset %d", off3), fmt.Sprintf("offset %d", off4)},
		{"row.wet.gz", gzipEach(t, rs...), fmt.Sprintf("offset %d", gz3), fmt.Sprintf("offset %d", gz4)},
		{"whole.wet.gz", whole.Bytes(), fmt.Sprintf("byte %d of the gzip member at offset 0", off3), fmt.Sprintf("byte %d of the gzip member at offset 0", off4)},
	} {
		path := write(t, filepath.Join(t.TempDir(), c.name), string(c.data))
		_, err := readWARCFile(t, path, false)
		require.EqualError(t, err, fmt.Sprintf("%s:3: record at %s: no Content-Length", path, c.at3), c.name)
		got, err := readWARCFile(t, path, true)
		require.NoError(t, err, c.name)
		require.Equal(t, []string{
			wetWant[0],
			fmt.Sprintf("%s:3||||3|record at %s: no Content-Length", path, c.at3),
			fmt.Sprintf("%s:4||||4|record at %s: no Content-Length", path, c.at4),
			strings.Replace(wetWant[3], "|6|", "|5|", 1), // the fifth record here
		}, got, c.name)
	}
}

// TestWARCWholeGzip: "a whole WARC gzipped as one stream: everything after
// a bad record is lost". The reader skipped the rest of the member, which
// is the rest of the file. Every other record is now read, the record
// after a Content-Length too long included.
func TestWARCWholeGzip(t *testing.T) {
	recs := wetRecords()
	longer := strings.Replace(recs[2], "Content-Length: ", "Content-Length: 9", 1)
	rs := []string{recs[0], recs[1], longer, recs[3], recs[4], recs[5]}
	var whole bytes.Buffer
	zw := gzip.NewWriter(&whole)
	_, err := zw.Write([]byte(strings.Join(rs, "")))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	path := write(t, filepath.Join(t.TempDir(), "whole.wet.gz"), whole.String())
	got, err := readWARCFile(t, path, true)
	require.NoError(t, err)
	why := fmt.Sprintf("%s:3||||3|record at byte %d of the gzip member at offset 0: no blank line after the 946 bytes of Content-Length (is it wrong?)", path, len(rs[0])+len(rs[1]))
	require.Equal(t, []string{wetWant[0], why, wetWant[2], wetWant[3]}, got)
}

// TestWARCCorruptGzip: a gzip member whose compressed bytes are damaged,
// and a file cut in the middle of its last member.
func TestWARCCorruptGzip(t *testing.T) {
	recs := wetRecords()
	members := [][]byte{}
	for _, r := range recs {
		members = append(members, gzipEach(t, r))
	}
	bad := bytes.Clone(members[2])
	for i := 12; i < len(bad)-10; i += 3 {
		bad[i] ^= 0x55
	}
	data := bytes.Join([][]byte{members[0], members[1], bad, members[3], members[4], members[5]}, nil)
	path := filepath.Join(t.TempDir(), "corrupt.wet.gz")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	_, err := readWARCFile(t, path, false)
	require.ErrorContains(t, err, fmt.Sprintf("%s:3: record at offset %d: ", path, len(members[0])+len(members[1])))
	got, err := readWARCFile(t, path, true)
	require.NoError(t, err)
	require.Len(t, got, 4)
	require.Equal(t, wetWant[0], got[0])
	require.True(t, strings.HasPrefix(got[1], path+":3||||3|"), got[1])
	require.Equal(t, wetWant[2:], got[2:])

	full := bytes.Join(members, nil)
	cut := filepath.Join(t.TempDir(), "cut.wet.gz")
	require.NoError(t, os.WriteFile(cut, full[:len(full)-len(members[5])/2], 0o644))
	_, err = readWARCFile(t, cut, false)
	require.ErrorContains(t, err, fmt.Sprintf("%s:6: record at offset %d: ", cut, len(full)-len(members[5])))
	got, err = readWARCFile(t, cut, true)
	require.NoError(t, err)
	require.Equal(t, wetWant[:3], got[:3])
	require.Len(t, got, 4)
	require.True(t, strings.HasPrefix(got[3], cut+":6||||6|"), got[3])
}

// TestWARCGzipTrailer: a gzip member that fails after its last whole
// record (its trailer missing, as in a file cut between two members'
// data and trailers, or its checksum wrong) loses no record: with
// SkipBad every record is read and none is made up for the failure;
// without, the error names the record it follows.
func TestWARCGzipTrailer(t *testing.T) {
	recs := wetRecords()
	var members [][]byte
	for _, r := range recs {
		members = append(members, gzipEach(t, r))
	}
	full := bytes.Join(members, nil)
	last := len(full) - len(members[5])
	crc := bytes.Clone(members[2])
	crc[len(crc)-8] ^= 0xff // the CRC-32 of the member's data
	whole := gzipEach(t, strings.Join(recs, ""))
	for name, c := range map[string]struct {
		data []byte
		line int
		off  int
	}{
		"no trailer":   {full[:len(full)-8], 6, last},
		"half trailer": {full[:len(full)-3], 6, last},
		"checksum":     {bytes.Join([][]byte{members[0], members[1], crc, members[3], members[4], members[5]}, nil), 3, len(members[0]) + len(members[1])},
		"whole gzip":   {whole[:len(whole)-8], 6, 0},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.wet.gz")
			require.NoError(t, os.WriteFile(path, c.data, 0o644))
			got, err := readWARCFile(t, path, true)
			require.NoError(t, err)
			require.Equal(t, wetWant, got)
			_, err = readWARCFile(t, path, false)
			require.ErrorContains(t, err, fmt.Sprintf("%s:%d: the gzip member at offset %d ends badly after this record, which was read whole: ", path, c.line, c.off))
		})
	}
}

func TestWARCCutPlain(t *testing.T) {
	recs := wetRecords()
	full := strings.Join(recs, "")
	cut := write(t, filepath.Join(t.TempDir(), "cut.wet"), full[:len(full)-20])
	off := len(full) - len(recs[5])
	_, err := readWARCFile(t, cut, false)
	require.EqualError(t, err, fmt.Sprintf("%s:6: record at offset %d: content cut short: Content-Length is 20, 4 bytes follow", cut, off))
	got, err := readWARCFile(t, cut, true)
	require.NoError(t, err)
	require.Equal(t, append(wetWant[:3:3], fmt.Sprintf("%s:6||||6|record at offset %d: content cut short: Content-Length is 20, 4 bytes follow", cut, off)), got)
}

func TestWARCNotWARC(t *testing.T) {
	path := write(t, filepath.Join(t.TempDir(), "x.warc"), "hello\nworld\n")
	_, err := readWARCFile(t, path, false)
	require.EqualError(t, err, path+`:1: record at offset 0: not a WARC 1.0 or 1.1 record: it starts with "hello"`)
}

// FuzzWARC reads arbitrary bytes as WARC, plain and as one gzip member:
// no panic, no hang; every record handed over has valid UTF-8 text, and
// with SkipBad reading never fails.
func FuzzWARC(f *testing.F) {
	recs := wetRecords()
	f.Add([]byte(strings.Join(recs, "")))
	f.Add([]byte(recs[1][:40]))
	f.Add([]byte(strings.Replace(recs[1], "Content-Length: ", "Content-Length: 1", 1)))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 99999999999\r\n\r\n"))
	f.Add([]byte("WARC/1.0\nWARC-Type: conversion\n\tcont\nContent-Length: 3\n\nabc\n\nWARC/1.1\n"))
	zw := gzip.NewWriter(nil) // one writer: a new one per input costs most of the run
	f.Fuzz(func(t *testing.T, data []byte) {
		var gz bytes.Buffer
		zw.Reset(&gz)
		if _, err := zw.Write(data); err != nil || zw.Close() != nil {
			t.Fatal(err)
		}
		// The member alone, or followed by the input as plain bytes (data
		// after a member); one of the two per input keeps the executions
		// per second up.
		zin := gz.Bytes()
		if len(data)%2 == 1 {
			zin = append(zin[:len(zin):len(zin)], data...)
		}
		for _, in := range [][]byte{data, zin} {
			for _, skip := range []bool{false, true} {
				r := &fileReader{Files: &Files{SkipBad: skip}}
				line := 0
				r.fn = func(d *Record) error {
					if !utf8.Valid(d.Text) || d.Line <= line {
						t.Fatalf("record %d after %d, text %q", d.Line, line, d.Text)
					}
					line = d.Line
					return nil
				}
				err := r.readWARC(bytes.NewReader(in), "fuzz")
				if skip && err != nil {
					t.Fatalf("SkipBad: %v", err)
				}
			}
		}
	})
}
