package main

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkParseRecord measures the JSON Lines record decoder on the lines of
// the demo corpus.
func BenchmarkParseRecord(b *testing.B) {
	data, err := os.ReadFile("demo/harbourgazette.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	f := inputFlags{idField: "id", textField: "text", urlField: "url", siteField: "site"}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			var d record
			if err := f.parseRecord(&d, l); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkAppendRecord measures writing a record with a rewritten text.
func BenchmarkAppendRecord(b *testing.B) {
	data, _ := os.ReadFile("demo/harbourgazette.jsonl")
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	f := inputFlags{idField: "id", textField: "text", urlField: "url", siteField: "site"}
	docs := make([]record, len(lines))
	for i, l := range lines {
		f.parseRecord(&docs[i], l)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var buf []byte
	for i := 0; i < b.N; i++ {
		for j := range docs {
			buf = appendRecord(buf[:0], &docs[j], docs[j].text[1:], "text")
		}
	}
}
