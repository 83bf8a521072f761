package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neardup/dedupe/bench/gen"
	"github.com/neardup/dedupe/shingle"
)

// BenchmarkPeers times every method on the same 3 KB generated documents:
// go test -bench . -benchmem (in bench/peers).
func BenchmarkPeers(b *testing.B) {
	cp := generated(config{docs: 64, size: 3072, seed: 1})
	docs, hashes, total := cp.docs, cp.hashes, cp.total
	for _, m := range methods {
		b.Run(m.input+"/"+m.id, func(b *testing.B) {
			f := m.new(128)
			b.SetBytes(total / int64(len(docs)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				f(docs[i%len(docs)], hashes[i%len(docs)])
			}
		})
	}
}

// TestMethods checks that every method gives k values, deterministically,
// and estimates the similarity of a generated pair sensibly.
func TestMethods(t *testing.T) {
	g := gen.New(gen.Options{Seed: 3})
	p := g.Pairs(1, 0.8)[0]
	s := shingle.New(whitespace)
	ha, hb := s.Append(nil, p.A), s.Append(nil, p.B)
	for _, m := range methods {
		f := m.new(256)
		a := append([]uint64(nil), f(p.A, ha)...)
		if len(a) != 256 {
			t.Errorf("%s/%s: %d values, want 256", m.input, m.id, len(a))
			continue
		}
		if again := f(p.A, ha); !equal(a, again) {
			t.Errorf("%s/%s: not deterministic", m.input, m.id)
		}
		b := f(p.B, hb)
		est := similarity(a, b)
		// k = 256: standard deviation about 0.025 at J = 0.8.
		if m.truth && math.Abs(est-p.Jaccard) > 0.125 {
			t.Errorf("%s/%s: estimate %.3f, exact %.3f", m.input, m.id, est, p.Jaccard)
		}
	}
}

func equal(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestShingleBytes checks the peers' shingles against the truth definition.
func TestShingleBytes(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  \n ", nil},
		{"One two", []string{"one two"}},
		{"A b c d e f", []string{"a b c d e", "b c d e f"}},
		{"A\tb\nc  d\re.", []string{"a b c d e."}},
		{"Élan b c d e", []string{"élan b c d e"}},
	}
	for _, tt := range tests {
		var s shingleBytes
		var got []string
		s.each([]byte(tt.in), func(b []byte) { got = append(got, string(b)) })
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("shingles(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"-docs", "3", "-size", "500", "-pairs", "10", "-time", time.Millisecond.String(), "-data", ""}, &out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| text | dgryski/go-minhash |", "| hashes | ekzhu/minhash-lsh |", "RMSE by target"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if run([]string{"-k", "0"}, &out) == nil {
		t.Error("-k 0 accepted")
	}
}

// TestRunReal runs the command on real corpora it writes itself, in the
// layout of the shared evaluation data.
func TestRunReal(t *testing.T) {
	dir := t.TempDir()
	g := gen.New(gen.Options{Seed: 5, DocBytes: 2000})
	for _, src := range realSources {
		path := filepath.Join(dir, src.path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		z := gzip.NewWriter(&b)
		for i := range 4 {
			line, _ := json.Marshal(map[string]string{"id": "x", "text": string(g.Doc(i))})
			z.Write(append(line, '\n'))
		}
		z.Close()
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	err := run([]string{"-docs", "3", "-size", "500", "-pairs", "0", "-time", time.Millisecond.String(), "-data", dir}, &out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Real text", "web pages: ", "news: 4 docs", "| text | dgryski/go-minhash |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// Pieces of about 500 bytes: the 2000-byte pages are cut, news is not.
	var pieces int
	if i := strings.Index(out.String(), "web pages: "); i < 0 {
		t.Error("no web pages column")
	} else if _, err := fmt.Sscanf(out.String()[i:], "web pages: %d docs", &pieces); err != nil || pieces < 12 || pieces > 16 {
		t.Errorf("web pages in %d pieces (%v), want 12 to 16:\n%s", pieces, err, out.String())
	}
	out.Reset()
	if err := run([]string{"-docs", "3", "-size", "500", "-pairs", "0", "-time", "1ms", "-data", t.TempDir()}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "no corpus found") {
		t.Errorf("without corpora, output lacks a note:\n%s", out.String())
	}
}
