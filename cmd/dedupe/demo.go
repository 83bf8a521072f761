package main

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
)

// The demo corpus: short invented articles from four invented sites, with
// syndicated near-copies, a body pasted twice, site disclaimers, appeals,
// cookie notices and error-page text. It is also the CLI's test fixture.
//
//go:embed demo/*.jsonl
var demoFS embed.FS

// demoReport collects what a clean run found, for the demo's printout.
type demoReport struct {
	dups    []demoDup
	repeats map[string][]int // doc id → removed paragraph indices
	boiler  map[string]map[string]*demoFrag
	stats   *dedupe.Stats
	sites   map[string]int // pages per site
	order   []string       // doc ids with repeats, in input order
}

type demoDup struct {
	kept, removed string
	sim           float64
}

type demoFrag struct {
	text  string
	pages int
}

// addRemoved records the paragraphs removed from document d.
func (r *demoReport) addRemoved(d *records.Record, removed []dedupe.LogRecord) {
	r.sites[d.Site]++
	for _, lr := range removed {
		switch lr.Why {
		case dedupe.WhyRepeat:
			if r.repeats[d.ID] == nil {
				r.order = append(r.order, d.ID)
			}
			r.repeats[d.ID] = append(r.repeats[d.ID], lr.Paragraph)
		default:
			m := r.boiler[d.Site]
			if m == nil {
				m = map[string]*demoFrag{}
				r.boiler[d.Site] = m
			}
			key := maskDigits(string(lr.Text))
			if m[key] == nil {
				m[key] = &demoFrag{text: string(lr.Text)}
			}
			m[key].pages++
		}
	}
}

func maskDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '0'
		}
		return r
	}, s)
}

func runDemo(args []string) error {
	fs := newFlagSet("demo")
	rest, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("demo takes no arguments, not %q", rest[0])
	}
	// registered, with the spool and the output's temporary file, for an
	// interrupt to remove (interrupt.go)
	dir, err := temps.MkdirTemp("", "dedupe-demo")
	if err != nil {
		return err
	}
	defer func() { os.RemoveAll(dir); temps.Drop(dir) }()
	inputs, size, err := writeDemo(dir)
	if err != nil {
		return err
	}
	rep, err := demo(inputs, filepath.Join(dir, "clean.jsonl"))
	if err != nil {
		return err
	}
	return printDemo(stdout, rep, size)
}

// demo cleans the corpus of inputs into out with the defaults and returns
// what was found: the near-duplicates from the removal log, the paragraphs
// removed from each document from the per-document step with the learned
// model (a document removed as a near-duplicate has its paragraphs too).
func demo(inputs []string, out string) (*demoReport, error) {
	src := &records.Files{Paths: inputs}
	o := dedupe.Options{Workers: 1, Temps: temps}
	m, err := dedupe.Learn(ctx, src, o)
	if err != nil {
		return nil, err
	}
	o.Model = m
	var log bytes.Buffer
	w, err := records.Create(out, records.OutputOptions{Temps: temps})
	if err != nil {
		return nil, err
	}
	defer w.Abort()
	st, err := dedupe.Clean(ctx, src, w, &log, o)
	if err != nil {
		return nil, err
	}
	rep := &demoReport{stats: st, repeats: map[string][]int{}, boiler: map[string]map[string]*demoFrag{}, sites: map[string]int{}}
	for _, l := range bytes.Split(log.Bytes(), []byte("\n")) {
		var lr dedupe.LogRecord
		if len(l) == 0 {
			continue
		}
		if err := json.Unmarshal(l, &lr); err != nil {
			return nil, err
		}
		if lr.Why == dedupe.WhyNearDuplicate {
			rep.dups = append(rep.dups, demoDup{lr.Kept, lr.ID, lr.Similarity})
		}
	}
	cl, err := dedupe.NewCleaner(o, m)
	if err != nil {
		return nil, err
	}
	err = src.Each(func(d *records.Record) error {
		if err := d.Decode(); err != nil {
			return err
		}
		rep.addRemoved(d, cl.Clean(d).Removed)
		return nil
	})
	return rep, err
}

// writeDemo copies the embedded corpus to dir and returns the file names.
func writeDemo(dir string) ([]string, int64, error) {
	ents, err := demoFS.ReadDir("demo")
	if err != nil {
		return nil, 0, err
	}
	var names []string
	var size int64
	for _, e := range ents {
		b, err := demoFS.ReadFile("demo/" + e.Name())
		if err != nil {
			return nil, 0, err
		}
		p := filepath.Join(dir, e.Name())
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return nil, 0, err
		}
		names = append(names, p)
		size += int64(len(b))
	}
	return names, size, nil
}

// printDemo prints what the demo found to out and returns the first error
// writing it (a closed pipe: main exits with status 141 for it).
func printDemo(out io.Writer, r *demoReport, size int64) error {
	w := bufio.NewWriter(out)
	st := r.stats
	sites := make([]string, 0, len(r.sites))
	for s := range r.sites {
		sites = append(sites, s)
	}
	sort.Strings(sites)
	fmt.Fprintf(w, "dedupe demo: %d invented articles from %d invented sites (%s), embedded in the binary.\n",
		st.DocsIn, len(sites), bytesHuman(size))
	fmt.Fprintf(w, "It ran \"dedupe clean\" on them: repeated paragraphs, then site boilerplate, then near-duplicates.\n\n")

	fmt.Fprintf(w, "Near-duplicate documents (removed -> kept, Jaccard similarity of word 5-shingles, verified exactly):\n")
	if len(r.dups) == 0 {
		fmt.Fprintf(w, "  none\n")
	}
	for _, d := range r.dups {
		fmt.Fprintf(w, "  %-12s -> %-12s %.2f\n", d.removed, d.kept, d.sim)
	}

	fmt.Fprintf(w, "\nRepeated paragraphs inside one document (0-based paragraph indices):\n")
	if len(r.order) == 0 {
		fmt.Fprintf(w, "  none\n")
	}
	for _, id := range r.order {
		fmt.Fprintf(w, "  %-12s paragraphs %s removed as later copies\n", id, ints(r.repeats[id]))
	}

	fmt.Fprintf(w, "\nBoilerplate removed, per site (pages it was removed from, text):\n")
	for _, s := range sites {
		m := r.boiler[s]
		if len(m) == 0 {
			continue
		}
		frags := make([]*demoFrag, 0, len(m))
		for _, f := range m {
			frags = append(frags, f)
		}
		sort.Slice(frags, func(i, j int) bool {
			if frags[i].pages != frags[j].pages {
				return frags[i].pages > frags[j].pages
			}
			return frags[i].text < frags[j].text
		})
		fmt.Fprintf(w, "  %s (%d pages)\n", s, r.sites[s])
		const maxShown = 6
		for i, f := range frags {
			if i == maxShown {
				fmt.Fprintf(w, "    ... and %d more\n", len(frags)-maxShown)
				break
			}
			fmt.Fprintf(w, "    %2dx  %s\n", f.pages, clip(f.text, 70))
		}
	}

	pct := func(n int64) string { return fmt.Sprintf("%5.1f%%", 100*float64(n)/float64(max(st.BytesIn, 1))) }
	fmt.Fprintf(w, "\nText removed (of %s of input):\n", bytesHuman(st.BytesIn))
	fmt.Fprintf(w, "  repeated paragraphs  %8s %s\n", bytesHuman(st.RepeatBytes), pct(st.RepeatBytes))
	fmt.Fprintf(w, "  boilerplate          %8s %s\n", bytesHuman(st.BoilerBytes), pct(st.BoilerBytes))
	fmt.Fprintf(w, "  near-duplicate docs  %8s %s (%d documents)\n", bytesHuman(st.DuplicateBytes), pct(st.DuplicateBytes), st.Duplicates)
	if st.Empty > 0 {
		fmt.Fprintf(w, "  (%d documents had nothing left and were dropped)\n", st.Empty)
	}
	fmt.Fprintf(w, "%d documents in, %d out.\n\nOn your own corpus:\n\n  dedupe clean corpus.jsonl.gz -o clean.jsonl.gz\n\n(\"dedupe help\" for more.)\n", st.DocsIn, st.DocsOut)
	return w.Flush() // the first error of any write
}

func ints(a []int) string {
	s := make([]string, len(a))
	for i, v := range a {
		s[i] = fmt.Sprint(v)
	}
	return strings.Join(s, ", ")
}

// clip shortens s to at most n runes, on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-3]) + "..."
}
