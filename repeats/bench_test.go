package repeats_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/neardup/dedupe/bench/gen"
	"github.com/neardup/dedupe/repeats"
	"github.com/neardup/dedupe/shingle"
)

// repeatCorpora are the inputs of BenchmarkRepeats, each a list of
// documents made by the bench generator:
//
//   - pages: 3 KB web pages of 50 sites (boilerplate around an article
//     body), as "dedupe clean" sees them; almost none has a repeat.
//   - pasted: the same pages with their body pasted twice (one group per
//     body paragraph).
//   - long: 100 KB documents of about 150 paragraphs, no repeats.
var repeatCorpora = []struct {
	name string
	docs func() [][]byte
}{
	{"pages", func() [][]byte { return benchPages(false) }},
	{"pasted", func() [][]byte { return benchPages(true) }},
	{"long", func() [][]byte {
		g := gen.New(gen.Options{DocBytes: 100_000})
		var docs [][]byte
		for i := range 4 {
			docs = append(docs, g.Doc(i))
		}
		return docs
	}},
}

func benchPages(pasted bool) [][]byte {
	g := gen.New(gen.Options{})
	var docs [][]byte
	for i := range 200 {
		p := g.Page(i%50, i)
		if !pasted {
			docs = append(docs, p.Text)
			continue
		}
		body := p.Text[p.BodyStart:p.BodyEnd]
		var b bytes.Buffer
		b.Write(p.Text[:p.BodyEnd])
		b.WriteString("\n\n")
		b.Write(body)
		b.Write(p.Text[p.BodyEnd:])
		docs = append(docs, b.Bytes())
	}
	return docs
}

// BenchmarkRepeats measures Finder.Pairs and Groups (what "dedupe clean"
// calls) with the default options, against "shingle", the cost of
// splitting the paragraphs and shingling them, which any repeat search pays.
// Besides MB/s it reports cpu-MB/s, per CPU-second of the process, which
// stays close to the per-core speed on a loaded machine. Run with
//
//	go test -run '^$' -bench Repeats ./repeats/
func BenchmarkRepeats(b *testing.B) {
	for _, c := range repeatCorpora {
		docs := c.docs()
		size := 0
		for _, d := range docs {
			size += len(d)
		}
		b.Run(c.name+"/shingle", func(b *testing.B) {
			sh := shingle.New(shingle.Options{})
			var spans []shingle.Span
			var h []uint64
			b.SetBytes(int64(size))
			b.ReportAllocs()
			defer reportCPU(b, size, cpuTime())
			for range b.N {
				for _, d := range docs {
					spans = shingle.Paragraphs(spans[:0], d, shingle.Auto)
					for _, s := range spans {
						h = sh.Append(h[:0], d[s.Start:s.End])
					}
				}
			}
		})
		b.Run(c.name+"/pairs", func(b *testing.B) {
			f := repeats.New(repeats.Options{})
			var pairs []repeats.Pair
			n := 0
			b.SetBytes(int64(size))
			b.ReportAllocs()
			defer reportCPU(b, size, cpuTime())
			for range b.N {
				n = 0
				for _, d := range docs {
					pairs = f.Pairs(pairs[:0], d)
					n += len(pairs)
				}
			}
			b.ReportMetric(float64(n)/float64(len(docs)), "pairs/doc")
		})
		b.Run(c.name+"/groups", func(b *testing.B) {
			f := repeats.New(repeats.Options{})
			b.SetBytes(int64(size))
			b.ReportAllocs()
			defer reportCPU(b, size, cpuTime())
			for range b.N {
				for _, d := range docs {
					f.Groups(d)
				}
			}
		})
	}
}

// reportCPU reports the bytes processed per CPU-second since start.
func reportCPU(b *testing.B, size int, start time.Duration) {
	if d := cpuTime() - start; start > 0 && d > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/d.Seconds()/1e6, "cpu-MB/s")
	}
}
