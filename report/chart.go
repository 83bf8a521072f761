package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A chart is an SVG chart laid out in Go: the template only draws it.
// Coordinates are strings, formatted to one decimal.
type chart struct {
	Label          string // the aria-label
	W, H           int
	Left, Right    string // the plot area's edges
	Top, Bottom    string
	Bars           []bar
	Curve, Area    string // SVG paths
	XTicks, YTicks []tick
	Marks          []mark // vertical lines
	Points         []point
	XLabel, YLabel string
}

type bar struct{ X, Y, W, H, Title string }

type tick struct{ At, Label string }

type mark struct{ X, Label, LabelX, LabelY string }

type point struct{ X, Y, Label, LabelX, LabelY string }

// plot maps data coordinates to the chart's pixels.
type plot struct {
	w, h                     int
	left, right, top, bottom float64
}

func newPlot() plot {
	return plot{w: 520, h: 260, left: 56, right: 504, top: 16, bottom: 220}
}

func (p plot) x(f float64) float64 { return p.left + f*(p.right-p.left) }
func (p plot) y(f float64) float64 { return p.bottom - f*(p.bottom-p.top) }

func (p plot) chart(label, xLabel, yLabel string) *chart {
	return &chart{Label: label, W: p.w, H: p.h, Left: px(p.left), Right: px(p.right), Top: px(p.top),
		Bottom: px(p.bottom), XLabel: xLabel, YLabel: yLabel}
}

func px(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// unitTicks are ticks at 0, 0.2, ..., 1 along one axis.
func unitTicks(at func(float64) float64) []tick {
	var ts []tick
	for i := 0; i <= 5; i++ {
		f := float64(i) / 5
		ts = append(ts, tick{px(at(f)), strconv.FormatFloat(f, 'f', 1, 64)})
	}
	return ts
}

// candidateProb is the probability that LSH with b bands of r rows makes a
// pair of Jaccard similarity s a candidate: 1-(1-s^r)^b (Leskovec,
// Rajaraman and Ullman, Mining of Massive Datasets, ch. 3.4).
func candidateProb(s float64, b, r int) float64 {
	return 1 - math.Pow(1-math.Pow(s, float64(r)), float64(b))
}

type nearDupView struct {
	Settings   []string
	SCurve     *chart
	SCurveNote string
	Hist       *chart
	HistNote   string
}

func nearDup(n *NearDup) nearDupView {
	var v nearDupView
	if n.Threshold > 0 {
		v.Settings = append(v.Settings, "threshold "+strconv.FormatFloat(n.Threshold, 'f', -1, 64))
	}
	if n.K > 0 {
		v.Settings = append(v.Settings, fmt.Sprintf("word %d-shingles", n.K))
	}
	if n.NumPerm > 0 {
		v.Settings = append(v.Settings, fmt.Sprintf("%d MinHash values", n.NumPerm))
	}
	if n.Bands > 0 && n.Rows > 0 {
		v.Settings = append(v.Settings, fmt.Sprintf("%d bands × %d rows", n.Bands, n.Rows))
	}
	if n.Normalize != "" {
		v.Settings = append(v.Settings, "normalize "+name(n.Normalize))
	}
	if n.Verify != "" {
		v.Settings = append(v.Settings, "verify "+name(n.Verify))
	}
	if n.Candidates > 0 {
		v.Settings = append(v.Settings, count(n.Candidates)+" candidate pairs")
	}
	if n.Bands > 0 && n.Rows > 0 && n.Bands*n.Rows <= 1<<20 {
		v.SCurve, v.SCurveNote = sCurve(n.Bands, n.Rows, n.Threshold)
	}
	if h := n.Histogram; h.Total() > 0 {
		v.Hist = histChart(h.Counts, n.Threshold)
		v.HistNote = fmt.Sprintf("%s %s by similarity; bar heights on a log scale.", count(h.Total()), name(h.Of))
	}
	return v
}

// sCurve draws P(s) for s in [0, 1] with the threshold t marked.
func sCurve(b, r int, t float64) (*chart, string) {
	p := newPlot()
	c := p.chart(fmt.Sprintf("probability of becoming a candidate, %d bands of %d rows", b, r),
		"Jaccard similarity s", "P(candidate)")
	var path, area strings.Builder
	const steps = 200
	for i := 0; i <= steps; i++ {
		s := float64(i) / steps
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		fmt.Fprintf(&path, "%s%s,%s", cmd, px(p.x(s)), px(p.y(candidateProb(s, b, r))))
	}
	c.Curve = path.String()
	fmt.Fprintf(&area, "%sL%s,%sL%s,%sZ", c.Curve, px(p.x(1)), px(p.bottom), px(p.x(0)), px(p.bottom))
	c.Area = area.String()
	c.XTicks = unitTicks(p.x)
	c.YTicks = unitTicks(p.y)
	half := math.Pow(1/float64(b), 1/float64(r)) // P(s) ≈ 1/2 there
	if t <= 0 || math.Abs(half-t) > 0.15 {       // else its label would cover the threshold's
		c.Points = append(c.Points, pointAt(p, half, candidateProb(half, b, r), fmt.Sprintf("P(%.2f) = %.2f", half, candidateProb(half, b, r))))
	}
	note := fmt.Sprintf("P(s) = 1 − (1 − s^%d)^%d; the curve is steepest near s = %.2f.", r, b, half)
	if t > 0 && t <= 1 {
		pt := candidateProb(t, b, r)
		// The label at the foot of the line: the curve is high there.
		c.Marks = append(c.Marks, mark{X: px(p.x(t)), Label: "threshold " + strconv.FormatFloat(t, 'f', -1, 64),
			LabelX: px(p.x(t) - 4), LabelY: px(p.bottom - 8)})
		c.Points = append(c.Points, pointAt(p, t, pt, fmt.Sprintf("P(%g) = %.3f", t, pt)))
		note = fmt.Sprintf("P(s) = 1 − (1 − s^%d)^%d: a pair at the threshold %g becomes a candidate with probability %.3f; pairs at %.2f with %.3f.",
			r, b, t, pt, t/2, candidateProb(t/2, b, r))
	}
	return c, note
}

func pointAt(p plot, s, prob float64, label string) point {
	x, y := p.x(s), p.y(prob)
	lx := x + 8
	if s > 0.6 {
		lx = x - 8 - 7*float64(len(label)) // left of the point, inside the plot
	}
	return point{X: px(x), Y: px(y), Label: label, LabelX: px(lx), LabelY: px(math.Max(p.top+10, y+14))}
}

// logScale maps a count to [0, 1] on a log scale whose top is max.
func logScale(n, max int64) float64 {
	if n <= 0 || max <= 0 {
		return 0
	}
	return math.Log10(1+float64(n)) / math.Log10(1+float64(max))
}

// logTicks are ticks at the powers of ten up to max.
func logTicks(p plot, max int64) []tick {
	var ts []tick
	for v := int64(1); v <= max; v *= 10 {
		ts = append(ts, tick{px(p.y(logScale(v, max))), count(v)})
		if v > math.MaxInt64/10 {
			break
		}
	}
	return ts
}

// histChart draws the similarity histogram, one bar per non-empty bucket,
// with the threshold marked. More than maxBuckets buckets are merged.
func histChart(counts []int64, t float64) *chart {
	for len(counts) > maxBuckets {
		counts = halve(counts)
	}
	p := newPlot()
	c := p.chart("similarities of pairs", "similarity", "pairs (log scale)")
	n := len(counts)
	var top int64
	for _, k := range counts {
		top = max(top, k)
	}
	w := (p.right - p.left) / float64(n)
	for i, k := range counts {
		if k == 0 {
			continue
		}
		y := p.y(logScale(k, top))
		c.Bars = append(c.Bars, bar{X: px(p.left + float64(i)*w + 0.5), Y: px(y), W: px(math.Max(w-1, 0.8)), H: px(p.bottom - y),
			Title: fmt.Sprintf("%.2f–%.2f: %s pairs", float64(i)/float64(n), float64(i+1)/float64(n), count(k))})
	}
	c.XTicks = unitTicks(p.x)
	c.YTicks = logTicks(p, top)
	if t > 0 && t <= 1 {
		c.Marks = append(c.Marks, mark{X: px(p.x(t)), Label: "threshold " + strconv.FormatFloat(t, 'f', -1, 64),
			LabelX: px(p.x(t) - 4), LabelY: px(p.top + 10)})
	}
	return c
}

func halve(counts []int64) []int64 {
	out := make([]int64, (len(counts)+1)/2)
	for i, k := range counts {
		out[i/2] += k
	}
	return out
}

// sizeBins are the bins of the cluster-size chart: one per size up to 10,
// then wider ones.
var sizeBins = []struct {
	hi    int64 // the largest size of the bin; 0 for no bound
	label string
}{
	{2, "2"}, {3, "3"}, {4, "4"}, {5, "5"}, {6, "6"}, {7, "7"}, {8, "8"},
	{9, "9"}, {10, "10"}, {20, "11–20"}, {50, "21–50"}, {100, "51–100"},
	{1000, "101–1k"}, {0, ">1k"},
}

// sizeChart draws how many clusters have each size.
func sizeChart(sizes []SizeCount, limit int) *chart {
	if len(sizes) > limit {
		sizes = sizes[:limit]
	}
	bins := make([]int64, len(sizeBins))
	last := 0
	for _, s := range sizes {
		for i, b := range sizeBins {
			if s.Size <= b.hi || b.hi == 0 {
				bins[i] += s.Count
				last = max(last, i)
				break
			}
		}
	}
	bins = bins[:last+1]
	p := newPlot()
	c := p.chart("clusters by size", "documents in the cluster", "clusters (log scale)")
	var top int64
	for _, k := range bins {
		top = max(top, k)
	}
	w := (p.right - p.left) / float64(max(len(bins), 8)) // no wider than an eighth
	for i, k := range bins {
		x := p.left + float64(i)*w
		c.XTicks = append(c.XTicks, tick{px(x + w/2), sizeBins[i].label})
		if k == 0 {
			continue
		}
		y := p.y(logScale(k, top))
		c.Bars = append(c.Bars, bar{X: px(x + w*0.15), Y: px(y), W: px(w * 0.7), H: px(p.bottom - y),
			Title: fmt.Sprintf("%s clusters of %s documents", count(k), sizeBins[i].label)})
	}
	c.YTicks = logTicks(p, top)
	return c
}
