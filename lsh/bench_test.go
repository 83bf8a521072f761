package lsh

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// The 1M benchmarks index synthetic signatures (k=128, the zero Options:
// threshold 0.8, ParamsForRecall(128, 0.8, 0.999), 18 bands of 5 rows):
// 90% of the documents are unrelated, 10% are near copies of an earlier
// document with about 5% of their values changed. Signatures are computed
// from the id on the fly, so that only the index holds them. Rates are
// per CPU second of the process (cpu-docs/s, cpu-ns/query), which a
// loaded machine changes less than wall-clock rates. Run with
//
//	go test -run '^$' -bench 1M -benchtime 1x ./lsh/            (adds)
//	go test -run '^$' -bench 'Query1M|Candidates1M' ./lsh/       (queries)
//
// The reference in the same run is a Go map per band from band key to
// document ids (mapIndex), the usual first implementation: ratios are
// reported against it (x-map).

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

// benchSigs returns the signatures of documents from to to+n (variant v).
func benchSigs(from, n int, v uint64) [][]uint32 {
	return fillSigs(make([][]uint32, n), make([]uint32, n*benchK), from, v)
}

// fillSigs sets sigs to the signatures of documents from on (variant v),
// in flat.
func fillSigs(sigs [][]uint32, flat []uint32, from int, v uint64) [][]uint32 {
	for i := range sigs {
		sigs[i] = flat[i*benchK : (i+1)*benchK : (i+1)*benchK]
		synthSig(sigs[i], uint64(from+i), v)
	}
	return sigs
}

// build is an index of the 1M documents and what building it cost.
type build struct {
	x         *Index
	wall, cpu time.Duration
	heap      float64 // bytes of heap per document, all included
}

// addBatch is the number of signatures generated at a time, outside the
// timing.
const addBatch = 1 << 14

// buildBench adds the 1M documents to an index of opts, timing the Adds
// only.
func buildBench(b *testing.B, opts Options) build {
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	x, err := New(benchK, opts)
	if err != nil {
		b.Fatal(err)
	}
	var r build
	r.x = x
	sigs, flat := make([][]uint32, addBatch), make([]uint32, addBatch*benchK)
	for from := 0; from < benchDocs; from += addBatch {
		sigs = fillSigs(sigs[:min(addBatch, benchDocs-from)], flat, from, 0)
		w, c := time.Now(), cpuTime()
		for i, s := range sigs {
			if err := x.Add(uint32(from+i), s); err != nil {
				b.Fatal(err)
			}
		}
		r.wall += time.Since(w)
		r.cpu += cpuTime() - c
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	r.heap = (float64(m1.HeapAlloc) - float64(m0.HeapAlloc)) / benchDocs
	return r
}

// mapIndex is the reference: a Go map per band from band key to ids.
type mapIndex []map[uint64][]uint32

func buildMap(p Params) (time.Duration, float64) {
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	m := make(mapIndex, p.Bands)
	for j := range m {
		m[j] = map[uint64][]uint32{}
	}
	var cpu time.Duration
	var keys []uint64
	sigs, flat := make([][]uint32, addBatch), make([]uint32, addBatch*benchK)
	for from := 0; from < benchDocs; from += addBatch {
		sigs = fillSigs(sigs[:min(addBatch, benchDocs-from)], flat, from, 0)
		c := cpuTime()
		for i, s := range sigs {
			keys = p.appendTableKeys(keys[:0], s)
			for j, k := range keys {
				m[j][k] = append(m[j][k], uint32(from+i))
			}
		}
		cpu += cpuTime() - c
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	runtime.KeepAlive(m)
	return cpu, (float64(m1.HeapAlloc) - float64(m0.HeapAlloc)) / benchDocs
}

var bench1M struct {
	sync.Mutex
	x map[bool]*Index // by NoSignatures
}

func index1M(b *testing.B, noSigs bool) *Index {
	bench1M.Lock()
	defer bench1M.Unlock()
	if bench1M.x == nil {
		bench1M.x = map[bool]*Index{}
	}
	if bench1M.x[noSigs] == nil {
		bench1M.x[noSigs] = buildBench(b, Options{NoSignatures: noSigs}).x
	}
	return bench1M.x[noSigs]
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
// benchParams, with signatures and without (nosigs), and the map-per-band
// reference for the default banding. It reports add throughput per CPU
// second and wall second, the heap per document (heap-bytes/doc, all
// included; table-bytes/doc, without the signatures), and the probability
// that a pair at similarity 0.8 and 0.85 becomes a candidate.
func BenchmarkAdd1M(b *testing.B) {
	var mapCPU time.Duration
	b.Run("map-default", func(b *testing.B) {
		for range b.N {
			cpu, heap := buildMap(ParamsForRecall(benchK, DefaultThreshold, DefaultRecall))
			mapCPU = cpu
			b.ReportMetric(benchDocs/cpu.Seconds(), "cpu-docs/s")
			b.ReportMetric(heap, "heap-bytes/doc")
		}
	})
	for _, bp := range benchParams {
		for _, noSigs := range []bool{false, true} {
			name := bp.name
			if noSigs {
				name += "-nosigs"
			}
			b.Run(name, func(b *testing.B) {
				for range b.N {
					r := buildBench(b, Options{Params: bp.p, NoSignatures: noSigs})
					b.ReportMetric(benchDocs/r.cpu.Seconds(), "cpu-docs/s")
					b.ReportMetric(benchDocs/r.wall.Seconds(), "docs/s")
					if bp.p == (Params{}) && mapCPU > 0 {
						b.ReportMetric(mapCPU.Seconds()/r.cpu.Seconds(), "x-map")
					}
					b.ReportMetric(r.heap, "heap-bytes/doc")
					b.ReportMetric(float64(r.x.structBytes())/benchDocs, "table-bytes/doc")
					b.ReportMetric(float64(r.x.params.Bands), "bands")
					b.ReportMetric(r.x.params.Probability(0.8), "P(0.8)")
					b.ReportMetric(r.x.params.Probability(0.85), "P(0.85)")
				}
			})
		}
	}
}

// structBytes counts the bytes of the tables and sets.
func (x *Index) structBytes() int {
	n := cap(x.live)*8 + cap(x.removed)*8 + cap(x.bufIDs)*4
	for _, t := range x.tables {
		n += 4*cap(t.dir) + 2*cap(t.fps) + 4*cap(t.ids)
		n += 8*cap(t.keys) + 4*cap(t.next) + 4*cap(t.slots)
	}
	return n
}

// queryKinds are the queries of the 1M benchmarks: the signature of an
// indexed document, an unseen near copy of one, an unrelated document.
var queryKinds = []struct {
	name string
	sigs func(n int) [][]uint32
}{
	{"indexed", func(n int) [][]uint32 { return benchSigs(benchDocs/3, n, 0) }},
	{"near", func(n int) [][]uint32 { return benchSigs(benchDocs/3, n, 1) }},
	{"unrelated", func(n int) [][]uint32 {
		sigs := benchSigs(0, n, 0)
		for i, s := range sigs {
			synthSig(s, uint64(benchDocs+10*i), 0) // id%10 == 0: not a copy
		}
		return sigs
	}},
}

// BenchmarkQuery1M queries the 1M index with signatures (verification by
// signature estimate); ns/op is one Query.
func BenchmarkQuery1M(b *testing.B) {
	x := index1M(b, false)
	for _, q := range queryKinds {
		b.Run(q.name, func(b *testing.B) {
			sigs := q.sigs(4096)
			var dst []Match
			found := 0
			b.ResetTimer()
			c := cpuTime()
			for i := range b.N {
				dst = x.Query(dst[:0], sigs[i%len(sigs)], 0, nil)
				found += len(dst)
			}
			b.ReportMetric(float64((cpuTime()-c).Nanoseconds())/float64(b.N), "cpu-ns/query")
			b.ReportMetric(float64(found)/float64(b.N), "results/query")
		})
	}
}

// BenchmarkCandidates1M looks up candidates in the 1M index without
// signatures; ns/op is one Candidates. It reports the candidates that
// share no band with the query (false-cands/query), found by comparing
// band keys with those of the regenerated signatures (outside the timing).
func BenchmarkCandidates1M(b *testing.B) {
	x := index1M(b, true)
	for _, q := range queryKinds {
		b.Run(q.name, func(b *testing.B) {
			sigs := q.sigs(4096)
			var dst []uint32
			b.ResetTimer()
			c := cpuTime()
			for i := range b.N {
				dst = x.Candidates(dst[:0], sigs[i%len(sigs)])
			}
			b.ReportMetric(float64((cpuTime()-c).Nanoseconds())/float64(b.N), "cpu-ns/query")
			b.StopTimer()
			cands, wrong := falseCandidates(x, sigs)
			b.ReportMetric(cands, "cands/query")
			b.ReportMetric(wrong, "false-cands/query")
		})
	}
}

// falseCandidates returns the mean number of candidates of sigs in x, and
// of those that agree with the query on no band.
func falseCandidates(x *Index, sigs [][]uint32) (cands, wrong float64) {
	sig := make([]uint32, benchK)
	var qk, ck []uint64
	for _, s := range sigs {
		qk = x.params.appendTableKeys(qk[:0], s)
		for _, id := range x.Candidates(nil, s) {
			cands++
			synthSig(sig, uint64(id), 0)
			ck = x.params.appendTableKeys(ck[:0], sig)
			if !slices.ContainsFunc(qk, func(k uint64) bool { return slices.Contains(ck, k) }) {
				wrong++
			}
		}
	}
	return cands / float64(len(sigs)), wrong / float64(len(sigs))
}

// BenchmarkCluster1M finds all verified pairs of the 1M index (by signature
// estimate) and clusters them.
func BenchmarkCluster1M(b *testing.B) {
	x := index1M(b, false)
	b.ResetTimer()
	for range b.N {
		pairs, st := x.Pairs(nil)
		cl := Clusters(pairs)
		b.ReportMetric(float64(st.Candidates), "candidate-pairs")
		b.ReportMetric(float64(len(pairs)), "pairs")
		b.ReportMetric(float64(len(cl)), "clusters")
	}
}

// BenchmarkQuerySmall queries a small index, for the allocation count.
func BenchmarkQuerySmall(b *testing.B) {
	x, _ := New(benchK, Options{})
	sig := make([]uint32, benchK)
	for i := range uint64(10000) {
		synthSig(sig, i, 0)
		x.Add(uint32(i), sig)
	}
	sigs := benchSigs(0, 1024, 1)
	var dst []Match
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		dst = x.Query(dst[:0], sigs[i%len(sigs)], 0, nil)
	}
}
