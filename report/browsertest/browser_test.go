package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/neardup/dedupe/report"
)

// chromiumPath returns the browser to drive, or skips the test when there is
// none, unless DEDUPE_BROWSER_TEST=1 asks for the test to run.
func chromiumPath(t *testing.T) string {
	t.Helper()
	path := os.Getenv("DEDUPE_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("DEDUPE_BROWSER_TEST") == "1" {
			t.Fatalf("DEDUPE_BROWSER_TEST=1 but there is no browser: %v", err)
		}
		t.Skipf("no browser (%v); install Debian's chromium to run this test", err)
	}
	return path
}

// A browser is a headless Chromium with one tab, and what the tab reported:
// console messages of level warning and above, uncaught exceptions, and the
// requests of anything but the report file.
type browser struct {
	ctx  context.Context
	dir  string
	mu   sync.Mutex
	bad  []string
	file string // the URL of the page loaded last
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	b := &browser{dir: t.TempDir()}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(b.dir, "profile")),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", chromiumPath(t), err)
	}
	b.ctx = ctx
	messages := chromedp.Console(ctx)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
				b.report(fmt.Sprintf("console %s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1))
			}
		}
	}()
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			b.mu.Lock()
			file := b.file
			b.mu.Unlock()
			if ev.Request.URL != file {
				b.report("request to " + ev.Request.URL)
			}
		}
	}()
	return b
}

func (b *browser) report(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.bad = append(b.bad, s)
}

// open writes the report of d to a file, loads it and returns the time the
// browser took to load it (navigation start to the end of the load event).
func (b *browser) open(t *testing.T, name string, d *report.Data) time.Duration {
	t.Helper()
	var page bytes.Buffer
	if err := report.Write(&page, d); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(b.dir, name+".html")
	if err := os.WriteFile(path, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	b.file = "file://" + path
	b.mu.Unlock()
	if err := chromedp.Do(b.ctx, chromedp.Navigate("file://"+path)); err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	ms := eval[float64](t, b, `new Promise(done => {
		const end = () => { const n = performance.getEntriesByType('navigation')[0]; return n && n.loadEventEnd; };
		const wait = () => end() ? done(end()) : setTimeout(wait, 10);
		wait();
	})`, chromedp.EvalAwaitPromise)
	t.Logf("%s: %d bytes of HTML, loaded in %.0f ms", name, page.Len(), ms)
	return time.Duration(ms * float64(time.Millisecond))
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, b *browser, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluating %.60q...: %v", expr, err)
	}
	return v
}

// checkClean fails the test for every console error, exception or request
// seen so far.
func (b *browser) checkClean(t *testing.T) {
	t.Helper()
	time.Sleep(100 * time.Millisecond) // let the last events arrive
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.bad {
		t.Error(s)
	}
	b.bad = nil
}

// screenshot saves PNGs of the whole page (NAME.png) and of its first
// 1,800 pixels (NAME-top.png: the summary and the charts) in
// DEDUPE_REPORT_SCREENSHOTS, or in the test's temporary folder.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	dir := os.Getenv("DEDUPE_REPORT_SCREENSHOTS")
	if dir == "" {
		dir = b.dir
	}
	full, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), chromedp.EmulateViewport(1280, 1800)); err != nil {
		t.Fatal(err)
	}
	top, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	for file, png := range map[string][]byte{name + ".png": full, name + "-top.png": top} {
		path := filepath.Join(dir, file)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s (%d bytes)", path, len(png))
	}
}

// rendered is what a report shows, as the browser laid it out.
type rendered struct {
	Empty        map[string]int // section id -> its "no data" messages
	Height       map[string]float64
	SummaryRows  int
	CurveLength  float64
	CurvePoints  int
	HistBars     int
	SizeBars     int
	Thresholds   int
	ClusterRows  int
	Pairs        int
	Marks        int
	VisibleMarks int
	SiteRows     int
	FragRows     int
}

const measure = `(() => {
	const q = s => Array.from(document.querySelectorAll(s));
	const drawn = s => q(s).filter(e => { const r = e.getBBox(); return r.width > 0 && r.height > 0; }).length;
	const r = {Empty: {}, Height: {}};
	for (const id of ['summary', 'neardup', 'clusters', 'pairs', 'sites', 'fragments']) {
		const el = document.getElementById(id);
		r.Empty[id] = el ? el.querySelectorAll('.empty').length : -1;
		r.Height[id] = el ? el.getBoundingClientRect().height : 0;
	}
	const curve = document.querySelector('#scurve path.curve');
	r.SummaryRows = q('#steps tbody tr').length;
	r.CurveLength = curve ? curve.getTotalLength() : 0;
	r.CurvePoints = drawn('#scurve circle.pt');
	r.HistBars = drawn('#histogram rect.bar');
	r.SizeBars = drawn('#sizes rect.bar');
	r.Thresholds = q('#scurve line.mark, #histogram line.mark').length;
	r.ClusterRows = q('#largest tbody tr').length;
	r.Pairs = q('details.pair').length;
	r.Marks = q('details.pair mark').length;
	r.VisibleMarks = q('details.pair[open] mark').filter(m => m.getBoundingClientRect().width > 0).length;
	r.SiteRows = q('#site-table tbody tr').length;
	r.FragRows = q('#fragment-table tbody tr').length;
	return r;
})()`

// checkSections checks that every section shows data: rows, bars, the
// curve, highlighted words.
func checkSections(t *testing.T, b *browser, d *report.Data) rendered {
	t.Helper()
	r := eval[rendered](t, b, measure)
	for id, n := range r.Empty {
		if n != 0 {
			t.Errorf("section %s shows %d \"no data\" messages (or is missing)", id, n)
		}
		if r.Height[id] < 50 {
			t.Errorf("section %s is %.0f px high", id, r.Height[id])
		}
	}
	nonEmpty := 0
	for _, c := range d.NearDup.Histogram.Counts {
		if c > 0 {
			nonEmpty++
		}
	}
	switch {
	case r.SummaryRows < len(d.Steps):
		t.Errorf("summary: %d rows for %d steps", r.SummaryRows, len(d.Steps))
	case r.CurveLength < 300 || r.CurvePoints < 1:
		t.Errorf("S-curve: path %.0f px long, %d points", r.CurveLength, r.CurvePoints)
	case r.HistBars != nonEmpty:
		t.Errorf("histogram: %d bars drawn, want %d", r.HistBars, nonEmpty)
	case r.SizeBars < 1 || r.Thresholds != 2:
		t.Errorf("%d cluster-size bars, %d threshold marks (want 2)", r.SizeBars, r.Thresholds)
	case r.ClusterRows != min(len(d.Clusters.Largest), 20):
		t.Errorf("%d rows of largest clusters, want %d", r.ClusterRows, min(len(d.Clusters.Largest), 20))
	case r.Pairs != min(len(d.Pairs), 50) || r.Marks == 0 || r.VisibleMarks == 0:
		t.Errorf("%d pairs, %d highlighted words, %d visible; want %d pairs and highlights", r.Pairs, r.Marks, r.VisibleMarks, len(d.Pairs))
	case r.SiteRows != min(len(d.Sites), 500) || r.FragRows != min(len(d.Fragments), 500):
		t.Errorf("%d site rows, %d fragment rows; want %d and %d", r.SiteRows, r.FragRows, len(d.Sites), len(d.Fragments))
	}
	return r
}

// column returns the data-v values (or the texts) of a column of a table's
// visible rows, in their order on the page.
func column[T any](t *testing.T, b *browser, table string, col int, attr bool) []T {
	expr := fmt.Sprintf(`Array.from(document.querySelectorAll('#%s tbody tr')).filter(r => !r.hidden).map(r => r.cells[%d]).map(c => %s)`,
		table, col, map[bool]string{true: `parseFloat(c.getAttribute('data-v'))`, false: `c.textContent.trim().toLowerCase()`}[attr])
	return eval[[]T](t, b, expr)
}

func sorted[T int | float64 | string](xs []T, desc bool) bool {
	for i := 1; i < len(xs); i++ {
		if (desc && xs[i] > xs[i-1]) || (!desc && xs[i] < xs[i-1]) {
			return false
		}
	}
	return true
}

// checkSort clicks a numeric header twice and the name header once, and
// checks the order of the rows each time.
func checkSort(t *testing.T, b *browser, table string, numCol int) {
	t.Helper()
	th := func(col int) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(fmt.Sprintf("#%s thead th:nth-child(%d)", table, col+1)))
	}
	for _, desc := range []bool{true, false} {
		if err := chromedp.Do(b.ctx, th(numCol)); err != nil {
			t.Fatal(err)
		}
		if v := column[float64](t, b, table, numCol, true); !sorted(v, desc) || len(v) < 2 {
			t.Errorf("%s sorted on column %d (descending %v): %v", table, numCol, desc, v)
		}
	}
	if err := chromedp.Do(b.ctx, th(0)); err != nil {
		t.Fatal(err)
	}
	names := column[string](t, b, table, 0, false)
	if !eval[bool](t, b, fmt.Sprintf(`(() => { const n = %s; return n.every((x, i) => i == 0 || n[i-1].localeCompare(x) <= 0); })()`, jsList(names))) {
		t.Errorf("%s sorted on names: %q", table, names[:min(len(names), 10)])
	}
}

func jsList(xs []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q", x)
	}
	b.WriteByte(']')
	return b.String()
}

// checkSearch types a query in a table's search box and checks that the
// rows left are those whose first column has it.
func checkSearch(t *testing.T, b *browser, table, query string, want int) {
	t.Helper()
	input := chromedp.CSS(fmt.Sprintf("input[data-filter=%s]", table))
	if err := chromedp.Do(b.ctx, chromedp.SendKeys(input, query)); err != nil {
		t.Fatal(err)
	}
	shown := column[string](t, b, table, 0, false)
	for _, s := range shown {
		if !strings.Contains(s, strings.ToLower(query)) {
			t.Errorf("search %q in %s shows %q", query, table, s)
		}
	}
	if len(shown) != want {
		t.Errorf("search %q in %s: %d rows, want %d", query, table, len(shown), want)
	}
	count := eval[string](t, b, fmt.Sprintf(`document.querySelector('input[data-filter=%s]').nextElementSibling.textContent`, table))
	if !strings.HasPrefix(count, fmt.Sprintf("%d of ", want)) {
		t.Errorf("search %q in %s: the count says %q", query, table, count)
	}
	eval[chromedp.Void](t, b, fmt.Sprintf(`(() => { const i = document.querySelector('input[data-filter=%s]');
		i.value = ''; i.dispatchEvent(new Event('input')); })()`, table))
	if n := len(column[string](t, b, table, 0, false)); n != eval[int](t, b, fmt.Sprintf(`document.querySelectorAll('#%s tbody tr').length`, table)) {
		t.Errorf("an empty search in %s shows %d rows, not all", table, n)
	}
}
