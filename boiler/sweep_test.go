package boiler

import (
	"os"
	"testing"
)

// TestDevSweep prints the dev scores around the default parameters
// (BOILER_SWEEP=1), to check that they sit on a plateau, not a spike.
func TestDevSweep(t *testing.T) {
	if os.Getenv("BOILER_SWEEP") == "" {
		t.Skip("set BOILER_SWEEP=1")
	}
	pages := readDev(t)
	def := defaultParams
	defer func() { defaultParams = def }()
	try := func(name string, set func(p *params)) {
		defaultParams = def
		set(&defaultParams)
		r := evalDev(pages, Options{}, nil)
		t.Logf("%-22s %v", name, r["all"])
	}
	for _, v := range []float64{0.2, 0.25, 0.35, 0.4} {
		try("stopMid", func(p *params) { p.stopMid = v })
	}
	for _, v := range []float64{4, 12} {
		try("stopW", func(p *params) { p.stopW = v })
	}
	for _, v := range []float64{1.5, 2.5} {
		try("lenW", func(p *params) { p.lenW = v })
	}
	for _, v := range []float64{8, 16} {
		try("lenMid", func(p *params) { p.lenMid = v })
	}
	for _, v := range []float64{0, 2} {
		try("termW", func(p *params) { p.termW = v })
	}
	for _, v := range []float64{1.5, 3.5} {
		try("switchCost", func(p *params) { p.switchCost = v })
	}
	for _, v := range []float64{3, 9} {
		try("siteW", func(p *params) { p.siteW = v })
	}
	for _, v := range []float64{5, 6, 8, 10} {
		try("siteCopy", func(p *params) { p.siteCopy = v })
	}
	for _, v := range []uint32{3} {
		try("siteMin", func(p *params) { p.siteMin = v })
	}
	for _, v := range []float64{0.3, 0.7} {
		try("titleShare", func(p *params) { p.titleShare = v })
	}
}
