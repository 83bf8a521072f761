package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/records"
)

// BoilerConfig configures Boiler. The zero value needs Data.
type BoilerConfig struct {
	// Data is the labelled file: JSON Lines (plain, gzip or zstd) of pages
	// {"site", "url", "source", "paragraphs": [{"text", "label"}]}, the
	// format of ../shared/data/boiler/.
	Data string
	// Disable turns classifier cues off (see boiler.Cue).
	Disable boiler.Cue
	// Ablation adds one row per cue: the scores with that cue disabled.
	Ablation bool
}

// BoilerScores are the scores of the content class, micro-averaged over
// paragraphs, and the same weighted by paragraph length in bytes (char_*).
type BoilerScores struct {
	Precision     float64 `json:"precision"`
	Recall        float64 `json:"recall"`
	F1            float64 `json:"f1"`
	CharPrecision float64 `json:"char_precision"`
	CharRecall    float64 `json:"char_recall"`
	CharF1        float64 `json:"char_f1"`
	TP            int     `json:"tp"`
	FP            int     `json:"fp"`
	FN            int     `json:"fn"`
	TN            int     `json:"tn"`
	CharTP        int64   `json:"char_tp"`
	CharFP        int64   `json:"char_fp"`
	CharFN        int64   `json:"char_fn"`
}

// BoilerAblation is the score with one cue disabled.
type BoilerAblation struct {
	Disabled string `json:"disabled"`
	BoilerScores
}

// BoilerReport is the result of Boiler; it marshals to one JSON object
// whose top-level scores are over all pages.
type BoilerReport struct {
	BoilerScores
	Pages      int                     `json:"pages"`
	Sites      int                     `json:"sites"`
	Paragraphs int                     `json:"paragraphs"`
	Sources    map[string]BoilerScores `json:"sources"`
	Ablation   []BoilerAblation        `json:"ablation,omitempty"`
}

// boilerPage is one record of the labelled file.
type boilerPage struct {
	Site       string `json:"site"`
	URL        string `json:"url"`
	Source     string `json:"source"`
	Paragraphs []struct {
		Text  string `json:"text"`
		Label string `json:"label"`
	} `json:"paragraphs"`
	texts []string
}

// Boiler learns a boiler.Model from the pages' text in cfg.Data (the
// labels are hidden from learning), labels every given paragraph and scores
// the content class against the labels: a paragraph labelled boilerplate or
// repeat counts as not content. The site of a page is its "site" field, else
// the host of its "url".
func Boiler(cfg BoilerConfig) (BoilerReport, error) {
	pages, err := readBoilerPages(cfg.Data)
	if err != nil {
		return BoilerReport{}, err
	}
	var l boiler.Learner
	var an boiler.PageAnalysis
	sites := map[string]bool{}
	paras := 0
	for _, p := range pages {
		an.Analyze(boiler.Page{Site: p.Site, Paragraphs: p.texts})
		l.Add(&an)
		sites[p.Site] = true
		paras += len(p.texts)
	}
	m := l.Model()
	all, bySource := scoreBoiler(m, pages, boiler.Options{Disable: cfg.Disable})
	rep := BoilerReport{BoilerScores: all, Pages: len(pages), Sites: len(sites), Paragraphs: paras, Sources: bySource}
	if cfg.Ablation {
		for _, c := range boiler.AllCues {
			s, _ := scoreBoiler(m, pages, boiler.Options{Disable: cfg.Disable | c.Cue})
			rep.Ablation = append(rep.Ablation, BoilerAblation{Disabled: c.Name, BoilerScores: s})
		}
	}
	return rep, nil
}

func scoreBoiler(m *boiler.Model, pages []boilerPage, opts boiler.Options) (BoilerScores, map[string]BoilerScores) {
	c := m.Classifier(opts)
	var all BoilerScores
	bySource := map[string]BoilerScores{}
	var out []boiler.Paragraph
	for _, p := range pages {
		out = c.Classify(out[:0], boiler.Page{Site: p.Site, Paragraphs: p.texts})
		src := bySource[p.Source]
		for i, q := range out {
			gold := p.Paragraphs[i].Label == "content"
			pred := q.Label == boiler.Content
			all.add(gold, pred, len(q.Text))
			src.add(gold, pred, len(q.Text))
		}
		bySource[p.Source] = src
	}
	all.finish()
	for k, s := range bySource {
		s.finish()
		bySource[k] = s
	}
	return all, bySource
}

func (s *BoilerScores) add(gold, pred bool, n int) {
	switch {
	case gold && pred:
		s.TP++
		s.CharTP += int64(n)
	case pred:
		s.FP++
		s.CharFP += int64(n)
	case gold:
		s.FN++
		s.CharFN += int64(n)
	default:
		s.TN++
	}
}

func (s *BoilerScores) finish() {
	s.Precision, s.Recall, s.F1 = boilerPRF(float64(s.TP), float64(s.FP), float64(s.FN))
	s.CharPrecision, s.CharRecall, s.CharF1 = boilerPRF(float64(s.CharTP), float64(s.CharFP), float64(s.CharFN))
}

// boilerPRF returns precision, recall and F1, each 0 when undefined.
func boilerPRF(tp, fp, fn float64) (p, r, f float64) {
	if tp+fp > 0 {
		p = tp / (tp + fp)
	}
	if tp+fn > 0 {
		r = tp / (tp + fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func readBoilerPages(path string) ([]boilerPage, error) {
	if path == "" {
		return nil, errors.New("eval: boiler eval: no data file")
	}
	rc, err := records.Open(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	r := records.NewLines(rc, path)
	var pages []boilerPage
	for {
		line, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(line) == 0 {
			continue
		}
		var p boilerPage
		if err := json.Unmarshal(line, &p); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, r.Line(), err)
		}
		if p.Site == "" {
			p.Site = boilerHost(p.URL)
		}
		for _, q := range p.Paragraphs {
			p.texts = append(p.texts, q.Text)
		}
		pages = append(pages, p)
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%s: no pages", path)
	}
	return pages, nil
}

// boilerHost returns the host of a URL ("" if none).
func boilerHost(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "/?#:"); i >= 0 {
		u = u[:i]
	}
	return u
}
