package lsh

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// The 1M benchmarks index synthetic signatures (k=128, the zero Options:
// threshold 0.8, ParamsForRecall(128, 0.8, 0.999)):
// 90% of the documents are unrelated, 10% are near copies of an earlier
// document with about 5% of their values changed. Signatures are computed
// from the id on the fly, so that only the index holds them. Run with
//
//	go test -run '^$' -bench 1M -benchtime 1x ./lsh/

const (
	benchDocs = 1_000_000
	benchK    = 128
)

func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// synthSig writes into sig the signature of synthetic document i, variant v
// (variant 0 is the indexed one; others are unseen near copies).
func synthSig(sig []uint32, i, v uint64) {
	base := i
	if i%10 == 9 {
		base = i - 1 - mix64(i)%min(i, 1000) // near copy of an earlier document
	}
	for j := range sig {
		x := mix64(base<<8 | uint64(j))
		if (base != i || v != 0) && mix64(i<<20^v<<8^uint64(j))%20 == 0 {
			x = mix64(^(i<<20 ^ v<<8 ^ uint64(j)))
		}
		sig[j] = uint32(x)
	}
}

func buildBench(b *testing.B, opts Options) (*Index, time.Duration, float64) {
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start := time.Now()
	x, err := New(benchK, opts)
	if err != nil {
		b.Fatal(err)
	}
	sig := make([]uint32, benchK)
	for i := range uint64(benchDocs) {
		synthSig(sig, i, 0)
		if err := x.Add(uint32(i), sig); err != nil {
			b.Fatal(err)
		}
	}
	d := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	perDoc := (float64(m1.HeapAlloc) - float64(m0.HeapAlloc) - float64(x.sigBytes())) / benchDocs
	return x, d, perDoc
}

var bench1M struct {
	once sync.Once
	x    *Index
}

func index1M(b *testing.B) *Index {
	bench1M.once.Do(func() { bench1M.x, _, _ = buildBench(b, Options{}) })
	return bench1M.x
}

// benchParams are the bandings of BenchmarkAdd1M: the default
// (ParamsForRecall, recall 0.999 at the threshold), a cheaper recall, a
// weighting of the S-curve areas that favours recall, and datasketch's
// (ParamsFor, equal weights).
var benchParams = []struct {
	name string
	p    Params
}{
	{"default", Params{}},
	{"recall95", ParamsForRecall(benchK, DefaultThreshold, 0.95)},
	{"weights0.3-0.7", ParamsForWeights(benchK, DefaultThreshold, 0.3, 0.7)},
	{"datasketch", ParamsFor(benchK, DefaultThreshold)},
}

// BenchmarkAdd1M builds the index of 1M documents for each banding of
// benchParams; it reports add throughput, the memory per document excluding
// stored signatures, and the probability that a pair at similarity 0.8 and 0.85 becomes a
// candidate.
func BenchmarkAdd1M(b *testing.B) {
	for _, bp := range benchParams {
		b.Run(bp.name, func(b *testing.B) {
			for range b.N {
				x, d, perDoc := buildBench(b, Options{Params: bp.p})
				b.ReportMetric(benchDocs/d.Seconds(), "docs/s")
				b.ReportMetric(perDoc, "bytes/doc")
				b.ReportMetric(float64(x.structBytes())/benchDocs, "table-bytes/doc")
				b.ReportMetric(float64(x.params.Bands), "bands")
				b.ReportMetric(x.params.Probability(0.8), "P(0.8)")
				b.ReportMetric(x.params.Probability(0.85), "P(0.85)")
			}
		})
	}
}

// sigBytes counts the bytes of the signature store.
func (x *Index) sigBytes() int {
	n := cap(x.sigs) * 24
	for _, p := range x.sigs {
		n += 4 * cap(p)
	}
	return n
}

// structBytes counts the bytes of the tables and buckets.
func (x *Index) structBytes() int {
	n := cap(x.live)*8 + cap(x.buckets)*40 + cap(x.free)*4
	for _, t := range x.tables {
		n += cap(t.tags) + 4*cap(t.slots)
	}
	for _, bk := range x.buckets {
		n += 4 * cap(bk.ids)
		if bk.bm != nil {
			n += int(bk.bm.GetSizeInBytes())
		}
	}
	return n
}

func benchQuery(b *testing.B, hit bool) {
	x := index1M(b)
	sig := make([]uint32, benchK)
	var dst []Match
	cands := 0
	found := 0
	b.ResetTimer()
	for i := range b.N {
		if hit {
			synthSig(sig, uint64(i*7919)%benchDocs, 1+uint64(i))
		} else {
			synthSig(sig, benchDocs+uint64(i), 0)
		}
		dst = x.Query(dst[:0], sig, 0, nil)
		found += len(dst)
		b.StopTimer()
		cands += len(x.Candidates(nil, sig))
		b.StartTimer()
	}
	b.ReportMetric(float64(cands)/float64(b.N), "candidates/query")
	b.ReportMetric(float64(found)/float64(b.N), "results/query")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
}

// BenchmarkQueryHit1M queries unseen near copies of indexed documents.
func BenchmarkQueryHit1M(b *testing.B) { benchQuery(b, true) }

// BenchmarkQueryMiss1M queries unrelated documents.
func BenchmarkQueryMiss1M(b *testing.B) { benchQuery(b, false) }

// BenchmarkCluster1M finds all verified pairs of the 1M index (by signature
// estimate) and clusters them.
func BenchmarkCluster1M(b *testing.B) {
	x := index1M(b)
	b.ResetTimer()
	for range b.N {
		pairs, st := x.Pairs(nil)
		cl := Clusters(pairs)
		b.ReportMetric(float64(st.Candidates), "candidate-pairs")
		b.ReportMetric(float64(len(pairs)), "pairs")
		b.ReportMetric(float64(len(cl)), "clusters")
	}
}

// BenchmarkQuery compares against a small index for the allocation count.
func BenchmarkQuerySmall(b *testing.B) {
	x, _ := New(benchK, Options{})
	sig := make([]uint32, benchK)
	for i := range uint64(10000) {
		synthSig(sig, i, 0)
		x.Add(uint32(i), sig)
	}
	var dst []Match
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		synthSig(sig, uint64(i)%10000, 1)
		dst = x.Query(dst[:0], sig, 0, nil)
	}
}
