package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/internal/flagval"
	"github.com/neardup/dedupe/internal/hugepages"
	"github.com/neardup/dedupe/internal/profile"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/shingle"
)

// inputFlags are the flags every command reading documents shares.
type inputFlags struct {
	idField, textField, urlField, siteField string
	skipBad                                 bool
	maxBytes                                byteSize
}

func (f *inputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.idField, "id-field", "id", "JSON `field` holding the document id")
	fs.StringVar(&f.textField, "text-field", "text", "JSON `field` holding the text")
	fs.StringVar(&f.urlField, "url-field", "url", "JSON `field` holding the page url")
	fs.StringVar(&f.siteField, "site-field", "site", "JSON `field` holding the site key")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "skip malformed (and too large) records instead of stopping")
	f.maxBytes = records.DefaultMaxBytes
	fs.Var(&f.maxBytes, "max-bytes", "largest record or document read, in `BYTES` (suffixes k, M, G; 0: no limit)")
}

// recordBytes returns -max-bytes as records.Files.MaxBytes takes it: the
// flag's 0 is no limit, the library's -1.
func (f *inputFlags) recordBytes() int {
	if f.maxBytes == 0 {
		return -1
	}
	return int(f.maxBytes)
}

// byteSize is a flag value of a number of bytes (flagval.ByteSize, as
// dedupe-beam reads it).
type byteSize = flagval.ByteSize

// files returns the source reading inputs; outputs may not be among them.
func (f *inputFlags) files(inputs []string, outputs ...string) (*records.Files, error) {
	n := 0
	for _, in := range inputs {
		if in == "-" {
			n++
		}
	}
	if n > 1 {
		return nil, usagef("standard input (-) given twice")
	}
	src := &records.Files{
		Paths:    inputs,
		Fields:   records.Fields{ID: f.idField, Text: f.textField, URL: f.urlField, Site: f.siteField},
		SkipBad:  f.skipBad,
		Stdin:    stdin,
		MaxBytes: f.recordBytes(),
		Temps:    temps,
	}
	for _, o := range outputs {
		src.Exclude(o)
	}
	return src, nil
}

// simFlags are the flags of the near-duplicate detector.
type simFlags struct {
	threshold float64
	k         int
	numPerm   int
	normalize string
	recall    float64
}

func (f *simFlags) register(fs *flag.FlagSet) {
	fs.Float64Var(&f.threshold, "threshold", dedupe.DefaultThreshold, "Jaccard similarity `J` of near-duplicates")
	fs.IntVar(&f.k, "k", shingle.DefaultK, "shingle size in words (`K`)")
	fs.IntVar(&f.numPerm, "num-perm", dedupe.DefaultNumPerm, "MinHash signature length `N`")
	fs.StringVar(&f.normalize, "normalize", "fold", "text normalisation `MODE`: fold or whitespace")
	fs.Float64Var(&f.recall, "recall", dedupe.DefaultRecall, "choose the LSH bands so that a pair at the threshold is a candidate with probability `R`")
}

// apply checks the flags and sets the options they select.
func (f *simFlags) apply(o *dedupe.Options) error {
	if err := flagErr(
		flagval.Normalize(f.normalize),
		flagval.Fraction("-threshold", f.threshold, true),
		flagval.Fraction("-recall", f.recall, false),
		flagval.ShingleK(f.k),
		flagval.NumPerm(f.numPerm),
	); err != nil {
		return err
	}
	o.Shingle.Normalization = shingle.Fold
	if f.normalize == "whitespace" {
		o.Shingle.Normalization = shingle.Whitespace
	}
	o.Threshold, o.Recall = f.threshold, f.recall
	o.Shingle.K = f.k
	o.Signature.K = f.numPerm
	return nil
}

// checkWorkers checks the -j flag.
func checkWorkers(j int) error {
	if j < 1 {
		return usagef("-j must be at least 1, not %d", j)
	}
	return nil
}

// flagErr returns the first error of the checks of flags errs (those of
// flagval, which dedupe-beam makes too) as a usage error, or nil.
func flagErr(errs ...error) error {
	if err := flagval.First(errs...); err != nil {
		return usageError{err.Error()}
	}
	return nil
}

// verifyFlag is the -verify flag of clean and find.
type verifyFlag dedupe.Verify

func (v *verifyFlag) register(fs *flag.FlagSet) {
	fs.Func("verify", "verify candidate pairs by `METHOD`: exact (Jaccard of the shingle sets, from a second reading) or estimate (MinHash signatures only) (default exact)", func(s string) error {
		switch s {
		case "exact":
			*v = verifyFlag(dedupe.Exact)
		case "estimate":
			*v = verifyFlag(dedupe.Estimate)
		default:
			return fmt.Errorf("must be exact or estimate, not %q", s)
		}
		return nil
	})
}

// repeatFlags are the flags of the repeated-paragraph finder.
type repeatFlags struct {
	threshold float64
	minWords  int
}

func (f *repeatFlags) register(fs *flag.FlagSet) {
	fs.Float64Var(&f.threshold, "repeat-threshold", dedupe.DefaultRepeatThreshold, "Jaccard similarity `J` of repeated paragraphs")
	fs.IntVar(&f.minWords, "min-words", dedupe.DefaultMinWords, "paragraphs with fewer than `N` words are never repeats")
}

// apply checks the flags and sets the options they select.
func (f *repeatFlags) apply(o *dedupe.Options) error {
	if err := flagErr(flagval.Fraction("-repeat-threshold", f.threshold, true), flagval.MinWords(f.minWords)); err != nil {
		return err
	}
	o.RepeatThreshold = f.threshold
	o.MinWords = max(f.minWords, 1) // 0 and 1 both consider every paragraph
	return nil
}

// runFlags are the flags of every command that runs the pipeline.
type runFlags struct {
	j          int
	quiet      bool
	cpuprofile string
	memprofile string
	memLimit   byteSize
	fs         *flag.FlagSet // which says whether -mem-limit was given (apply)
}

// defaultMemLimit is the default of -mem-limit. Go lets the heap grow to
// twice the live data before collecting; on the 1 GB documentation corpus
// of the README the live heap peaks near 1.1 GB (the boilerplate
// learner's counts, a 40 MB dictionary page's analysis) and the process
// reached 1.8-1.9 GB without a limit (3.1-3.5 GB before large documents'
// scratch was let go). With this soft limit it stays near 1.45 GB in the
// same time: the collector runs more often only while the heap is near
// the limit. Live data beyond it makes a run slower, never failing.
const defaultMemLimit = 1400 << 20

// defaultGCPercent is the collector's GOGC unless the GOGC variable is
// set. At Go's 100 the heap goal of the 1 GB documentation corpus lies
// above defaultMemLimit for much of the run, so the runtime keeps handing
// freed pages back to the system and faulting them in again: 0.69-0.80
// million minor faults a run, at about 9 us each on the 2-core VM. At 50
// the goal mostly stays under the limit: 0.56-0.59 million faults, and
// in four alternating rounds (GOGC 100 / 50 / 35) wall 25.7-27.7 s
// (mean 26.5) against 23.3-26.1 s (mean 24.7) and 22.9-26.9 s (24.6),
// CPU (user + sys) a mean 48.3 s against 45.0 and 44.8, peak RSS
// 1.43-1.45 GB against 1.39-1.44 GB. The live data is mostly counts
// without pointers, which the collector marks cheaply, so collecting
// twice as often costs less than the faults it saves.
const defaultGCPercent = 50

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&f.j, "j", runtime.NumCPU(), "`N` worker goroutines")
	fs.BoolVar(&f.quiet, "q", false, "no progress bar or summary on stderr")
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "write a CPU profile to `FILE`")
	fs.StringVar(&f.memprofile, "memprofile", "", "write a heap profile to `FILE`, taken when the live heap was largest")
	f.memLimit = defaultMemLimit
	f.fs = fs
	fs.Var(&f.memLimit, "mem-limit", "soft limit of the heap in `BYTES`: the garbage collector works harder near it (suffixes k, M, G; 0: none); given, even as the default, it wins over GOMEMLIMIT, which applies when set and the flag is not")
}

// apply checks -j, sets the workers and the memory settings of the
// process: the heap limit, GOGC and huge pages for the heap (hugepages).
func (f *runFlags) apply(o *dedupe.Options) error {
	if err := checkWorkers(f.j); err != nil {
		return err
	}
	o.Workers = f.j
	o.Temps = temps
	// Whether -mem-limit was given, not whether it differs from the
	// default: "-mem-limit 1400M" with GOMEMLIMIT set was ignored (QA).
	given := false
	if f.fs != nil {
		f.fs.Visit(func(fl *flag.Flag) { given = given || fl.Name == "mem-limit" })
	}
	switch {
	case f.memLimit == 0:
		debug.SetMemoryLimit(math.MaxInt64)
	case given || os.Getenv("GOMEMLIMIT") == "":
		debug.SetMemoryLimit(int64(f.memLimit))
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
	hugepages.Start()
	return nil
}

// profile starts the CPU and heap profiles asked for and returns the
// function that stops them and writes their files.
func (f *runFlags) profile() (stop func() error, err error) {
	return profile.Start(f.cpuprofile, f.memprofile)
}

// ctx is the context of the commands' runs.
var ctx = context.Background()
