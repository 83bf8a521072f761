// Command peers measures, in one run and on the same generated documents,
// the dedupe shingle+signature path against the Go MinHash libraries
// github.com/dgryski/go-minhash and github.com/ekzhu/minhash-lsh, and the
// naive k-permutation baseline: throughput (MB/s of document text, one
// goroutine) and accuracy (root-mean-square error of the Jaccard estimate
// against the exact word 5-gram Jaccard similarity of generated pairs).
// When the shared evaluation data is found (-data), it also measures the
// throughput on real text: the web pages of boiler/dev.jsonl.gz cut into
// pieces of about -size bytes, and the Reuters stories of
// neardup/reuters (about 800 bytes each), up to -max bytes of each.
//
// It lives in its own module so that users of dedupe do not inherit these
// dependencies. Run it from bench/peers:
//
//	go run .                  # the README table
//	go run . -size 30000 -k 256
//	go test -bench . -benchmem
//
// Methods are timed in interleaved rounds (every method once over every
// document, then again) so that all of them see the same machine
// conditions, in the CPU time of the measuring thread (on Linux), so that
// MB/s are per core even on a shared machine.
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/neardup/dedupe/bench/gen"
	"github.com/neardup/dedupe/shingle"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		os.Exit(1)
	}
}

type config struct {
	docs, size, k, pairs int
	seed                 uint64
	budget               time.Duration
	data                 string // the shared evaluation data ("" for none)
	max                  int    // bytes of each real corpus
}

// defaultData is the shared evaluation data: the folder DEDUPE_SHARED_DATA
// names, or ../shared/data beside the clone.
func defaultData() string {
	if dir := os.Getenv("DEDUPE_SHARED_DATA"); dir != "" {
		return dir
	}
	return "../../../shared/data"
}

func run(args []string, w io.Writer) error {
	var c config
	fs := flag.NewFlagSet("peers", flag.ContinueOnError)
	fs.IntVar(&c.docs, "docs", 100, "number of generated documents timed")
	fs.IntVar(&c.size, "size", 3072, "document size in bytes")
	fs.IntVar(&c.k, "k", 128, "signature length")
	fs.IntVar(&c.pairs, "pairs", 500, "number of generated pairs scored for accuracy")
	fs.Uint64Var(&c.seed, "seed", 1, "generator seed")
	fs.DurationVar(&c.budget, "time", 10*time.Second, "timing budget of each corpus")
	fs.StringVar(&c.data, "data", defaultData(), "the shared evaluation data `DIR` (\"\" for none)")
	fs.IntVar(&c.max, "max", 1<<20, "bytes of each real corpus")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.docs <= 0 || c.size <= 0 || c.k <= 0 || c.pairs < 0 || c.max <= 0 {
		return fmt.Errorf("-docs, -size, -k and -max must be positive, -pairs not negative")
	}

	speed := measureSpeed(c, generated(c))
	acc := measureAccuracy(c)
	real, err := realCorpora(c)
	if err != nil {
		return err
	}
	realSpeed := make([][]float64, len(real))
	for i, rc := range real {
		realSpeed[i] = measureSpeed(c, rc)
	}

	fmt.Fprintf(w, "%d generated documents of %d bytes (seed %d), k = %d, one goroutine (thread CPU time), %s %s/%s\n\n",
		c.docs, c.size, c.seed, c.k, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "| input | method | MB/s | ours/theirs | RMSE | mean error |\n")
	fmt.Fprintf(w, "|---|---|---:|---:|---:|---:|\n")
	ours := map[string]float64{}
	for i, m := range methods {
		if m.id == "ours" {
			ours[m.input] = speed[i]
		}
	}
	for i, m := range methods {
		ratio, rmse, bias := "", "n/a", "n/a"
		if m.id != "ours" {
			ratio = fmt.Sprintf("%.1f×", ours[m.input]/speed[i])
		}
		if a, ok := acc[i]; ok {
			rmse, bias = fmt.Sprintf("%.4f", a.rmse), fmt.Sprintf("%+.4f", a.bias)
		}
		fmt.Fprintf(w, "| %s | %s | %.1f | %s | %s | %s |\n", m.input, m.name, speed[i], ratio, rmse, bias)
	}
	fmt.Fprintf(w, "\nMB/s: document bytes per CPU second; \"hashes\" rows start from precomputed word 5-shingle hashes\n"+
		"(signature only), \"text\" rows from the text. ours/theirs: dedupe one-permutation with the same input.\n"+
		"RMSE, mean error: estimate minus exact Jaccard over %d pairs with targets %v\n"+
		"(the fold row sketches different sets, so it is not scored).\n", c.pairs, targets)
	writeReal(w, c, real, realSpeed)
	if c.pairs > 0 {
		fmt.Fprintf(w, "\nRMSE by target Jaccard:\n\n| method | input |")
		for _, t := range targets {
			fmt.Fprintf(w, " %.2f |", t)
		}
		fmt.Fprintf(w, "\n|---|---|%s\n", repeat("---:|", len(targets)))
		for i, m := range methods {
			a, ok := acc[i]
			if !ok {
				continue
			}
			fmt.Fprintf(w, "| %s | %s |", m.name, m.input)
			for _, r := range a.byTarget {
				fmt.Fprintf(w, " %.4f |", r)
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

// A corpus is the documents a speed measurement runs over, with their
// Whitespace-mode shingle hashes (the input of the "hashes" methods).
type corpus struct {
	name   string
	docs   [][]byte
	hashes [][]uint64
	total  int64
}

func newCorpus(name string, docs [][]byte) corpus {
	s := shingle.New(whitespace)
	cp := corpus{name: name, docs: docs}
	for _, d := range docs {
		cp.hashes = append(cp.hashes, s.Append(nil, d))
		cp.total += int64(len(d))
	}
	return cp
}

// generated returns the generated documents.
func generated(c config) corpus {
	g := gen.New(gen.Options{Seed: c.seed, DocBytes: c.size})
	var docs [][]byte
	for i := range c.docs {
		docs = append(docs, g.Doc(i))
	}
	return newCorpus("generated", docs)
}

// measureSpeed returns the throughput of every method in MB/s.
func measureSpeed(c config, cp corpus) []float64 {
	docs, hashes, total := cp.docs, cp.hashes, cp.total
	fns := make([]func([]byte, []uint64) []uint64, len(methods))
	for i, m := range methods {
		fns[i] = m.new(c.k)
		for j := range docs { // warm up
			fns[i](docs[j], hashes[j])
		}
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	elapsed := make([]time.Duration, len(methods))
	rounds := 0
	start := time.Now()
	for rounds < 3 || time.Since(start) < c.budget {
		for i, f := range fns {
			t0 := threadCPU()
			for j := range docs {
				f(docs[j], hashes[j])
			}
			elapsed[i] += threadCPU() - t0
		}
		rounds++
	}
	speed := make([]float64, len(methods))
	for i := range speed {
		speed[i] = float64(total) * float64(rounds) / elapsed[i].Seconds() / 1e6
	}
	return speed
}

// targets are the Jaccard similarities of the scored pairs.
var targets = []float64{0.3, 0.5, 0.8, 0.9, 0.95}

type accuracy struct {
	rmse, bias float64
	byTarget   []float64
}

// measureAccuracy scores the methods that sketch the truth's shingle sets.
func measureAccuracy(c config) map[int]accuracy {
	out := map[int]accuracy{}
	if c.pairs == 0 {
		return out
	}
	g := gen.New(gen.Options{Seed: c.seed, DocBytes: c.size})
	pairs := g.Pairs(c.pairs, targets...)
	s := shingle.New(whitespace)
	ha := make([][]uint64, len(pairs))
	hb := make([][]uint64, len(pairs))
	for i, p := range pairs {
		ha[i], hb[i] = s.Append(nil, p.A), s.Append(nil, p.B)
	}
	for i, m := range methods {
		if !m.truth {
			continue
		}
		f := m.new(c.k)
		var sse, sum float64
		sq := make([]float64, len(targets))
		cnt := make([]int, len(targets))
		for j, p := range pairs {
			a := slices.Clone(f(p.A, ha[j]))
			b := f(p.B, hb[j])
			e := similarity(a, b) - p.Jaccard
			sse += e * e
			sum += e
			sq[j%len(targets)] += e * e
			cnt[j%len(targets)]++
		}
		a := accuracy{rmse: math.Sqrt(sse / float64(len(pairs))), bias: sum / float64(len(pairs))}
		for t := range targets {
			a.byTarget = append(a.byTarget, math.Sqrt(sq[t]/float64(max(cnt[t], 1))))
		}
		out[i] = a
	}
	return out
}
