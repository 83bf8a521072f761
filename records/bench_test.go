package records

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
)

// demoFile is a file of the command's demo corpus.
const demoFile = "../cmd/dedupe/demo/harbourgazette.jsonl"

// BenchmarkParseRecord measures the JSON Lines record decoder on the lines of
// the demo corpus.
func BenchmarkParseRecord(b *testing.B) {
	data, err := os.ReadFile(demoFile)
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	dec := &decoder{fields: Fields{}.withDefaults()}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			var d Record
			if err := dec.parse(&d, l); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseShared measures the record decoder on the lines of real
// corpora of ../shared/data (beside the repository; each is skipped when
// absent): the RFCs (plain text, a "\n" escape every 60 bytes or so, the
// first 2,000 lines), the Reuters stories and the web pages of the
// boilerplate development set.
func BenchmarkParseShared(b *testing.B) {
	for _, c := range []struct{ name, path string }{
		{"rfc", "neardup/rfc/corpus.jsonl.gz"},
		{"reuters", "neardup/reuters/corpus.jsonl.gz"},
		{"pages", "boiler/dev.jsonl.gz"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var lines [][]byte
			size := 0
			err := (&Files{Paths: []string{"../../shared/data/" + c.path}}).Each(func(r *Record) error {
				if len(lines) < 2000 {
					lines = append(lines, slices.Clone(r.raw))
					size += len(r.raw)
				}
				return nil
			})
			if err != nil {
				b.Skip(err)
			}
			dec := &decoder{fields: Fields{}.withDefaults()}
			b.SetBytes(int64(size))
			b.ResetTimer()
			for range b.N {
				for _, l := range lines {
					var d Record
					if err := dec.parse(&d, l); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkAppendRecord measures writing a record with a rewritten text.
func BenchmarkAppendRecord(b *testing.B) {
	data, _ := os.ReadFile(demoFile)
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	dec := &decoder{fields: Fields{}.withDefaults()}
	docs := make([]Record, len(lines))
	for i, l := range lines {
		dec.parse(&docs[i], l)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var buf []byte
	for i := 0; i < b.N; i++ {
		for j := range docs {
			buf, _ = JSONL{}.AppendRecord(buf[:0], &docs[j], docs[j].Text[1:])
		}
	}
}

// benchLine is a JSON Lines record like those of bench.sh: a 3 KB English
// text with a paragraph break (an escape) every 400 bytes or so.
func benchLine() []byte {
	words := strings.Fields("the council said on monday that the new harbour wall would be finished before the winter storms arrive and that traffic on the coast road will return to normal")
	var text strings.Builder
	for i := 0; text.Len() < 3000; i++ {
		if i > 0 && i%70 == 0 {
			text.WriteString("\n\n")
		} else if i > 0 {
			text.WriteByte(' ')
		}
		text.WriteString(words[i%len(words)])
	}
	return AppendQuote([]byte(`{"id":"doc-1","url":"https://example.org/news/1","text":`), []byte(text.String()))
}

// BenchmarkScanString measures the JSON scanner (objectFields) on benchLine,
// most of whose bytes are inside one string.
func BenchmarkScanString(b *testing.B) {
	line := append(benchLine(), '}')
	b.SetBytes(int64(len(line)))
	for i := 0; i < b.N; i++ {
		if err := objectFields(line, func([]byte, Span) {}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuoteText measures AppendQuote on the text of benchLine, and on
// French and Russian text of the same shape (a non-ASCII rune every few
// bytes, or most bytes).
func BenchmarkQuoteText(b *testing.B) {
	line := append(benchLine(), '}')
	var text []byte
	objectFields(line, func(k []byte, v Span) {
		if string(k) == "text" {
			text, _ = appendUnquote(nil, line[v.Start:v.End])
		}
	})
	texts := []struct {
		name string
		text []byte
	}{
		{"english", text},
		{"french", wordsText("le conseil a déclaré lundi que le nouveau mur du port serait achevé avant les tempêtes d'hiver et que la circulation reprendra")},
		{"russian", wordsText("совет заявил в понедельник что новая стена гавани будет закончена до зимних штормов и движение на дороге вернётся")},
	}
	for _, t := range texts {
		b.Run(t.name, func(b *testing.B) {
			b.SetBytes(int64(len(t.text)))
			var buf []byte
			for i := 0; i < b.N; i++ {
				buf = AppendQuote(buf[:0], t.text)
			}
		})
	}
}

// wordsText is about 3 KB of the words of s in turn, with a paragraph
// break every 70 words, as benchLine.
func wordsText(s string) []byte {
	words := strings.Fields(s)
	var text []byte
	for i := 0; len(text) < 3000; i++ {
		if i > 0 && i%70 == 0 {
			text = append(text, "\n\n"...)
		} else if i > 0 {
			text = append(text, ' ')
		}
		text = append(text, words[i%len(words)]...)
	}
	return text
}
