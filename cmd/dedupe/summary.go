package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/neardup/dedupe"
)

// printSummary writes the summary table of a clean run.
func printSummary(w io.Writer, s *dedupe.Stats, o *dedupe.Options) {
	var total time.Duration
	for _, p := range s.Passes {
		total += p.Time
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	pct := func(n int64) string {
		if s.BytesIn == 0 {
			return "0.0%"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(s.BytesIn))
	}
	fmt.Fprintf(tw, "step\tdocs removed\ttext removed\tshare of input\ttime\t\n")
	if len(s.Passes) > 0 && s.Passes[0].Name == "learn" {
		fmt.Fprintf(tw, "learn boilerplate (pass 1)\t-\t-\t-\t%s\t\n", dur(s.Passes[0].Time))
	}
	if !o.NoRepeats {
		fmt.Fprintf(tw, "repeated paragraphs\t-\t%s\t%s\t%s\t\n", bytesHuman(s.RepeatBytes), pct(s.RepeatBytes), dur(s.RepeatTime))
	}
	if !o.NoBoiler {
		fmt.Fprintf(tw, "boilerplate\t-\t%s\t%s\t%s\t\n", bytesHuman(s.BoilerBytes), pct(s.BoilerBytes), dur(s.BoilerTime))
	}
	if s.Empty > 0 {
		fmt.Fprintf(tw, "left empty\t%d\t(above)\t-\t-\t\n", s.Empty)
	}
	if !o.NoDedup {
		fmt.Fprintf(tw, "signatures\t-\t-\t-\t%s\t\n", dur(s.SignTime))
		fmt.Fprintf(tw, "near-duplicates\t%d\t%s\t%s\t%s\t\n", s.Duplicates, bytesHuman(s.DuplicateBytes), pct(s.DuplicateBytes), dur(s.DedupTime))
	}
	if s.Bad > 0 {
		fmt.Fprintf(tw, "malformed records\t%d\t-\t-\t-\t\n", s.Bad)
	}
	tw.Flush()
	fmt.Fprintf(w, "(step times of the parallel stage are summed over the %d workers)\n", o.Workers)
	if s.SpoolBytes > 0 {
		fmt.Fprintf(w, "exact verification: %d documents indexed, %d candidate pairs, %d compared, spool %s, %d exact copies not cleaned again\n",
			s.Indexed, s.Candidates, s.Compared, bytesHuman(s.SpoolBytes), s.Copies)
	}
	var passes []string
	for i, p := range s.Passes {
		passes = append(passes, fmt.Sprintf("pass %d (%s) %s", i+1, p.Name, dur(p.Time)))
	}
	if s.RepeatsCapped > 0 {
		fmt.Fprintf(w, "warning: %d documents have too many paragraphs alike for the search of near repeats to finish; only their identical paragraphs were removed as repeats\n", s.RepeatsCapped)
	}
	if s.CappedCandidates > 0 {
		fmt.Fprintf(w, "warning: %d documents had more than %d candidate pairs and were compared with the %d earliest only (a near-duplicate among the later ones is kept)\n",
			s.CappedCandidates, dedupe.MaxCandidates, dedupe.MaxCandidates)
	}
	if s.DuplicateIDs > 0 {
		fmt.Fprintf(w, "warning: %d documents have the id of an earlier document; the log names them by file and line too\n", s.DuplicateIDs)
	}
	fmt.Fprintf(w, "%d documents in (%s), %d out, in %s (%s): %s end to end\n",
		s.DocsIn, bytesHuman(s.BytesIn), s.DocsOut, dur(total), strings.Join(passes, ", "), rate(s.BytesIn, total))
}
