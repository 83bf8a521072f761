package eval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/shingle"
)

// BoilerConfig configures Boiler. The zero value needs Data.
type BoilerConfig struct {
	// Data is the labelled file: JSON Lines (plain, gzip or zstd) of pages
	// {"id", "site", "url", "source", "paragraphs": [{"text", "label"}]},
	// the format of ../shared/data/boiler/.
	Data string
	// Ablation adds one row per cue of the classifier: the scores with
	// that cue disabled (boiler.Options.Disable).
	Ablation bool
	// Workers is dedupe.Options.Workers for learning; 0 means GOMAXPROCS.
	// The report does not depend on it.
	Workers int
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
	// Resplit counts the pages whose text (the labelled paragraphs joined
	// by blank lines) the engine does not cut back into the labelled
	// paragraphs; their labels are mapped by overlap (see Boiler).
	Resplit  int              `json:"resplit,omitempty"`
	Ablation []BoilerAblation `json:"ablation,omitempty"`
}

// Boiler runs the engine's boilerplate path on the pages of cfg.Data and
// scores the content class against the labels: the model is learned with
// dedupe.Learn (the learning pass of the command, which skips pages that
// are near-duplicates of earlier ones) from the pages' text alone, and
// each page is cleaned by the per-document steps of the command, a
// dedupe.Cleaner with near-duplicates off: repeated paragraphs, then
// boilerplate, at the defaults. A paragraph labelled boilerplate in the
// file (later copies in a page included, "dup_in_page") counts as not
// content.
//
// The text of a page is its labelled paragraphs joined by blank lines,
// which the engine cuts back into the same paragraphs (shingle.Paragraphs,
// Auto) unless a paragraph is blank or holds a blank line, or a page of one
// paragraph holds line breaks; such pages are counted in
// BoilerReport.Resplit and a labelled paragraph is then content when any
// of its bytes is in a paragraph the engine kept. The site of a page is
// its "site" field, else the host of its "url", as the command reads them.
//
// The ablation rows need classifier options that the Cleaner does not
// take: they label the same paragraphs of the same model with
// boiler.Model.Classifier directly.
func Boiler(cfg BoilerConfig) (BoilerReport, error) {
	pages, err := readBoilerPages(cfg.Data)
	if err != nil {
		return BoilerReport{}, err
	}
	rep := BoilerReport{Pages: len(pages)}
	sites := map[string]bool{}
	src := make(records.Slice, len(pages))
	for i, p := range pages {
		src[i] = p.record()
		sites[p.Site] = true
		rep.Paragraphs += len(p.texts)
		if p.resplit() {
			rep.Resplit++
		}
	}
	rep.Sites = len(sites)
	opts := dedupe.Options{NoDedup: true, Workers: cfg.Workers}
	m, err := dedupe.Learn(context.Background(), src, opts)
	if err != nil {
		return rep, err
	}
	w, err := dedupe.NewCleaner(opts, m)
	if err != nil {
		return rep, err
	}
	rep.BoilerScores, rep.Sources = scoreBoiler(pages, src, func(r *records.Record) []bool { return cleanerKept(w, r) })
	if cfg.Ablation {
		for _, c := range boiler.AllCues {
			cls := m.Classifier(boiler.Options{Disable: c.Cue})
			s, _ := scoreBoiler(pages, src, func(r *records.Record) []bool { return classifierKept(cls, r) })
			rep.Ablation = append(rep.Ablation, BoilerAblation{Disabled: c.Name, BoilerScores: s})
		}
	}
	return rep, nil
}

// cleanerKept cleans r with w and reports for each paragraph of its text
// (shingle.Paragraphs, Auto) whether it was kept.
func cleanerKept(w *dedupe.Cleaner, r *records.Record) []bool {
	res := w.Clean(r)
	kept := make([]bool, len(shingle.Paragraphs(nil, r.Text, shingle.Auto)))
	for i := range kept {
		kept[i] = true
	}
	for _, l := range res.Removed {
		kept[l.Paragraph] = false
	}
	return kept
}

// classifierKept labels the paragraphs of r's text with cls (boiler.NewPage
// cuts them as the Cleaner does: shingle.Paragraphs, Auto) and reports
// which are content: the classifier alone, whose Repeat label (a later
// copy of a kept paragraph) stands in for the repeat step.
func classifierKept(cls *boiler.Classifier, r *records.Record) []bool {
	labels := cls.Classify(nil, boiler.NewPage(r.Site, string(r.Text)))
	kept := make([]bool, len(labels))
	for i, l := range labels {
		kept[i] = l.Label == boiler.Content
	}
	return kept
}

// scoreBoiler scores the labels that label gives the paragraphs of each
// page's record (src[i] for pages[i]), over all pages and by source.
func scoreBoiler(pages []boilerPage, src records.Slice, label func(*records.Record) []bool) (BoilerScores, map[string]BoilerScores) {
	var all BoilerScores
	bySource := map[string]BoilerScores{}
	for i, p := range pages {
		pred := labelledContent(src[i].Text, p.texts, label(src[i]))
		s := bySource[p.Source]
		for j, q := range p.Paragraphs {
			gold := q.Label == "content"
			all.add(gold, pred[j], len(q.Text))
			s.add(gold, pred[j], len(q.Text))
		}
		bySource[p.Source] = s
	}
	all.finish()
	for k, s := range bySource {
		s.finish()
		bySource[k] = s
	}
	return all, bySource
}

// labelledContent maps the engine's labels back to the labelled
// paragraphs: text is the paragraphs texts joined by blank lines, and
// kept[j] tells whether the engine kept paragraph j of text
// (shingle.Paragraphs, Auto). A labelled paragraph is content when any of
// its bytes is in a kept paragraph: when the engine's paragraphs are the
// labelled ones, that is the engine's label of each.
func labelledContent(text []byte, texts []string, kept []bool) []bool {
	spans := shingle.Paragraphs(nil, text, shingle.Auto)
	pred := make([]bool, len(texts))
	j, off := 0, 0
	for i, t := range texts {
		end := off + len(t)
		for j < len(spans) && spans[j].End <= off {
			j++
		}
		for k := j; k < len(spans) && spans[k].Start < end; k++ {
			if kept[k] {
				pred[i] = true
			}
		}
		off = end + len("\n\n")
	}
	return pred
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
	s.Precision, s.Recall, s.F1 = prf(s.TP, s.FP, s.FN)
	s.CharPrecision, s.CharRecall, s.CharF1 = prf(s.CharTP, s.CharFP, s.CharFN)
}

// boilerPage is one record of the labelled file.
type boilerPage struct {
	ID         string `json:"id"`
	Site       string `json:"site"`
	URL        string `json:"url"`
	Source     string `json:"source"`
	Paragraphs []struct {
		Text  string `json:"text"`
		Label string `json:"label"`
	} `json:"paragraphs"`
	texts []string
	file  string
	line  int
}

// record returns the page as the engine reads a document: its paragraphs
// joined by blank lines.
func (p *boilerPage) record() *records.Record {
	text := strings.Join(p.texts, "\n\n")
	r := &records.Record{ID: p.ID, URL: p.URL, Site: p.Site, File: p.file, Line: p.line, Size: len(text)}
	r.SetText([]byte(text))
	return r
}

// resplit reports whether the engine cuts the page's text into other
// paragraphs than the labelled ones.
func (p *boilerPage) resplit() bool {
	text := strings.Join(p.texts, "\n\n")
	spans := shingle.Paragraphs(nil, []byte(text), shingle.Auto)
	if len(spans) != len(p.texts) {
		return true
	}
	for i, s := range spans {
		if text[s.Start:s.End] != p.texts[i] {
			return true
		}
	}
	return false
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
		p.file, p.line = path, r.Line()
		if p.ID == "" {
			p.ID = fmt.Sprintf("%s:%d", path, r.Line())
		}
		if p.Site == "" {
			p.Site = records.SiteOf(p.URL)
		}
		if len(p.Paragraphs) == 0 {
			return nil, fmt.Errorf("%s:%d: a page without labelled paragraphs (want {\"paragraphs\": [{\"text\", \"label\"}, ...]})", path, r.Line())
		}
		for k, q := range p.Paragraphs {
			if q.Label != "content" && q.Label != "boilerplate" {
				return nil, fmt.Errorf("%s:%d: paragraph %d: label %q, want content or boilerplate", path, r.Line(), k, q.Label)
			}
			p.texts = append(p.texts, q.Text)
		}
		pages = append(pages, p)
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%s: no pages", path)
	}
	return pages, nil
}
