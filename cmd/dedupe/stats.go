package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// stats are the counters of a clean run, for the summary table.
type stats struct {
	start                time.Time
	docsIn, docsOut, bad int64
	bytesIn              int64
	repeatBytes          int64
	boilerBytes          int64
	emptyDocs            int64
	dupDocs, dupBytes    int64
	indexed              int
	pairs, verified      int   // exact verification: candidate pairs, pairs compared
	spoolBytes           int64 // exact verification: size of the spool

	steps                      []stepTime
	repeatTime, boilerTime     time.Duration // CPU time summed over workers
	signTime, dedupTime, pass2 time.Duration
	pass3                      time.Duration // exact verification
}

type stepTime struct {
	name string
	d    time.Duration
}

func newStats() *stats { return &stats{start: time.Now()} }

func (s *stats) step(name string, d time.Duration, _ int64) {
	s.steps = append(s.steps, stepTime{name, d})
}

// print writes the summary table.
func (s *stats) print(w io.Writer, c *cleanConfig) {
	el := time.Since(s.start)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	pct := func(n int64) string {
		if s.bytesIn == 0 {
			return "0.0%"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(s.bytesIn))
	}
	fmt.Fprintf(tw, "step\tdocs removed\ttext removed\tshare of input\ttime\t\n")
	for _, st := range s.steps {
		fmt.Fprintf(tw, "%s (pass 1)\t-\t-\t-\t%s\t\n", st.name, dur(st.d))
	}
	if !c.noRepeats {
		fmt.Fprintf(tw, "repeated paragraphs\t-\t%s\t%s\t%s\t\n", bytesHuman(s.repeatBytes), pct(s.repeatBytes), dur(s.repeatTime))
	}
	if !c.noBoiler {
		fmt.Fprintf(tw, "boilerplate\t-\t%s\t%s\t%s\t\n", bytesHuman(s.boilerBytes), pct(s.boilerBytes), dur(s.boilerTime))
	}
	if s.emptyDocs > 0 {
		fmt.Fprintf(tw, "left empty\t%d\t(above)\t-\t-\t\n", s.emptyDocs)
	}
	if !c.noDup {
		fmt.Fprintf(tw, "signatures\t-\t-\t-\t%s\t\n", dur(s.signTime))
		fmt.Fprintf(tw, "near-duplicates\t%d\t%s\t%s\t%s\t\n", s.dupDocs, bytesHuman(s.dupBytes), pct(s.dupBytes), dur(s.dedupTime))
	}
	if s.pass3 > 0 {
		fmt.Fprintf(tw, "exact verification (last pass)\t-\t-\t-\t%s\t\n", dur(s.pass3))
	}
	if s.bad > 0 {
		fmt.Fprintf(tw, "malformed records\t%d\t-\t-\t-\t\n", s.bad)
	}
	tw.Flush()
	fmt.Fprintf(w, "(step times of the parallel stage are summed over the %d workers)\n", c.run.j)
	var ps []time.Duration
	if len(s.steps) > 0 {
		ps = append(ps, s.steps[0].d)
	}
	ps = append(ps, s.pass2)
	if s.pass3 > 0 {
		ps = append(ps, s.pass3)
	}
	passes := ""
	if len(ps) > 1 {
		for i, d := range ps {
			sep := ", "
			if i == 0 {
				sep = " ("
			}
			passes += fmt.Sprintf("%spass %d %s", sep, i+1, dur(d))
		}
		passes += ")"
	}
	if s.pass3 > 0 {
		fmt.Fprintf(w, "exact verification: %d documents indexed, %d candidate pairs, %d compared, spool %s\n",
			s.indexed, s.pairs, s.verified, bytesHuman(s.spoolBytes))
	}
	fmt.Fprintf(w, "%d documents in (%s), %d out, in %s%s: %s end to end\n",
		s.docsIn, bytesHuman(s.bytesIn), s.docsOut, dur(el), passes, rate(s.bytesIn, el))
}
