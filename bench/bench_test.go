package bench

import (
	"runtime"
	"testing"
	"time"

	"github.com/neardup/dedupe/bench/gen"
	"github.com/neardup/dedupe/bench/naive"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

// sizes is the size table every benchmark runs over; the targets of the
// project are stated for 3 KB documents.
var sizes = []struct {
	name  string
	bytes int
}{
	{"300B", 300},
	{"3KB", 3 << 10},
	{"30KB", 30 << 10},
}

// benchDocs is the number of distinct documents a benchmark cycles through,
// so that branch predictors and caches see varied text, as in a real corpus.
const benchDocs = 64

// docs returns benchDocs generated documents of about size bytes and their
// mean length.
func docs(size int) ([][]byte, int) {
	g := gen.New(gen.Options{Seed: 1, DocBytes: size})
	d := make([][]byte, benchDocs)
	total := 0
	for i := range d {
		d[i] = g.Doc(i)
		total += len(d[i])
	}
	return d, total / len(d)
}

// shingled returns the shingle hashes of each document.
func shingled(d [][]byte, opts shingle.Options) [][]uint64 {
	s := shingle.New(opts)
	out := make([][]uint64, len(d))
	for i, t := range d {
		out[i] = s.Append(nil, t)
	}
	return out
}

var normalizations = []struct {
	name string
	opts shingle.Options
}{
	{"fold", shingle.Options{}},
	{"whitespace", shingle.Options{Normalization: shingle.Whitespace}},
}

// sink keeps results alive.
var sink int

// BenchmarkTokenize measures AppendTokens: one hash per word.
func BenchmarkTokenize(b *testing.B) {
	for _, n := range normalizations {
		for _, sz := range sizes {
			b.Run(n.name+"/"+sz.name, func(b *testing.B) {
				d, mean := docs(sz.bytes)
				s := shingle.New(n.opts)
				var dst []uint64
				b.SetBytes(int64(mean))
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					dst = s.AppendTokens(dst[:0], d[i%len(d)])
				}
				sink += len(dst)
			})
		}
	}
}

// BenchmarkShingle measures Append: tokens combined into 5-shingle hashes.
func BenchmarkShingle(b *testing.B) {
	for _, n := range normalizations {
		for _, sz := range sizes {
			b.Run(n.name+"/"+sz.name, func(b *testing.B) {
				d, mean := docs(sz.bytes)
				s := shingle.New(n.opts)
				var dst []uint64
				b.SetBytes(int64(mean))
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					dst = s.Append(dst[:0], d[i%len(d)])
				}
				sink += len(dst)
			})
		}
	}
}

// sketchers are the signature algorithms compared, at k = 128.
var sketchers = []struct {
	name string
	new  func() func(dst []uint32, shingles []uint64) []uint32
}{
	{"onepermutation", func() func([]uint32, []uint64) []uint32 {
		h := minhash.New(minhash.Options{})
		return func(dst []uint32, sh []uint64) []uint32 { return h.Append(dst, sh) }
	}},
	{"classic", func() func([]uint32, []uint64) []uint32 {
		h := minhash.New(minhash.Options{Family: minhash.Classic})
		return func(dst []uint32, sh []uint64) []uint32 { return h.Append(dst, sh) }
	}},
	{"naive", func() func([]uint32, []uint64) []uint32 {
		return naive.New(128, 1).Append
	}},
}

// BenchmarkSignature measures signatures of precomputed shingle hashes; the
// throughput is in bytes of the documents they come from.
func BenchmarkSignature(b *testing.B) {
	for _, sk := range sketchers {
		for _, sz := range sizes {
			b.Run(sk.name+"/"+sz.name, func(b *testing.B) {
				d, mean := docs(sz.bytes)
				sh := shingled(d, shingle.Options{})
				sign := sk.new()
				var sig []uint32
				b.SetBytes(int64(mean))
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					sig = sign(sig[:0], sh[i%len(sh)])
				}
				sink += len(sig)
			})
		}
	}
}

// BenchmarkShingleSignature measures the whole path from text to signature
// (default fold normalisation, 5-shingles, k = 128); "naive" is the same
// shingling followed by the naive k-permutation signature.
func BenchmarkShingleSignature(b *testing.B) {
	for _, sk := range sketchers {
		for _, sz := range sizes {
			b.Run(sk.name+"/"+sz.name, func(b *testing.B) {
				d, mean := docs(sz.bytes)
				s := shingle.New(shingle.Options{})
				sign := sk.new()
				var sh []uint64
				var sig []uint32
				b.SetBytes(int64(mean))
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					sh = s.Append(sh[:0], d[i%len(d)])
					sig = sign(sig[:0], sh)
				}
				sink += len(sig)
			})
		}
	}
}

// BenchmarkSpeedup runs the default shingle+signature path and the naive
// baseline (the same shingling, then the naive k-permutation signature) on
// the same 3 KB documents, alternating in phases of about equal time, and
// reports the ratio of their throughputs as "x-naive" (the target is at
// least 15) with both throughputs in MB/s per core. Times are the thread's
// CPU time (on Linux), so that the figures hold on a shared, loaded
// machine; alternating exposes both paths to the same conditions.
//
// The phases are long (1,024 documents of ours, 64 of the naive path, each
// some 7 ms) because a switch of workload costs the path that follows it
// for milliseconds: measured on the 2-core EPYC machine, ours ran at
// 465 MB/s alone, at 300 to 330 MB/s in blocks of 4 to 16 documents between
// blocks of either the naive path or a pure multiply loop, at 355 in blocks
// of 256, 400 in blocks of 1,024 and 444 in blocks of 4,096. The penalty is
// the machine's, not the code's, so the short blocks of an earlier version
// of this benchmark understated the ratio (11 against 19 alone); these
// phases leave some of it in, so the figure errs low.
func BenchmarkSpeedup(b *testing.B) {
	d, _ := docs(3 << 10)
	s := shingle.New(shingle.Options{})
	h := minhash.New(minhash.Options{})
	base := naive.New(128, 1)
	var sh []uint64
	var sig []uint32
	var ours, theirs time.Duration
	var n, m int64
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	b.ResetTimer()
	const block, naiveBlock = 1024, 64
	for i := 0; i < b.N; i += block {
		t0 := threadCPU()
		for j := i; j < i+block && j < b.N; j++ {
			sh = s.Append(sh[:0], d[j%len(d)])
			sig = h.Append(sig[:0], sh)
			n += int64(len(d[j%len(d)]))
		}
		t1 := threadCPU()
		for j := i; j < i+naiveBlock && j < b.N; j++ {
			sh = s.Append(sh[:0], d[j%len(d)])
			sig = base.Append(sig[:0], sh)
			m += int64(len(d[j%len(d)]))
		}
		ours += t1 - t0
		theirs += threadCPU() - t1
	}
	sink += len(sig)
	if ours > 0 && theirs > 0 {
		o, t := float64(n)/ours.Seconds(), float64(m)/theirs.Seconds()
		b.ReportMetric(o/t, "x-naive")
		b.ReportMetric(o/1e6, "MB/s-ours")
		b.ReportMetric(t/1e6, "MB/s-naive")
	}
}

// BenchmarkCPU reports, for each path on 3 KB documents, the throughput in
// MB/s per core measured in thread CPU time ("MB/s-cpu"): the figure to
// compare with the per-core targets when the machine is shared.
func BenchmarkCPU(b *testing.B) {
	d, mean := docs(3 << 10)
	paths := []struct {
		name string
		new  func() func([]byte) int
	}{
		{"tokenize", func() func([]byte) int {
			s := shingle.New(shingle.Options{})
			var dst []uint64
			return func(t []byte) int { dst = s.AppendTokens(dst[:0], t); return len(dst) }
		}},
		{"shingle", func() func([]byte) int {
			s := shingle.New(shingle.Options{})
			var dst []uint64
			return func(t []byte) int { dst = s.Append(dst[:0], t); return len(dst) }
		}},
	}
	for _, sk := range sketchers {
		paths = append(paths, struct {
			name string
			new  func() func([]byte) int
		}{"shingle+" + sk.name, func() func([]byte) int {
			s := shingle.New(shingle.Options{})
			sign := sk.new()
			var sh []uint64
			var sig []uint32
			return func(t []byte) int {
				sh = s.Append(sh[:0], t)
				sig = sign(sig[:0], sh)
				return len(sig)
			}
		}})
	}
	for _, p := range paths {
		b.Run(p.name, func(b *testing.B) {
			f := p.new()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.SetBytes(int64(mean))
			b.ReportAllocs()
			b.ResetTimer()
			t0 := threadCPU()
			for i := range b.N {
				sink += f(d[i%len(d)])
			}
			cpu := threadCPU() - t0
			b.ReportMetric(float64(mean)*float64(b.N)/cpu.Seconds()/1e6, "MB/s-cpu")
		})
	}
}

// TestSteadyStateAllocs guards the zero-allocation claim of the whole path
// once the caller's buffers are warm.
func TestSteadyStateAllocs(t *testing.T) {
	d, _ := docs(3 << 10)
	s := shingle.New(shingle.Options{})
	for _, f := range []minhash.Family{minhash.OnePermutation, minhash.Classic} {
		h := minhash.New(minhash.Options{Family: f})
		var sh []uint64
		var sig minhash.Signature
		i := 0
		step := func() {
			sh = s.Append(sh[:0], d[i%len(d)])
			sig = h.Append(sig[:0], sh)
			i++
		}
		for range len(d) { // warm the buffers on every document
			step()
		}
		if n := testing.AllocsPerRun(100, step); n != 0 {
			t.Errorf("%v: %v allocations per document, want 0", f, n)
		}
	}
}
