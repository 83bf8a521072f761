package main

import (
	"encoding/json"
	"io"
	"os"
	"runtime"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/bench/eval"
	"github.com/neardup/dedupe/internal/flagval"
)

// evalCommands are the subcommands of eval: thin wrappers around the
// functions of bench/eval, each printing its report as one JSON object on stdout.
var evalCommands = map[string]func(args []string) error{
	"neardup": evalNearDup,
	"repeats": evalRepeats,
	"boiler":  evalBoiler,
}

func runEval(args []string) error {
	if len(args) == 0 {
		return usagef("eval: want neardup, repeats or boiler")
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		_, err := io.WriteString(stdout, "usage: dedupe eval neardup|repeats|boiler [flags]\n(dedupe eval neardup -h for the flags of one)\n")
		return err
	}
	fn, ok := evalCommands[args[0]]
	if !ok {
		return usagef("eval: unknown evaluation %q (want neardup, repeats or boiler)", args[0])
	}
	return fn(args[1:])
}

// evalProgress starts the progress line of an evaluation reading corpus
// (on a terminal, unless quiet).
func evalProgress(quiet bool, corpus string) *progress {
	var size int64
	if fi, err := os.Stat(corpus); err == nil {
		size = fi.Size()
	}
	return startProgress(!quiet, "eval", size)
}

func printJSON(v any) error {
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func evalNearDup(args []string) error {
	var cfg eval.NearDupConfig
	fs := newFlagSet("eval")
	fs.StringVar(&cfg.Corpus, "corpus", "", "the corpus `FILE` (JSON Lines, plain or compressed)")
	fs.StringVar(&cfg.Truth, "truth", "", "the truth pairs `FILE`")
	fs.StringVar(&cfg.Clusters, "clusters", "", "the truth clusters `FILE` (optional)")
	fs.Float64Var(&cfg.Threshold, "threshold", dedupe.DefaultThreshold, "Jaccard similarity threshold `J`")
	fs.StringVar(&cfg.Normalize, "normalize", "fold", "text normalisation `MODE`: fold or whitespace")
	fs.StringVar(&cfg.Verify, "verify", "exact", "verification of candidates: exact or estimate")
	fs.IntVar(&cfg.K, "num-perm", dedupe.DefaultNumPerm, "MinHash signature length `N`")
	fs.Float64Var(&cfg.Recall, "recall", dedupe.DefaultRecall, "choose the LSH bands so that a pair at the threshold is a candidate with probability `R`")
	fs.IntVar(&cfg.Workers, "j", runtime.NumCPU(), "`N` worker goroutines")
	quiet := fs.Bool("q", false, "no progress line")
	rest, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usagef("eval neardup: unexpected argument %q", rest[0])
	case cfg.Corpus == "" || cfg.Truth == "":
		return usagef("eval neardup: need -corpus FILE and -truth FILE")
	case cfg.Verify != "exact" && cfg.Verify != "estimate":
		return usagef("-verify must be exact or estimate")
	}
	if err := flagErr(
		flagval.Normalize(cfg.Normalize),
		flagval.Fraction("-threshold", cfg.Threshold, true),
		flagval.Fraction("-recall", cfg.Recall, false),
		flagval.NumPerm(cfg.K),
	); err != nil {
		return err
	}
	if err := checkWorkers(cfg.Workers); err != nil {
		return err
	}
	prog := evalProgress(*quiet, cfg.Corpus)
	cfg.Progress = prog.update
	rep, err := eval.NearDup(cfg)
	prog.stop()
	if err != nil {
		return err
	}
	return printJSON(rep)
}

func evalBoiler(args []string) error {
	var cfg eval.BoilerConfig
	fs := newFlagSet("eval")
	fs.StringVar(&cfg.Data, "data", "", "the labelled pages `FILE` (format of ../shared/data/boiler)")
	fs.BoolVar(&cfg.Ablation, "ablation", false, "add the scores with each cue disabled")
	rest, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usagef("eval boiler: unexpected argument %q", rest[0])
	case cfg.Data == "":
		return usagef("eval boiler: need -data FILE")
	}
	rep, err := eval.Boiler(cfg)
	if err != nil {
		return err
	}
	return printJSON(rep)
}

func evalRepeats(args []string) error {
	var cfg eval.RepeatsConfig
	fs := newFlagSet("eval")
	fs.StringVar(&cfg.Corpus, "corpus", "", "the corpus `FILE` (JSON Lines, plain or compressed)")
	fs.StringVar(&cfg.Truth, "truth", "", "the paragraph truth `FILE`")
	fs.Float64Var(&cfg.Threshold, "threshold", dedupe.DefaultRepeatThreshold, "Jaccard similarity threshold `J`")
	fs.IntVar(&cfg.MinWords, "min-words", dedupe.DefaultMinWords, "paragraphs with fewer than `N` words are never repeats")
	fs.StringVar(&cfg.Normalize, "normalize", "whitespace", "text normalisation: whitespace (the truth's) or fold")
	fs.IntVar(&cfg.Workers, "j", runtime.NumCPU(), "`N` worker goroutines")
	quiet := fs.Bool("q", false, "no progress line")
	rest, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usagef("eval repeats: unexpected argument %q", rest[0])
	case cfg.Corpus == "" || cfg.Truth == "":
		return usagef("eval repeats: need -corpus FILE and -truth FILE")
	case cfg.MinWords < 1:
		return usagef("-min-words must be at least 1")
	}
	if err := flagErr(flagval.Normalize(cfg.Normalize), flagval.Fraction("-threshold", cfg.Threshold, true)); err != nil {
		return err
	}
	if err := checkWorkers(cfg.Workers); err != nil {
		return err
	}
	prog := evalProgress(*quiet, cfg.Corpus)
	cfg.Progress = prog.update
	rep, err := eval.Repeats(cfg)
	prog.stop()
	if err != nil {
		return err
	}
	return printJSON(rep)
}
