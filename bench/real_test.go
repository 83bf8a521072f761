package bench

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/neardup/dedupe/bench/naive"
	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

// Benchmarks on real text: the shared development corpora (never part of
// the repository; ../shared/data beside the clone, or the folder named by
// DEDUPE_SHARED_DATA), next to the generated corpus. Each benchmark on a
// corpus that is absent is skipped.
//
// The inputs, chosen for the shapes the generator lacks:
//
//   - gen: the 64 generated 3 KB documents of the other benchmarks (ASCII,
//     long paragraphs, no apostrophe);
//   - pages: the text of the 302 web pages of boiler/dev.jsonl.gz cut into
//     pieces of about 3 KB (curly quotes, guillemets, accented letters,
//     many short paragraphs of navigation);
//   - news: the 7,143 Reuters stories of neardup/reuters (ASCII, about
//     800 bytes each, so per-document costs count);
//   - rfc: the first 2 MB of neardup/rfc cut into pieces of about 3 KB
//     (ASCII tables and indented text);
//   - pages-ascii: pages with every non-ASCII rune replaced by an ASCII
//     byte that tokenises alike in Fold mode (a letter or number by 'x',
//     a curly apostrophe or format character by an apostrophe, anything
//     else by a space), to measure what non-ASCII text costs the fold
//     path: compare the MB/s of pages and pages-ascii.

// dataDir is the folder of the shared evaluation data.
func dataDir() string {
	if dir := os.Getenv("DEDUPE_SHARED_DATA"); dir != "" {
		return dir
	}
	return "../../shared/data"
}

// pieceBytes is the size of the pieces the long documents are cut into.
const pieceBytes = 3 << 10

// realInput is one corpus of the real-text benchmarks.
type realInput struct {
	name string
	path string // below dataDir
	cut  bool   // cut the documents into pieces of about pieceBytes
	max  int    // stop reading after this many bytes (0: read all)
}

var realInputs = []realInput{
	{"pages", "boiler/dev.jsonl.gz", true, 0},
	{"news", "neardup/reuters/corpus.jsonl.gz", false, 0},
	{"rfc", "neardup/rfc/corpus.jsonl.gz", true, 2 << 20},
}

var (
	realOnce  sync.Once
	realCache map[string][][]byte
)

// corpusDocs returns the documents of the named input ("gen" or one of
// realInputs) or skips b when its file is absent. Real corpora are read
// once per process.
func corpusDocs(tb testing.TB, name string) [][]byte {
	tb.Helper()
	if name == "gen" {
		d, _ := docs(3 << 10)
		return d
	}
	realOnce.Do(func() {
		realCache = map[string][][]byte{}
		for _, in := range realInputs {
			d, err := readTexts(filepath.Join(dataDir(), in.path), in.cut, in.max)
			if err == nil {
				realCache[in.name] = d
			}
		}
	})
	if name == "pages-ascii" {
		d := corpusDocs(tb, "pages")
		out := make([][]byte, len(d))
		for i, t := range d {
			out[i] = asciiLike(t)
		}
		return out
	}
	d, ok := realCache[name]
	if !ok {
		tb.Skipf("no %s corpus in %s", name, dataDir())
	}
	return d
}

// asciiLike returns t with every non-ASCII rune replaced by one ASCII byte
// of the same Fold class: 'x' for a letter, mark or number, an apostrophe
// for a rune Fold removes inside words, a space for anything else.
func asciiLike(t []byte) []byte {
	out := make([]byte, 0, len(t))
	for _, r := range string(t) {
		switch {
		case r < utf8.RuneSelf:
			out = append(out, byte(r))
		case r == '‘' || r == '’' || r == 'ʼ' || r == '＇' || unicode.Is(unicode.Cf, r):
			out = append(out, '\'')
		case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r):
			out = append(out, 'x')
		default:
			out = append(out, ' ')
		}
	}
	return out
}

// readTexts reads the "text" field of the gzipped JSON Lines file at path,
// cut into pieces if cut, up to about max bytes (0: no limit).
func readTexts(path string, cut bool, max int) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(nil, 64<<20)
	var out [][]byte
	total := 0
	for line := 1; sc.Scan() && (max == 0 || total < max); line++ {
		var rec struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		t := []byte(rec.Text)
		if !cut {
			out = append(out, t)
			total += len(t)
			continue
		}
		for len(t) > 0 {
			p := pieceEnd(t)
			out = append(out, t[:p])
			total += p
			t = t[p:]
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no documents", path)
	}
	return out, nil
}

// pieceEnd returns the end of the first piece of t: the first ASCII white
// space at or after pieceBytes, or len(t).
func pieceEnd(t []byte) int {
	for i := pieceBytes; i < len(t); i++ {
		switch t[i] {
		case ' ', '\n', '\t', '\r':
			return i + 1
		}
	}
	return len(t)
}

func meanLen(d [][]byte) int {
	n := 0
	for _, t := range d {
		n += len(t)
	}
	return n / len(d)
}

// realPaths are the paths BenchmarkReal measures: each returns a function
// that processes one document and returns a number to keep alive.
var realPaths = []struct {
	name string
	new  func() func([]byte) int
}{
	{"tokenize/fold", tokenizePath(shingle.Options{})},
	{"tokenize/whitespace", tokenizePath(shingle.Options{Normalization: shingle.Whitespace})},
	{"shingle/fold", shinglePath(shingle.Options{})},
	{"shingle/whitespace", shinglePath(shingle.Options{Normalization: shingle.Whitespace})},
	{"signature/fold", signaturePath(shingle.Options{}, ours)},
	{"signature/whitespace", signaturePath(shingle.Options{Normalization: shingle.Whitespace}, ours)},
	{"classic/fold", signaturePath(shingle.Options{}, classic)},
	{"naive/fold", signaturePath(shingle.Options{}, naiveSigner)},
	{"boiler/analyze", analyzePath},
}

// analyzePath is the boilerplate analysis of a document as the learning
// pass makes it: the document split into paragraphs (shingle.Paragraphs,
// Auto, as the engine splits pages), then boiler.PageAnalysis.Analyze.
func analyzePath() func([]byte) int {
	var an boiler.PageAnalysis
	var spans []shingle.Span
	var paras []string
	return func(t []byte) int {
		spans = shingle.Paragraphs(spans[:0], t, shingle.Auto)
		paras = paras[:0]
		for _, s := range spans {
			paras = append(paras, unsafe.String(&t[s.Start], s.End-s.Start))
		}
		an.Analyze(boiler.Page{Site: "s", Paragraphs: paras})
		return len(an.Words())
	}
}

func tokenizePath(opts shingle.Options) func() func([]byte) int {
	return func() func([]byte) int {
		s := shingle.New(opts)
		var dst []uint64
		return func(t []byte) int { dst = s.AppendTokens(dst[:0], t); return len(dst) }
	}
}

func shinglePath(opts shingle.Options) func() func([]byte) int {
	return func() func([]byte) int {
		s := shingle.New(opts)
		var dst []uint64
		return func(t []byte) int { dst = s.Append(dst[:0], t); return len(dst) }
	}
}

// signer makes the signature function of a family, k = 128.
type signer func() func(dst []uint32, shingles []uint64) []uint32

func ours() func([]uint32, []uint64) []uint32 {
	h := minhash.New(minhash.Options{})
	return func(dst []uint32, sh []uint64) []uint32 { return h.Append(dst, sh) }
}

func classic() func([]uint32, []uint64) []uint32 {
	h := minhash.New(minhash.Options{Family: minhash.Classic})
	return func(dst []uint32, sh []uint64) []uint32 { return h.Append(dst, sh) }
}

func naiveSigner() func([]uint32, []uint64) []uint32 { return naive.New(128, 1).Append }

// signaturePath is the whole path from text to signature: shingles, then
// the signature of sign.
func signaturePath(opts shingle.Options, sign signer) func() func([]byte) int {
	return func() func([]byte) int {
		s := shingle.New(opts)
		f := sign()
		var sh []uint64
		var sig []uint32
		return func(t []byte) int {
			sh = s.Append(sh[:0], t)
			sig = f(sig[:0], sh)
			return len(sig)
		}
	}
}

// BenchmarkReal measures each hot path on each input (gen, pages,
// pages-ascii, news, rfc), reporting "MB/s-cpu", MB of text per second of the thread's CPU
// time, and the mean document length in bytes. For the ratios to the
// naive form in one run, see BenchmarkRealSpeedup.
//
//	DEDUPE_SHARED_DATA=/path/to/shared/data go test -run XXX -bench Real ./bench/
func BenchmarkReal(b *testing.B) {
	for _, in := range []string{"gen", "pages", "pages-ascii", "news", "rfc"} {
		for _, p := range realPaths {
			b.Run(in+"/"+p.name, func(b *testing.B) {
				d := corpusDocs(b, in)
				f := p.new()
				for _, t := range d { // warm the buffers
					sink += f(t)
				}
				mean := meanLen(d)
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				b.SetBytes(int64(mean))
				b.ReportAllocs()
				b.ResetTimer()
				t0 := threadCPU()
				n := 0
				for i := range b.N {
					t := d[i%len(d)]
					sink += f(t)
					n += len(t)
				}
				if cpu := threadCPU() - t0; cpu > 0 {
					b.ReportMetric(float64(n)/cpu.Seconds()/1e6, "MB/s-cpu")
				}
				b.ReportMetric(float64(mean), "B/doc")
			})
		}
	}
}

// phaseBytes is the text one phase of an interleaved comparison processes
// with our path: about 7 ms of it (see BenchmarkSpeedup for why the phases
// are long); the naive path's phases are naivePhaseBytes, about as long.
const (
	phaseBytes      = 3 << 20
	naivePhaseBytes = 192 << 10
)

// speedup runs ours and theirs over the documents d in alternating phases
// of about equal CPU time, the document cursor of each going on from
// phase to phase, and reports the ratio of their throughputs in the
// thread's CPU time as unit ("x-naive") with both throughputs in MB/s.
// b.N counts the documents of ours.
func speedup(b *testing.B, d [][]byte, ours, theirs func([]byte) int, unit string) {
	interleave(b, d, d, ours, theirs, naivePhaseBytes, unit, "naive")
}

// interleave runs ours over the documents d and theirs over e in
// alternating phases (phaseBytes of text for ours, theirPhase for theirs,
// chosen so that the phases take about equal CPU time), the document
// cursor of each going on from phase to phase, and reports the ratio of
// their throughputs in the thread's CPU time as unit, with both
// throughputs in MB/s ("MB/s-ours", "MB/s-"+name). On a machine shared
// with other jobs the load falls on both alike, so the ratio holds where
// the speeds do not. b.N counts the documents of ours.
func interleave(b *testing.B, d, e [][]byte, ours, theirs func([]byte) int, theirPhase int64, unit, name string) {
	for _, t := range d { // warm the buffers
		sink += ours(t)
	}
	for _, t := range e {
		sink += theirs(t)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.SetBytes(int64(meanLen(d)))
	b.ReportAllocs()
	b.ResetTimer()
	var tOurs, tTheirs time.Duration
	var n, m int64
	i, j := 0, 0
	for i < b.N {
		t0 := threadCPU()
		for p := int64(0); p < phaseBytes && i < b.N; i++ {
			t := d[i%len(d)]
			sink += ours(t)
			p += int64(len(t))
			n += int64(len(t))
		}
		t1 := threadCPU()
		for p := int64(0); p < theirPhase; j++ {
			t := e[j%len(e)]
			sink += theirs(t)
			p += int64(len(t))
			m += int64(len(t))
		}
		tOurs += t1 - t0
		tTheirs += threadCPU() - t1
	}
	if tOurs > 0 && tTheirs > 0 {
		o, t := float64(n)/tOurs.Seconds(), float64(m)/tTheirs.Seconds()
		b.ReportMetric(o/t, unit)
		b.ReportMetric(o/1e6, "MB/s-ours")
		b.ReportMetric(t/1e6, "MB/s-"+name)
	}
}

// BenchmarkRealSpeedup is BenchmarkSpeedup on every input: shingles and
// signature (k = 128, one-permutation) against the same shingling followed
// by the naive k-permutation signature, in alternating phases, for the
// fold and whitespace normalisations. "x-naive" is the ratio of the
// throughputs; the targets of issue 14 are 25 on pages and 15 on news
// (fold).
//
//	DEDUPE_SHARED_DATA=/path/to/shared/data go test -run XXX -bench RealSpeedup ./bench/
func BenchmarkRealSpeedup(b *testing.B) {
	for _, in := range []string{"gen", "pages", "news", "rfc"} {
		for _, n := range normalizations {
			b.Run(in+"/"+n.name, func(b *testing.B) {
				d := corpusDocs(b, in)
				speedup(b, d, signaturePath(n.opts, ours)(), signaturePath(n.opts, naiveSigner)(), "x-naive")
			})
		}
	}
}

// TestReadTexts checks the cutting of the real corpora on a file made here.
func TestReadTexts(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.jsonl.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := gzip.NewWriter(f)
	long := make([]byte, 0, 8000)
	for len(long) < 7000 {
		long = append(long, "word "...)
	}
	for _, s := range []string{"short text", string(long)} {
		b, _ := json.Marshal(map[string]string{"id": "x", "text": s})
		z.Write(append(b, '\n'))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	whole, err := readTexts(path, false, 0)
	if err != nil || len(whole) != 2 || string(whole[0]) != "short text" || len(whole[1]) != len(long) {
		t.Fatalf("readTexts(whole) = %d documents, %v", len(whole), err)
	}
	pieces, err := readTexts(path, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	// "short text", then long in pieces that each end at the first space
	// at or after pieceBytes, the last one shorter.
	if len(pieces) != 4 || string(pieces[0]) != "short text" {
		t.Fatalf("readTexts(cut) = %d pieces, want 4", len(pieces))
	}
	var joined []byte
	for i, p := range pieces[1:] {
		joined = append(joined, p...)
		if i < 2 && (len(p) < pieceBytes || len(p) > pieceBytes+5 || p[len(p)-1] != ' ') {
			t.Errorf("piece %d: %d bytes ending in %q, want %d to %d ending in a space", i+1, len(p), p[len(p)-1], pieceBytes, pieceBytes+5)
		}
	}
	if string(joined) != string(long) {
		t.Error("the pieces do not join up to the document")
	}
	if _, err := readTexts(filepath.Join(dir, "absent.jsonl.gz"), false, 0); err == nil {
		t.Error("readTexts of an absent file: no error")
	}
}

// BenchmarkRealSignature measures the signature alone (k = 128,
// one-permutation) of each input's fold shingles, computed beforehand;
// the throughput is in bytes of the documents they come from.
func BenchmarkRealSignature(b *testing.B) {
	for _, in := range []string{"gen", "pages", "news", "rfc"} {
		b.Run(in, func(b *testing.B) {
			d := corpusDocs(b, in)
			sh := shingled(d, shingle.Options{})
			sign := ours()
			var sig []uint32
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.SetBytes(int64(meanLen(d)))
			b.ReportAllocs()
			b.ResetTimer()
			t0 := threadCPU()
			n := 0
			for i := range b.N {
				sig = sign(sig[:0], sh[i%len(sh)])
				n += len(d[i%len(d)])
			}
			if cpu := threadCPU() - t0; cpu > 0 {
				b.ReportMetric(float64(n)/cpu.Seconds()/1e6, "MB/s-cpu")
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "ns-cpu/doc")
			}
			sink += len(sig)
		})
	}
}

// joined returns the documents of d concatenated, separated by blank
// lines, into documents of at least pieceBytes: the same text as d in
// long documents.
func joined(d [][]byte) [][]byte {
	var out [][]byte
	var cur []byte
	for _, t := range d {
		cur = append(cur, t...)
		cur = append(cur, '\n', '\n')
		if len(cur) >= pieceBytes {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// BenchmarkRealShape measures what the shape of real text costs the fold
// path (tokenize, and shingles + signature at k = 128), each as a ratio
// of two speeds in one run (see interleave), so that it holds on a
// loaded machine:
//
//   - nonascii: the web pages against pages-ascii, the same pages with
//     every non-ASCII rune replaced by an ASCII byte that tokenises
//     alike; "x-ascii" is the speed on the real pages over that on their
//     ASCII copy (the target of issue 14: at least 1/1.3 = 0.77);
//
//   - short: the Reuters stories (about 800 bytes) against the same
//     stories joined into documents of 3 KB; "x-long" is the speed on the
//     stories over that on the joined ones, the share of the long
//     documents' speed that short ones keep (per-document costs).
//
// To run it:
//
//	DEDUPE_SHARED_DATA=/path/to/shared/data go test -run XXX -bench RealShape ./bench/
func BenchmarkRealShape(b *testing.B) {
	paths := []struct {
		name string
		new  func() func([]byte) int
	}{
		{"tokenize", tokenizePath(shingle.Options{})},
		{"signature", signaturePath(shingle.Options{}, ours)},
	}
	for _, p := range paths {
		b.Run("nonascii/"+p.name, func(b *testing.B) {
			d, e := corpusDocs(b, "pages"), corpusDocs(b, "pages-ascii")
			interleave(b, d, e, p.new(), p.new(), phaseBytes, "x-ascii", "ascii")
		})
	}
	for _, p := range paths {
		b.Run("short/"+p.name, func(b *testing.B) {
			d := corpusDocs(b, "news")
			interleave(b, d, joined(d), p.new(), p.new(), phaseBytes, "x-long", "long")
		})
	}
}
