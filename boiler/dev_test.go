package boiler

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/neardup/dedupe/records"
)

// devPath is the labelled development set beside the repository (absent in
// a user's clone: tests that need it skip).
const devPath = "../../shared/data/boiler/dev.jsonl.gz"

type devPage struct {
	ID         string `json:"id"`
	Source     string `json:"source"`
	Site       string `json:"site"`
	Paragraphs []struct {
		Text  string `json:"text"`
		Label string `json:"label"`
		Gold  string `json:"gold_class"`
	} `json:"paragraphs"`
}

// page returns the page p without its labels.
func (p *devPage) page() Page {
	ps := make([]string, len(p.Paragraphs))
	for i, q := range p.Paragraphs {
		ps[i] = q.Text
	}
	return Page{Site: p.Site, Paragraphs: ps}
}

func readDev(t testing.TB) []devPage {
	rc, err := records.Open(devPath)
	if err != nil {
		t.Skip("dev set absent:", err)
	}
	defer rc.Close()
	r := records.NewLines(rc, devPath)
	var pages []devPage
	for {
		line, err := r.Next()
		if err == io.EOF {
			return pages
		}
		if err != nil {
			t.Fatal(err)
		}
		var p devPage
		if err := json.Unmarshal(line, &p); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
}

var devPrune int // Prune(devPrune) the dev model when > 0

type prf struct{ tp, fp, fn, ctp, cfp, cfn float64 }

func (s prf) String() string {
	f := func(tp, fp, fn float64) (float64, float64, float64) {
		p, r := tp/(tp+fp), tp/(tp+fn)
		return p, r, 2 * p * r / (p + r)
	}
	p, r, f1 := f(s.tp, s.fp, s.fn)
	cp, cr, cf := f(s.ctp, s.cfp, s.cfn)
	return fmt.Sprintf("P %.3f R %.3f F1 %.3f | charP %.3f charR %.3f charF1 %.3f", p, r, f1, cp, cr, cf)
}

func evalDev(pages []devPage, opts Options, dump io.Writer) map[string]*prf {
	return evalDevSplit(pages, pages, opts, dump)
}

// evalDevSplit learns from learn and scores the labels of test.
func evalDevSplit(learn, pages []devPage, opts Options, dump io.Writer) map[string]*prf {
	var l Learner
	var a PageAnalysis
	for _, p := range learn {
		a.Analyze(p.page())
		l.Add(&a)
	}
	m := l.Model()
	if devPrune > 0 {
		m.Prune(devPrune)
	}
	c := m.Classifier(opts)
	res := map[string]*prf{"all": {}}
	var out []Paragraph
	for _, p := range pages {
		out = c.Classify(out[:0], p.page())
		if res[p.Source] == nil {
			res[p.Source] = &prf{}
		}
		if dump != nil {
			fmt.Fprintf(dump, "===== %s %s pages=%d\n", p.ID, p.Site, m.Pages(p.Site))
		}
		for i, q := range out {
			gold := p.Paragraphs[i].Label == "content"
			pred := q.Label == Content
			n := float64(len(q.Text))
			for _, r := range []*prf{res["all"], res[p.Source]} {
				switch {
				case gold && pred:
					r.tp++
					r.ctp += n
				case pred:
					r.fp++
					r.cfp += n
				case gold:
					r.fn++
					r.cfn += n
				}
			}
			if dump != nil {
				mark := "  "
				if gold != pred {
					if gold {
						mark = "FN"
					} else {
						mark = "FP"
					}
				}
				g := "."
				if gold {
					g = "C"
				}
				f := &c.feats[i]
				txt := q.Text
				if len(txt) > 90 {
					txt = txt[:90]
				}
				fmt.Fprintf(dump, "%s %s %3d w%-3d s%.2f site%d x%d %-22s %q\n", mark, g, i, f.words, f.stopD, f.siteN, f.crossN, q.Reason, txt)
			}
		}
	}
	return res
}

func TestDev(t *testing.T) {
	pages := readDev(t)
	var dump io.Writer
	if path := os.Getenv("BOILER_DUMP"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		dump = f
	}
	res := evalDev(pages, Options{}, dump)
	for _, k := range []string{"all", "big9", "l3s-gn1"} {
		t.Logf("%-8s %v", k, res[k])
	}
	// pages the Model has not seen: learn on even pages, label odd ones
	var even, odd []devPage
	for i, p := range pages {
		if i%2 == 0 {
			even = append(even, p)
		} else {
			odd = append(odd, p)
		}
	}
	devPrune = 2
	t.Logf("pruned(2): %v", evalDev(pages, Options{}, nil)["all"])
	devPrune = 0
	t.Logf("odd pages, learned with them:    %v", evalDevSplit(pages, odd, Options{}, nil)["all"])
	t.Logf("odd pages, learned without them: %v", evalDevSplit(even, odd, Options{}, nil)["all"])
	if os.Getenv("BOILER_ABLATE") != "" {
		for _, cue := range AllCues {
			r := evalDev(pages, Options{Disable: cue.Cue}, nil)
			t.Logf("-%-14s %v", cue.Name, r["all"])
		}
	}
}
