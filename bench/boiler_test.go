package bench

import (
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/neardup/dedupe/bench/gen"
	"github.com/neardup/dedupe/boiler"
)

// Benchmarks on the pages of the bench generator (gen.Generator.Page):
// 50 sites with header and footer boilerplate around 3 KB article bodies,
// the input of cmd/dedupe/bench.sh.

const genSites = 50

// genPages returns n generated pages, cut into paragraphs by
// boiler.NewPage (outside the timed loops), and the size of their text.
func genPages(n int) (pages []boiler.Page, size int64) {
	g := gen.New(gen.Options{Seed: 1})
	for i := 0; i < n; i++ {
		p := g.Page(i%genSites, i)
		pages = append(pages, boiler.NewPage("site"+strconv.Itoa(i%genSites)+".example", string(p.Text)))
		size += int64(len(p.Text))
	}
	return pages, size
}

func boilerCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func genReportCPU(b *testing.B, start time.Duration, size int64) {
	if d := boilerCPU() - start; d > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/d.Seconds()/1e6, "cpu-MB/s")
	}
}

func genLearn(pages []boiler.Page) *boiler.Model {
	var l boiler.Learner
	var an boiler.PageAnalysis
	for _, p := range pages {
		an.Analyze(p)
		l.Add(&an)
	}
	return l.Model()
}

// BenchmarkBoilerGenLearn measures learning (PageAnalysis.Analyze,
// Learner.Add and Model) on 2,000 generated pages.
func BenchmarkBoilerGenLearn(b *testing.B) {
	pages, size := genPages(2000)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	start := boilerCPU()
	for i := 0; i < b.N; i++ {
		genLearn(pages)
	}
	genReportCPU(b, start, size)
}

// BenchmarkBoilerGenLabel measures Classifier.Classify on generated pages.
func BenchmarkBoilerGenLabel(b *testing.B) {
	pages, size := genPages(2000)
	c := genLearn(pages).Classifier(boiler.Options{})
	var out []boiler.Paragraph
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	start := boilerCPU()
	for i := 0; i < b.N; i++ {
		for _, p := range pages {
			out = c.Classify(out[:0], p)
		}
	}
	genReportCPU(b, start, size)
}

// BenchmarkBoilerGenMemory reports the live heap of a Learner after learning
// 20,000 generated pages (about 70 MB), and of the Model made from it, per
// page and per input byte; "peak-B/page" is the largest live heap seen
// while learning and making the Model (Learner and Model both alive).
func BenchmarkBoilerGenMemory(b *testing.B) {
	const n = 20000
	pages, size := genPages(n)
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	for i := 0; i < b.N; i++ {
		base := heap()
		var l boiler.Learner
		var an boiler.PageAnalysis
		for _, p := range pages {
			an.Analyze(p)
			l.Add(&an)
		}
		learned := heap() - base
		m := l.Model()
		both := heap() - base
		runtime.KeepAlive(&l)
		l = boiler.Learner{}
		model := heap() - base
		runtime.KeepAlive(m)
		b.ReportMetric(float64(learned)/n, "learner-B/page")
		b.ReportMetric(float64(model)/n, "model-B/page")
		b.ReportMetric(float64(both)/n, "peak-B/page")
		b.ReportMetric(float64(both)/float64(size), "peak-B/input-B")
	}
}
