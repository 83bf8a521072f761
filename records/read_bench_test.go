package records

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	kgzip "github.com/klauspost/compress/gzip"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

// benchDocs returns n documents of about 3 KB of English text (as
// benchLine), each a little different.
func benchDocs(n int) []string {
	words := strings.Fields("the council said on monday that the new harbour wall would be finished before the winter storms arrive and that traffic on the coast road will return to normal")
	docs := make([]string, n)
	for d := range docs {
		var text strings.Builder
		for i := 0; text.Len() < 3000; i++ {
			if i > 0 && i%70 == 0 {
				text.WriteString("\n\n")
			} else if i > 0 {
				text.WriteByte(' ')
			}
			text.WriteString(words[(i*7+d)%len(words)])
		}
		docs[d] = text.String()
	}
	return docs
}

// BenchmarkRead reads the same documents from JSON Lines, Parquet (Snappy
// pages, as pyarrow writes by default; 128 rows per row group) and WET
// (gzip per record, as Common Crawl ships it; and uncompressed), decoding
// every record; the bytes are those of the texts. gunzip is the baseline
// of wet: decompressing its file, without reading records.
func BenchmarkRead(b *testing.B) { benchRead(b, benchDocs(2000)) }

// BenchmarkReadPages is BenchmarkRead on the texts of real web pages (the
// boilerplate development set of ../shared/data; skipped without it), each
// file holding them 10 times.
func BenchmarkReadPages(b *testing.B) {
	src := &Files{Paths: []string{"../../shared/data/boiler/dev.jsonl.gz"}}
	var docs []string
	err := src.Each(func(r *Record) error {
		if err := r.Decode(); err != nil {
			return err
		}
		docs = append(docs, string(r.Text))
		return nil
	})
	if err != nil {
		b.Skip(err)
	}
	var all []string
	for range 10 {
		all = append(all, docs...)
	}
	benchRead(b, all)
}

func benchRead(b *testing.B, docs []string) {
	dir := b.TempDir()
	var text int64
	var jsonl, wet bytes.Buffer
	type row struct {
		ID   string `parquet:"id"`
		URL  string `parquet:"url"`
		Text string `parquet:"text"`
	}
	rows := make([]row, len(docs))
	wz := gzip.NewWriter(&wet)
	for i, d := range docs {
		text += int64(len(d))
		id, url := fmt.Sprintf("doc-%d", i), fmt.Sprintf("https://site%d.example.org/news/%d", i%50, i)
		line := AppendQuoteString([]byte(`{"id":`), id)
		line = AppendQuoteString(append(line, `,"url":`...), url)
		line = AppendQuoteString(append(line, `,"text":`...), d)
		jsonl.Write(append(line, "}\n"...))
		rows[i] = row{id, url, d}
		wz.Reset(&wet)
		fmt.Fprintf(wz, "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-02-20T10:11:12Z\r\nWARC-Record-ID: <urn:uuid:%08d-0000-0000-0000-000000000000>\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", url, i, len(d), d)
		wz.Close()
	}
	files := map[string]string{"jsonl": "c.jsonl", "parquet": "c.parquet", "wet": "c.warc.wet.gz", "wet-plain": "c.wet"}
	for k, f := range files {
		files[k] = filepath.Join(dir, f)
	}
	must(b, os.WriteFile(files["jsonl"], jsonl.Bytes(), 0o644))
	must(b, os.WriteFile(files["wet"], wet.Bytes(), 0o644))
	zr, err := gzip.NewReader(&wet)
	must(b, err)
	var plain bytes.Buffer
	_, err = plain.ReadFrom(zr)
	must(b, err)
	must(b, os.WriteFile(files["wet-plain"], plain.Bytes(), 0o644))
	var pq bytes.Buffer
	pw := parquet.NewGenericWriter[row](&pq, parquet.Compression(&snappy.Codec{}))
	for i := 0; i < len(rows); i += 128 {
		_, err := pw.Write(rows[i:min(i+128, len(rows))])
		must(b, err)
		must(b, pw.Flush())
	}
	must(b, pw.Close())
	must(b, os.WriteFile(files["parquet"], pq.Bytes(), 0o644))
	b.Run("gunzip", func(b *testing.B) {
		b.SetBytes(text)
		for i := 0; i < b.N; i++ {
			f, err := os.Open(files["wet"])
			must(b, err)
			zr, err := kgzip.NewReader(bufio.NewReaderSize(f, 1<<16))
			must(b, err)
			_, err = io.Copy(io.Discard, zr)
			must(b, err)
			f.Close()
		}
	})
	for _, name := range []string{"jsonl", "parquet", "wet", "wet-plain"} {
		b.Run(name, func(b *testing.B) {
			src := &Files{Paths: []string{files[name]}}
			b.SetBytes(text)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var n int64
				err := src.Each(func(r *Record) error {
					if err := r.Decode(); err != nil {
						return err
					}
					n += int64(len(r.Text))
					r.Release()
					return nil
				})
				if err != nil || n != text {
					b.Fatalf("%v: %d bytes of text, want %d", err, n, text)
				}
			}
		})
	}
}

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
