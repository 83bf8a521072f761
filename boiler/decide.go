package boiler

import (
	"math"
	"strconv"
)

// decide labels c.feats of one page: initial jusText classes, context
// smoothing, main block, headline.
func (c *Classifier) decide(s *site) {
	fs := c.feats
	// A page the Model has not learned (a long paragraph of it is unknown
	// to the site) is counted as if it had been: its fragments found on
	// other pages occur on one page more.
	seenPage := s != nil && !c.novel
	for i := range fs {
		f := &fs[i]
		if !seenPage && f.siteN > 0 {
			f.siteN++
		}
		f.e = c.emission(f, s)
	}
	c.segment(s)
	for i := range fs {
		f := &fs[i]
		f.score = 1 / (1 + math.Exp(-f.e))
		switch {
		case f.dup:
			f.label, f.score, f.reason = Repeat, 0, "repeat"
		case f.inContent:
			f.label = Content
			f.reason = "text"
			if f.e < 0 {
				f.reason = "context"
			}
		default:
			f.label = Boilerplate
			f.reason = c.boilerReason(f, s)
		}
	}
	if c.opts.on(CueTitle) {
		c.title()
	}
}

// boilerReason names the strongest cue against a paragraph.
func (c *Classifier) boilerReason(f *feat, s *site) string {
	p := &c.p
	o := c.opts
	switch {
	case f.words == 0:
		return "no words"
	case o.on(CueSite) && s != nil && s.pages >= 2 && f.siteN >= p.siteMin:
		return "site " + strconv.Itoa(int(f.siteN)) + "/" + strconv.Itoa(int(s.pages)) + " pages"
	case o.on(CueCross) && f.crossN >= p.crossMin && f.words <= p.crossMaxWords:
		return "on " + strconv.Itoa(int(f.crossN)) + " other sites"
	case f.e >= 0:
		return "outside main text"
	case o.on(CueShape) && f.seps >= 2 && f.sentEnds == 0:
		return "link list"
	case f.words < int(p.lenMid):
		return "short"
	}
	return "few function words"
}

// title marks as content the headline of the page: among the few
// paragraphs before the first content paragraph, the short one whose words
// the content shares most (a headline names the people and things the
// article is about; teasers of other stories do not).
func (c *Classifier) title() {
	fs := c.feats
	start := -1
	clear(c.body)
	for i := range fs {
		if fs[i].label == Content {
			if start < 0 {
				start = i
			}
			for _, h := range c.words[fs[i].w0:fs[i].w1] {
				c.body[h] = struct{}{}
			}
		}
	}
	if start < 0 {
		return
	}
	best, bestShare := -1, c.p.titleShare
	for i := start - 1; i >= 0 && i >= start-c.p.titleLookBack; i-- {
		f := &fs[i]
		if f.label != Boilerplate || f.words < 2 || f.words > c.p.titleMaxWords || f.crossN >= c.p.crossMin {
			continue
		}
		ws := c.words[f.w0:f.w1]
		if len(ws) == 0 {
			continue
		}
		in := 0
		for _, h := range ws {
			if _, ok := c.body[h]; ok {
				in++
			}
		}
		if share := float64(in) / float64(len(ws)); share > bestShare {
			best, bestShare = i, share
		}
	}
	if best >= 0 {
		fs[best].label = Content
		fs[best].reason = "headline"
	}
}
