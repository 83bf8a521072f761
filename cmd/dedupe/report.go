package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/report"
	"github.com/neardup/dedupe/shingle"
)

// writeReport writes the HTML report of a clean run: from its log and its
// input (src), with the run's statistics and settings.
func writeReport(f *records.Output, logPath string, c *cleanConfig, inputs []string, st *dedupe.Stats, o *dedupe.Options) error {
	lf, err := dedupe.OpenLog(logPath)
	if err != nil {
		return err
	}
	defer lf.Close()
	d, err := report.FromRunLimits(lf, c.src, c.in.logLimits())
	if err != nil {
		return fmt.Errorf("report: %w", logError(logPath, err))
	}
	d.Title = "dedupe clean"
	d.Inputs = inputs
	d.Created = time.Now().UTC().Format("2006-01-02 15:04 UTC")
	var total time.Duration
	for _, p := range st.Passes {
		total += p.Time
	}
	d.Totals.Seconds = total.Seconds()
	if !o.NoDedup {
		nd := &d.NearDup
		nd.Threshold, nd.Bands, nd.Rows = o.Threshold, st.Params.Bands, st.Params.Rows
		nd.K, nd.NumPerm = o.Shingle.K, o.Signature.K
		nd.Normalize, nd.Verify = "fold", o.Verify.String()
		if o.Shingle.Normalization == shingle.Whitespace {
			nd.Normalize = "whitespace"
		}
		nd.Candidates = int64(st.Candidates)
		if len(st.Similarities) > 0 {
			nd.Histogram = report.Histogram{Of: "candidate pairs compared", Counts: st.Similarities}
		}
	}
	return writeHTML(f, d)
}

// logLimits returns the report's Limits for the log of a run that read
// records of -max-bytes: its lines hold paragraphs of that size.
func (f *inputFlags) logLimits() report.Limits {
	return report.Limits{LineBytes: report.LineBytesFor(f.recordBytes())}
}

// logError names the log at path in err when err is about one of its
// lines (report.LogError): a records.Error, as the inputs' errors are.
func logError(path string, err error) error {
	var le *report.LogError
	if errors.As(err, &le) {
		return &records.Error{File: path, Line: le.Line, Err: le.Err}
	}
	return err
}

// writeHTML writes the report d to f, created before the run (so that a
// bad path fails first), and commits it.
func writeHTML(f *records.Output, d *report.Data) error {
	if err := report.Write(f, d); err != nil {
		return fmt.Errorf("writing %s: %w", f.Path(), err)
	}
	return f.Commit()
}

// runReport is "dedupe report LOG [INPUT...] -o FILE": the report of an
// earlier run from its removal log, with the sites, sizes and pair texts
// of its input when given.
func runReport(args []string) error {
	var (
		j   job
		out string
	)
	fs := newFlagSet("report")
	j.register(fs)
	fs.StringVar(&out, "o", "report.html", "write the report to `FILE`")
	args, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return usagef("report: missing LOG (the removal log of a run)")
	}
	logPath, inputs := args[0], args[1:]
	if err := checkFiles([]file{reading("LOG", logPath), writing("-o", out)}); err != nil {
		return err
	}
	f, err := create(out)
	if err != nil {
		return err
	}
	defer f.Abort()
	lf, err := dedupe.OpenLog(logPath)
	if err != nil {
		return err
	}
	defer lf.Close()
	var d *report.Data
	if len(inputs) == 0 {
		d, err = report.FromLogLimits(lf, j.in.logLimits())
	} else {
		var o dedupe.Options
		if err = j.start("report", &o, inputs, writing("-o", out), reading("LOG", logPath)); err != nil {
			return err
		}
		defer j.finish()
		d, err = report.FromRunLimits(lf, j.src, j.in.logLimits())
		err = j.end(err)
	}
	if err != nil {
		return logError(logPath, err)
	}
	d.Inputs = inputs
	d.Title = "dedupe clean: " + logPath
	return writeHTML(f, d)
}
