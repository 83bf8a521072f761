package browsertest

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/report"
)

// dataDir is the shared evaluation data, never part of the repository:
// ../shared/data beside the clone, or the folder DEDUPE_SHARED_DATA names.
func dataDir() string {
	if dir := os.Getenv("DEDUPE_SHARED_DATA"); dir != "" {
		return dir
	}
	return "../../../shared/data"
}

type doc struct{ site, text string }

// readCorpus reads the documents of a gzipped JSON Lines corpus in order.
func readCorpus(t *testing.T, path string, each func(id string, d doc)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(nil, 1<<28)
	for line := 1; sc.Scan(); line++ {
		var r struct{ ID, Site, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		each(r.ID, doc{r.Site, r.Text})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// cleanRun builds the command, cleans the inputs with it and returns the
// path of the removal log and the time the run took.
func cleanRun(t *testing.T, inputs ...string) (string, time.Duration) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "dedupe")
	build := exec.Command("go", "build", "-o", bin, "./cmd/dedupe")
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/dedupe: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "clean.jsonl")
	start := time.Now()
	args := append([]string{"clean", "-q"}, inputs...)
	if msg, err := exec.Command(bin, append(args, "-o", out)...).CombinedOutput(); err != nil {
		t.Fatalf("dedupe %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return out + ".removed.jsonl", time.Since(start)
}

// realData is the report of a run on the shared boiler dev pages and the
// Reuters corpus (the pages have no near-duplicates, the news wire has),
// made as the engine will make it: every input document and every removal
// record, with its site, fed to a Collector.
func realData(t *testing.T, log string, seconds float64, inputs ...string) (*report.Data, map[string]doc) {
	c := report.NewCollector(report.Limits{})
	docs := map[string]doc{}
	for _, in := range inputs {
		readCorpus(t, in, func(id string, d doc) {
			docs[id] = d
			c.Input(d.site, len(d.text))
		})
	}
	f, err := os.Open(log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<28)
	for sc.Scan() {
		var r report.Removal
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		r.Site = docs[r.ID].site
		if r.What == "document" {
			r.Size = int64(len(docs[r.ID].text)) // the engine knows it; the log does not
		}
		c.Remove(&r)
	}
	d := c.Data()
	d.Title = "dedupe clean: boiler dev pages and Reuters"
	d.Inputs = []string{"boiler/dev.jsonl.gz", "neardup/reuters/corpus.jsonl.gz"}
	d.Totals.Seconds = seconds
	setNearDup(d)
	d.FillTexts(func(id string) (string, bool) { x, ok := docs[id]; return x.text, ok })
	return d, docs
}

// setNearDup sets the settings of clean's defaults.
func setNearDup(d *report.Data) {
	p := lsh.ParamsForRecall(128, 0.8, 0.99)
	d.NearDup = report.NearDup{Threshold: 0.8, Bands: p.Bands, Rows: p.Rows, K: 5, NumPerm: 128,
		Normalize: "fold", Verify: "exact", Histogram: d.NearDup.Histogram}
}

func TestReportRealRun(t *testing.T) {
	boiler := filepath.Join(dataDir(), "boiler", "dev.jsonl.gz")
	reuters := filepath.Join(dataDir(), "neardup", "reuters", "corpus.jsonl.gz")
	for _, f := range []string{boiler, reuters} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("no shared data: %v", err)
		}
	}
	b := newBrowser(t)
	log, took := cleanRun(t, boiler, reuters)
	d, docs := realData(t, log, took.Seconds(), boiler, reuters)
	b.open(t, "boiler", d)
	checkSections(t, b, d)
	checkSort(t, b, "site-table", 3)
	checkSort(t, b, "fragment-table", 3)
	query := ""
	for _, s := range d.Sites {
		if len(s.Name) >= 8 && strings.Contains(s.Name, ".") {
			query = s.Name
			break
		}
	}
	want := 0
	for _, s := range d.Sites {
		if strings.Contains(strings.ToLower(s.Name), strings.ToLower(query)) {
			want++
		}
	}
	checkSearch(t, b, "site-table", query, want)
	b.checkClean(t)
	b.screenshot(t, "report-boiler")

	// The same log alone, as "dedupe report LOG" sees it.
	f, err := os.Open(log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err = report.FromLog(f)
	if err != nil {
		t.Fatal(err)
	}
	setNearDup(d)
	d.FillTexts(func(id string) (string, bool) { x, ok := docs[id]; return x.text, ok })
	b.open(t, "boiler-log", d)
	checkSections(t, b, d)
	b.checkClean(t)
}
