package shingle

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// benchWords is a small English-like vocabulary; benchText draws from it
// with a Zipf law, adds punctuation, capitals and numbers, and repeats the
// seed's choices deterministically.
var benchWords = strings.Fields(`the of and to a in is that for it as was with be by on not he
this are or his from at which but have an they you were her she there been one all we their
has would when if more no out so said what up its about into than them can only other new some
could time these two may then do first any my now such like our over man me even most made after
also did many before must through back years where much your way well down should because each
just those people how too little state good very make world still own see men work long get here
between both life being under never day same another know while last might us great old year off
come since against go came right used take three government information development national`)

// europeanWords are words of French, German and Russian text, with the
// punctuation of their typesetting: the two-byte letters and the curly
// quotes and dashes that the fast path takes (see nonascii.go).
var europeanWords = strings.Fields(`le la les de des du et à un une est pour que qui dans sur été
très première année déjà où français élève café « » – der die das und ist für über Größe
schön Mädchen Straße Brücke zurück „ “ — и в не на что он это как по но из за был сказал
когда только уже Россия время человек годы ещё «Привет» – ’s`)

func benchText(size int, unicodeMix bool) []byte {
	return benchTextFrom(size, unicodeMix, benchWords)
}

// benchTextFrom is benchText with words drawn from words.
func benchTextFrom(size int, unicodeMix bool, words []string) []byte {
	r := rand.New(rand.NewPCG(uint64(size), 7))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(words)-1))
	extra := strings.Fields("Привет мир ﬁne Straße café 東京都 の 天気 ภาษาไทย “quoted” ＦＵＬＬ")
	var b strings.Builder
	for b.Len() < size {
		w := words[z.Uint64()]
		switch n := r.IntN(40); {
		case unicodeMix && n < 8:
			w = extra[r.IntN(len(extra))]
		case n == 8:
			r0, n0 := utf8.DecodeRuneInString(w)
			w = string(unicode.ToUpper(r0)) + w[n0:]
		case n == 9:
			w = fmt.Sprint(r.IntN(3000))
		case n == 10:
			w += ","
		case n == 11:
			w += "."
		}
		b.WriteString(w)
		if r.IntN(15) == 0 {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	return []byte(b.String()[:size])
}

var benchSizes = []int{100, 3000, 100000}

type benchMode struct {
	name string
	opts Options
}

var benchModes = []benchMode{
	{"fold", Options{}},
	{"whitespace", Options{Normalization: Whitespace}},
	{"fold-mask", Options{MaskDigits: true}},
	{"runes", Options{Unit: Runes}},
}

func benchmarkShingler(b *testing.B, run func(s *Shingler, dst []uint64, text []byte) []uint64) {
	for _, m := range benchModes {
		for _, text := range []string{"ascii", "mixed", "european"} {
			for _, size := range benchSizes {
				b.Run(fmt.Sprintf("%s/%s/%d", m.name, text, size), func(b *testing.B) {
					t := benchText(size, text == "mixed")
					if text == "european" {
						t = benchTextFrom(size, false, europeanWords)
					}
					s := New(m.opts)
					dst := run(s, nil, t)
					b.SetBytes(int64(len(t)))
					b.ReportAllocs()
					b.ResetTimer()
					c0 := cpuTime()
					for i := 0; i < b.N; i++ {
						dst = run(s, dst[:0], t)
					}
					reportCPU(b, c0, len(t))
				})
			}
		}
	}
}

func BenchmarkTokens(b *testing.B) {
	benchmarkShingler(b, func(s *Shingler, dst []uint64, text []byte) []uint64 {
		return s.AppendTokens(dst, text)
	})
}

func BenchmarkShingles(b *testing.B) {
	benchmarkShingler(b, func(s *Shingler, dst []uint64, text []byte) []uint64 {
		return s.Append(dst, text)
	})
}

// reportCPU reports the throughput per CPU second since c0, the figure
// that compares with a per-core target when other processes share the
// machine (wall-clock MB/s then understates it).
func reportCPU(b *testing.B, c0 time.Duration, size int) {
	if d := cpuTime() - c0; d > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/d.Seconds()/1e6, "cpu-MB/s")
	}
}

// BenchmarkFieldsBaseline is the truth definition written with the
// standard library, for comparison with BenchmarkTokens/whitespace.
func BenchmarkFieldsBaseline(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			t := string(benchText(size, false))
			b.SetBytes(int64(len(t)))
			b.ReportAllocs()
			c0 := cpuTime()
			for i := 0; i < b.N; i++ {
				_ = strings.Fields(strings.ToLower(t))
			}
			reportCPU(b, c0, len(t))
		})
	}
}

func BenchmarkParagraphs(b *testing.B) {
	t := benchText(100000, false)
	var spans []Span
	b.SetBytes(int64(len(t)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		spans = Paragraphs(spans[:0], t, Auto)
	}
}

// BenchmarkSet compares Set with its definition, slices.Sort and
// compaction (the baseline, "sort"), on uniform random values such as
// shingle hashes, and on the shingles of the 3 KB text ("text", about 500
// values with their repeats). cpu-ns/op is the CPU time per call.
func BenchmarkSet(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 5))
	inputs := map[string][]uint64{
		"text": New(Options{}).Append(nil, benchText(3000, false)),
	}
	for _, n := range []int{100, 500, 3000} {
		h := make([]uint64, n)
		for i := range h {
			h[i] = r.Uint64()
		}
		inputs[fmt.Sprint(n)] = h
	}
	funcs := []struct {
		name string
		set  func([]uint64) []uint64
	}{
		{"sort", func(h []uint64) []uint64 {
			slices.Sort(h)
			return compact(h, h)
		}},
		{"radix", Set},
	}
	for _, name := range []string{"100", "500", "3000", "text"} {
		src := inputs[name]
		h := make([]uint64, len(src))
		for _, f := range funcs {
			b.Run(name+"/"+f.name, func(b *testing.B) {
				b.ReportAllocs()
				c0 := cpuTime()
				for i := 0; i < b.N; i++ {
					copy(h, src)
					f.set(h)
				}
				if d := cpuTime() - c0; d > 0 {
					b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}

// BenchmarkFoldBlocks compares the block classifier of the fast path,
// foldBlockMasks (SSE2 on amd64), with the portable SWAR form (foldBlock,
// and apostrophes when the block has one) on the blocks of the 3 KB ASCII
// text, in alternating phases of about equal CPU time so that the load of
// a shared machine falls on both alike. "x-swar" is the ratio of their
// speeds.
func BenchmarkFoldBlocks(b *testing.B) {
	text := benchText(3000, false)
	blocks := make([]*[64]byte, 0, len(text)/64)
	for i := 0; i+64 <= len(text); i += 64 {
		blocks = append(blocks, (*[64]byte)(text[i:i+64]))
	}
	var low [64]byte
	var sink uint64
	fast := func() {
		for _, blk := range blocks {
			w, sp, ap := foldBlockMasks(blk, &low, 0)
			sink += w + sp + ap
		}
	}
	swar := func() {
		for _, blk := range blocks {
			w, sp, ap := foldBlock(blk, &low, 0)
			if ap != 0 {
				ap = apostrophes(blk)
			}
			sink += w + sp + ap
		}
	}
	b.SetBytes(int64(len(blocks) * 64))
	b.ResetTimer()
	var tFast, tSWAR time.Duration
	for i := 0; i < b.N; i += 200 {
		t0 := cpuTime()
		for range 200 {
			fast()
		}
		t1 := cpuTime()
		for range 200 {
			swar()
		}
		tFast += t1 - t0
		tSWAR += cpuTime() - t1
	}
	if tFast > 0 {
		b.ReportMetric(float64(tSWAR)/float64(tFast), "x-swar")
	}
	if sink == 1 {
		b.Log(sink)
	}
}

// BenchmarkRunAVX512 compares the two ways of classifying the blocks of
// the word hasher (see lowerBlocks): the plain blocks of a run at once in
// foldRunAVX512 or whitespaceRunAVX512, against foldBlockMasks or
// whitespaceBlock called for each block, on AppendTokens of 3 KB and 800
// byte ASCII texts, in alternating phases of CPU time (see
// BenchmarkFoldBlocks). "x-blocks" is the speed with the runs over that
// with the blocks one by one.
func BenchmarkRunAVX512(b *testing.B) {
	if !useAVX512BW {
		b.Skip("no AVX512BW")
	}
	defer func() { useAVX512BW = true }()
	for _, n := range []Normalization{Fold, Whitespace} {
		for _, size := range []int{3000, 800} {
			b.Run(fmt.Sprintf("%v/%d", n, size), func(b *testing.B) {
				s := New(Options{Normalization: n})
				text := benchText(size, false)
				var toks []uint64
				phase := func(vec bool) time.Duration {
					useAVX512BW = vec
					t0 := cpuTime()
					for range 500 {
						toks = s.AppendTokens(toks[:0], text)
					}
					return cpuTime() - t0
				}
				b.SetBytes(int64(len(text)))
				var tRun, tBlocks time.Duration
				for i := 0; i < b.N; i += 500 {
					tRun += phase(true)
					tBlocks += phase(false)
				}
				if tRun > 0 {
					b.ReportMetric(float64(tBlocks)/float64(tRun), "x-blocks")
				}
			})
		}
	}
}
