package dedupe

import (
	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
)

// A PageAnalyzer runs the per-page step of Learn, for executors that learn
// pages apart (a distributed pipeline): it tokenises a page for a
// boiler.Learner and signs it with the signature by which Learn keeps
// near-duplicate pages out of learning. Learn skips a page when the
// estimate (minhash.Similarity) of its signature with that of an earlier
// page it did not skip, among the pages sharing an LSH band with it
// (Cleaner.BandKeys), is at least Options.Threshold; pages without a
// signature are never skipped, malformed records always are.
//
// A PageAnalyzer reuses its scratch from page to page: it is not safe for
// concurrent use. The zero value is not usable; call NewPageAnalyzer.
type PageAnalyzer struct {
	a *analyzers
	r learnResult
}

// NewPageAnalyzer returns a PageAnalyzer for opts.
func NewPageAnalyzer(opts Options) (*PageAnalyzer, error) {
	cfg, err := opts.check()
	if err != nil {
		return nil, err
	}
	return &PageAnalyzer{a: newAnalyzers(cfg, 1), r: learnResult{an: new(boiler.PageAnalysis)}}, nil
}

// Analyze analyses the decoded record r as the learning pass of Clean
// does. It returns the page's analysis, for boiler.Learner.Add, valid
// until the next call, and its learning signature, the caller's, nil when
// the page has no shingle; both are nil for a malformed record (r.Bad).
func (p *PageAnalyzer) Analyze(r *records.Record) (*boiler.PageAnalysis, minhash.Signature) {
	if r.Bad != "" {
		return nil, nil
	}
	an := p.r.an
	if p.r.big {
		an = new(boiler.PageAnalysis) // (see bigDoc)
	}
	p.a.free <- an // analyze takes it back from the free list
	p.r = learnResult{}
	p.a.analyze(0, r, &p.r)
	return p.r.an, p.r.sig
}
