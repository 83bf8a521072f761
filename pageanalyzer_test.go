package dedupe

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
)

// TestPageAnalyzer checks that learning the pages the PageAnalyzer's rule
// keeps (no earlier kept page sharing a band key with an estimate at the
// threshold), with one Learner per page merged, gives Learn's model byte
// for byte.
func TestPageAnalyzer(t *testing.T) {
	src := demoFiles(t)
	for _, o := range []Options{{}, {Threshold: 0.5}} {
		want, err := Learn(context.Background(), src, o)
		require.NoError(t, err)
		pa, err := NewPageAnalyzer(o)
		require.NoError(t, err)
		cl, err := NewCleaner(o, nil)
		require.NoError(t, err)
		type page struct {
			sig  minhash.Signature
			keys []uint64
		}
		var kept []page
		got := new(boiler.Model)
		skipped := 0
		err = src.Each(func(r *records.Record) error {
			require.NoError(t, r.Decode())
			an, sig := pa.Analyze(r)
			if an == nil {
				return nil
			}
			if sig != nil {
				p := page{sig, cl.BandKeys(nil, sig)}
				for _, k := range kept {
					if shareKey(k.keys, p.keys) && minhash.Similarity(k.sig, sig) >= cl.cfg.Threshold {
						skipped++
						return nil
					}
				}
				kept = append(kept, p)
			}
			var l boiler.Learner
			l.Add(an)
			got.Merge(l.Model())
			return nil
		})
		require.NoError(t, err)
		require.Positive(t, skipped, "the demo corpus has copies")
		wb, err := want.AppendBinary(nil)
		require.NoError(t, err)
		gb, err := got.AppendBinary(nil)
		require.NoError(t, err)
		require.True(t, bytes.Equal(wb, gb), "threshold %v: the model differs from Learn's", o.Threshold)
	}
}

// shareKey reports whether a and b (band keys, band by band) share a band.
func shareKey(a, b []uint64) bool {
	for i := range a {
		if a[i] == b[i] {
			return true
		}
	}
	return false
}
