package boiler

import "math"

// emission is the content log-odds of a paragraph from its own cues.
func (c *Classifier) emission(f *feat, s *site) float64 {
	o := c.opts
	p := &c.p
	if f.words == 0 {
		return -p.siteW
	}
	e := p.lenW * math.Log2(float64(f.words+1)/p.lenMid)
	rel := math.Min(1, float64(f.words)/10)
	if o.on(CueStopwords) {
		// saturating: beyond ±stopSpan the density says nothing more
		e += p.stopW * max(-p.stopSpan, min(p.stopSpan, f.stopD-p.stopMid)) * rel
	}
	if o.on(CueShape) {
		if f.terminal {
			e += p.termW
		} else {
			e -= p.termW
		}
		if f.seps >= 2 && f.sentEnds == 0 {
			e -= p.sepW
		}
	}
	if o.on(CueSite) && s != nil && s.pages >= 2 && f.siteN >= p.siteMin {
		// the evidence grows with the number of pages repeating it
		e -= p.siteW * math.Log2(1+float64(f.siteN)) / math.Log2(1+float64(p.siteMin))
	}
	if o.on(CueCross) && f.crossN >= p.crossMin && f.words <= p.crossMaxWords {
		e -= p.crossW
	}
	return e
}

// segment labels the page with a two-state (content, boilerplate) Viterbi
// path over the paragraphs: emissions are the content log-odds, each switch
// of state costs p.switchCost. It generalises jusText's context smoothing
// (short paragraphs take the class of their neighbours) and body text
// extraction's single main block (Finn et al. 2001).
func (c *Classifier) segment(s *site) {
	fs := c.feats
	n := len(fs)
	if n == 0 {
		return
	}
	T := c.p.switchCost
	if !c.opts.on(CueContext) {
		T = 0
	}
	c.back = c.back[:0]
	// best scores of paths ending in boilerplate (b) or content (ct); the
	// page may start and end in either state at no cost
	b, ct := 0.0, 0.0
	for i := range fs {
		e := fs[i].e
		// into boilerplate
		var from byte
		nb := b
		if ct-T > nb {
			nb, from = ct-T, 1
		}
		var fromC byte = 1
		nc := ct
		if b-T > nc {
			nc, fromC = b-T, 0
		}
		nc += e
		c.back = append(c.back, from|fromC<<1)
		b, ct = nb, nc
	}
	state := byte(0)
	if ct > b {
		state = 1
	}
	for i := n - 1; i >= 0; i-- {
		fs[i].inContent = state == 1
		if state == 1 {
			state = c.back[i] >> 1
		} else {
			state = c.back[i] & 1
		}
	}
}
