package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

//go:embed report.html
var pageText string

var page = template.Must(template.New("report").Parse(pageText))

// Write writes the HTML report of d to w: one self-contained page. It
// enforces the default Limits on any Data (lists beyond them are cut and
// counted as "N more", texts are clipped), so the page stays small
// whatever d holds. A nil d gives an empty report.
func Write(w io.Writer, d *Data) error {
	if d == nil {
		d = &Data{}
	}
	v := newView(d, Limits{}.withDefaults())
	if err := page.Execute(w, v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// view is what the template shows: d's content, bounded, formatted and
// laid out (charts, diffs).
type view struct {
	Title, Created string
	Inputs         []string
	MoreInputs     int
	Notes          []string
	Cards          []card
	Steps          []stepView
	StepTimes      bool // a step has its time
	NearDup        nearDupView
	Clusters       clustersView
	Pairs          []pairView
	MorePairs      string
	Sites          []siteView
	MoreSites      string
	OneSite        bool // the only site row stands for all sites
	Fragments      []fragView
	MoreFragments  string
}

type card struct{ Label, Value, Detail string }

// name clips an id, a name or a reason for display.
func name(s string) string { return clipText(s, maxNameHTML) }

// clipText clips s so that its HTML takes at most budget bytes, with "…"
// if cut.
func clipText(s string, budget int) string {
	s, cut := clipHTML(validUTF8(s), budget-len("…"))
	if cut {
		s += "…"
	}
	return s
}

// htmlCost is the length of r in text escaped by html/template.
func htmlCost(r rune) int {
	switch r {
	case '&', '"', '\'', '+':
		return 5
	case '<', '>':
		return 4
	case 0:
		return 3 // U+FFFD
	}
	return utf8.RuneLen(r)
}

func htmlLen(s string) int {
	n := 0
	for _, r := range s {
		n += htmlCost(r)
	}
	return n
}

// clipHTML returns the longest prefix of s whose escaped HTML takes at
// most budget bytes, cut after a space in its last tenth if there is one,
// and whether it cut.
func clipHTML(s string, budget int) (string, bool) {
	n := 0
	for i, r := range s {
		n += htmlCost(r)
		if n <= budget {
			continue
		}
		for j := i - 1; j > 0 && j >= i-budget/10; j-- {
			if s[j] == ' ' || s[j] == '\n' {
				return s[:j], true
			}
		}
		return s[:i], true
	}
	return s, false
}

// markCost is the HTML a highlight adds around a changed segment.
const markCost = len(`<mark class="del"></mark>`)

// fitSegments cuts segs so that their HTML, highlights included, takes at
// most budget bytes, and says whether it cut.
func fitSegments(segs []segment, budget int) ([]segment, bool) {
	for i, s := range segs {
		extra := 0
		if s.Changed {
			extra = markCost
		}
		if n := htmlLen(s.Text) + extra; n <= budget {
			budget -= n
			continue
		}
		out := segs[:i]
		if t, _ := clipHTML(s.Text, budget-extra); t != "" {
			out = append(out, segment{Text: t, Changed: s.Changed})
		}
		return out, true
	}
	return segs, false
}

func newView(d *Data, lim Limits) *view {
	v := &view{Title: name(d.Title), Created: name(d.Created)}
	if v.Title == "" {
		v.Title = "dedupe clean"
	}
	const maxListed = 20
	for i, in := range d.Inputs {
		if i == maxListed {
			v.MoreInputs = len(d.Inputs) - maxListed
			break
		}
		v.Inputs = append(v.Inputs, name(in))
	}
	for i, n := range d.Notes {
		if i == maxListed {
			break
		}
		v.Notes = append(v.Notes, clipText(n, 1000))
	}
	v.Cards = cards(d)
	v.Steps = steps(d, lim)
	for _, s := range v.Steps {
		v.StepTimes = v.StepTimes || s.Time != ""
	}
	v.NearDup = nearDup(&d.NearDup)
	v.Clusters = clusters(&d.Clusters, lim)
	v.Pairs, v.MorePairs = pairs(d, lim)
	v.Sites, v.MoreSites, v.OneSite = sites(d, lim)
	v.Fragments, v.MoreFragments = fragments(d, lim)
	return v
}

// more says how many items were left out of a list: those cut here and
// those the Data already counted.
func more(cut int, counted int64, what string) string {
	n := int64(cut) + max(counted, 0)
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf("%s more %s not shown", count(n), what)
}

func cards(d *Data) []card {
	t := d.Totals
	var cs []card
	var docs, paras, bytes int64
	unknown := false
	for _, s := range d.Steps {
		if s.Name != "malformed records" {
			docs += s.Docs
		}
		paras += s.Paragraphs
		if s.Bytes < 0 {
			unknown = true
		} else {
			bytes += s.Bytes
		}
	}
	if t.DocsIn > 0 {
		cs = append(cs, card{"documents", count(t.DocsIn) + " → " + count(t.DocsOut),
			fmt.Sprintf("%s removed whole (%s)", count(t.DocsIn-t.DocsOut), percent(t.DocsIn-t.DocsOut, t.DocsIn))})
	} else {
		cs = append(cs, card{"documents removed whole", count(docs), "input size unknown"})
	}
	if t.BytesIn > 0 && t.BytesOut >= 0 {
		cs = append(cs, card{"text", size(t.BytesIn) + " → " + size(t.BytesOut),
			fmt.Sprintf("%s removed (%s)", size(t.BytesIn-t.BytesOut), percent(t.BytesIn-t.BytesOut, t.BytesIn))})
	} else {
		detail := "in paragraphs and documents"
		if unknown {
			detail = "at least: some document sizes unknown"
		}
		cs = append(cs, card{"text removed", size(bytes), detail})
	}
	cs = append(cs, card{"paragraphs removed", count(paras), "from documents kept or left empty"})
	if t.Seconds > 0 {
		detail := ""
		if t.BytesIn > 0 {
			detail = fmt.Sprintf("%.1f MB/s", float64(t.BytesIn)/1e6/t.Seconds)
		}
		cs = append(cs, card{"time", seconds(t.Seconds), detail})
	}
	return cs
}

type stepView struct {
	Name, Note                     string
	Reason                         bool // a reason row under its step
	Docs, Paragraphs, Bytes, Share string
	Bar                            string // width of the share bar, in percent
	Time                           string
}

// maxSteps is the most steps the table shows.
const maxSteps = 10

func steps(d *Data, lim Limits) []stepView {
	var rows []stepView
	in := d.Totals.BytesIn
	row := func(name string, docs, paras, bytes int64) stepView {
		r := stepView{Name: name, Docs: dash(docs), Paragraphs: dash(paras), Bytes: size(bytes), Share: "–"}
		if bytes == 0 {
			r.Bytes = "–"
		}
		if in > 0 && bytes > 0 {
			r.Share = percent(bytes, in)
			r.Bar = strconv.FormatFloat(100*math.Min(1, float64(bytes)/float64(in)), 'f', 1, 64)
		}
		return r
	}
	for i, s := range d.Steps {
		if i == maxSteps { // a run has five steps; a log may name more
			rows = append(rows, stepView{Name: more(len(d.Steps)-i, 0, "steps")})
			break
		}
		r := row(name(s.Name), s.Docs, s.Paragraphs, s.Bytes)
		r.Note = name(s.Note)
		if s.Seconds > 0 {
			r.Time = seconds(s.Seconds)
		}
		rows = append(rows, r)
		for j, rs := range s.Reasons {
			if j == lim.Reasons {
				rows = append(rows, stepView{Name: more(len(s.Reasons)-j, 0, "reasons"), Reason: true})
				break
			}
			r := row(name(rs.Name), rs.Docs, rs.Paragraphs, rs.Bytes)
			r.Reason = true
			rows = append(rows, r)
		}
	}
	return rows
}

type clustersView struct {
	Count   string // clusters in all
	Chart   *chart
	Largest []clusterView
	More    string
}

type clusterView struct {
	Kept, Size  string
	SizeV       int64
	Members     []memberView
	MoreMembers string
}

type memberView struct{ ID, Similarity string }

func clusters(c *Clusters, lim Limits) clustersView {
	var v clustersView
	var n int64
	for _, s := range c.Sizes {
		n += s.Count
	}
	if n > 0 {
		v.Count = count(n)
		v.Chart = sizeChart(c.Sizes, lim.ClusterSizes)
	}
	for i, cl := range c.Largest {
		if i == lim.Clusters {
			v.More = more(len(c.Largest)-i, c.More, "clusters")
			return v
		}
		cv := clusterView{Kept: name(cl.Kept), Size: count(cl.Size), SizeV: cl.Size}
		for j, m := range cl.Members {
			if j == lim.Members {
				cv.MoreMembers = more(len(cl.Members)-j, cl.MoreMembers, "members")
				break
			}
			cv.Members = append(cv.Members, memberView{name(m.ID), similarity(m.Similarity)})
		}
		if cv.MoreMembers == "" {
			cv.MoreMembers = more(0, cl.MoreMembers, "members")
		}
		v.Largest = append(v.Largest, cv)
	}
	v.More = more(0, c.More, "clusters")
	return v
}

type pairView struct {
	Kept, Removed, Similarity, Reason string
	KeptText, RemovedText             []segment
	NoText                            bool
	Changed                           string // "12 words differ"
	Open                              bool
}

// openPairs is the number of pairs shown unfolded.
const openPairs = 3

func pairs(d *Data, lim Limits) ([]pairView, string) {
	var out []pairView
	for i, p := range d.Pairs {
		if i == lim.Pairs {
			return out, more(len(d.Pairs)-i, d.MorePairs, "pairs")
		}
		pv := pairView{Kept: name(p.Kept), Removed: name(p.Removed), Similarity: similarity(p.Similarity), Reason: name(p.Reason)}
		kt, kcut := clip(validUTF8(p.KeptText), lim.TextBytes)
		rt, rcut := clip(validUTF8(p.RemovedText), lim.TextBytes)
		if kt == "" && rt == "" {
			pv.NoText = true
		} else {
			pv.KeptText, pv.RemovedText = diffWords(kt, rt)
			pv.Changed = changedWords(pv.KeptText, pv.RemovedText)
			budget := lim.TextBytes * 3 / 2
			var kfit, rfit bool
			pv.KeptText, kfit = fitSegments(pv.KeptText, budget)
			pv.RemovedText, rfit = fitSegments(pv.RemovedText, budget)
			kcut, rcut = kcut || kfit, rcut || rfit
			if kcut {
				pv.KeptText = append(pv.KeptText, segment{Text: " … (clipped)"})
			}
			if rcut {
				pv.RemovedText = append(pv.RemovedText, segment{Text: " … (clipped)"})
			}
		}
		pv.Open = len(out) < openPairs
		out = append(out, pv)
	}
	return out, more(0, d.MorePairs, "pairs")
}

func changedWords(a, b []segment) string {
	n := 0
	for _, s := range append(a[:len(a):len(a)], b...) {
		if s.Changed {
			n += len(strings.Fields(s.Text))
		}
	}
	switch n {
	case 0:
		return "same words"
	case 1:
		return "1 word differs"
	}
	return count(int64(n)) + " words differ"
}

type siteView struct {
	Name                                   string
	Pages, Affected, Removed, Share, Frags string
	PagesV, AffectedV, RemovedV, FragsV    int64
	ShareV                                 float64
	AffectedShare                          string
}

func sites(d *Data, lim Limits) ([]siteView, string, bool) {
	var out []siteView
	one := len(d.Sites) == 1 && d.Sites[0].Name == ""
	for i, s := range d.Sites {
		if i == lim.Sites {
			return out, more(len(d.Sites)-i, d.MoreSites, "sites"), one
		}
		sv := siteView{Name: name(s.Name), Pages: dash(s.Pages), PagesV: s.Pages,
			Affected: count(s.PagesAffected), AffectedV: s.PagesAffected,
			Removed: size(s.BytesRemoved), RemovedV: s.BytesRemoved,
			Frags: count(s.Fragments), FragsV: s.Fragments, Share: "–", ShareV: -1}
		if sv.Name == "" {
			sv.Name = "(all sites)"
		}
		if s.Bytes > 0 {
			sv.Share = percent(s.BytesRemoved, s.Bytes)
			sv.ShareV = float64(s.BytesRemoved) / float64(s.Bytes)
		}
		if s.Pages > 0 {
			sv.AffectedShare = percent(s.PagesAffected, s.Pages)
		}
		out = append(out, sv)
	}
	return out, more(0, d.MoreSites, "sites"), one
}

type fragView struct {
	Site, Text, Reason string
	Pages, Bytes       string
	PagesV, BytesV     int64
}

func fragments(d *Data, lim Limits) ([]fragView, string) {
	var out []fragView
	for i, f := range d.Fragments {
		if i == lim.Fragments {
			return out, more(len(d.Fragments)-i, d.MoreFragments, "fragments")
		}
		text := clipText(f.Text, lim.FragmentBytes*3/2)
		site := name(f.Site)
		if site == "" {
			site = "(all sites)"
		}
		out = append(out, fragView{Site: site, Text: text, Reason: name(f.Reason),
			Pages: count(f.Pages), PagesV: f.Pages, Bytes: size(f.Bytes), BytesV: f.Bytes})
	}
	return out, more(0, d.MoreFragments, "fragments")
}

// count formats n with thousands separators.
func count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// dash is count, with "–" for zero.
func dash(n int64) string {
	if n == 0 {
		return "–"
	}
	return count(n)
}

func size(n int64) string {
	switch {
	case n < 0:
		return "unknown"
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

func percent(n, of int64) string {
	if of <= 0 {
		return "–"
	}
	p := 100 * float64(n) / float64(of)
	if p > 0 && p < 0.1 {
		return "<0.1%"
	}
	return fmt.Sprintf("%.1f%%", p)
}

func similarity(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }

func seconds(s float64) string {
	if s < 60 {
		return fmt.Sprintf("%.1f s", s)
	}
	return fmt.Sprintf("%dm%02ds", int(s)/60, int(s)%60)
}
