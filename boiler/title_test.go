package boiler

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTitle: the headline is the short paragraph before the article that
// shares two words or more with it (function words aside), not a topic
// label that shares one ("The Senate", all of its one word), a dateline
// or a byline; the first paragraph of the page may share one (the title
// of a document).
func TestTitle(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 5))
	article := func(lead string) []string {
		paras := []string{lead + " " + prose(r, 3)}
		for range 5 {
			paras = append(paras, prose(r, 3))
		}
		return paras
	}
	const head, topic = "Senate passes farm budget", "The Senate"
	p := Page{Site: "news.example", Paragraphs: append([]string{"Home", "World", "Politics", head, topic},
		article("On Tuesday the Senate passed the farm budget.")...)}
	out := label(learn(p), p)
	assert.Equal(t, "headline", out[3].Reason, "%q", out[3].Text)
	assert.Equal(t, Boilerplate, out[4].Label, "%q (%s)", out[4].Text, out[4].Reason)

	// a dateline that shares two words is no headline either
	const date = "Tuesday, May 22, 2007"
	p = Page{Site: "news.example", Paragraphs: append([]string{"Home", "World", "Politics", head, date},
		article("On Tuesday, May 22, the Senate passed the farm budget.")...)}
	out = label(learn(p), p)
	assert.Equal(t, "headline", out[3].Reason, "%q", out[3].Text)
	assert.Equal(t, Boilerplate, out[4].Label, "%q (%s)", out[4].Text, out[4].Reason)

	// nor a byline whose name the article gives
	p = Page{Site: "news.example", Paragraphs: append([]string{"Home", "World", "Politics", head, "By John Harris"},
		article("On Tuesday the Senate passed the farm budget, John Harris reports.")...)}
	out = label(learn(p), p)
	assert.Equal(t, "headline", out[3].Reason, "%q", out[3].Text)
	assert.Equal(t, Boilerplate, out[4].Label, "%q (%s)", out[4].Text, out[4].Reason)

	p = Page{Site: "doc.example", Paragraphs: append([]string{"The Frobnitz"}, article("This text describes Frobnitz.")...)}
	off := learn(p).Classifier(Options{Disable: CueTitle}).Classify(nil, p)
	require.Equal(t, Boilerplate, off[0].Label, "without the cue the title goes (%s)", off[0].Reason)
	out = label(learn(p), p)
	assert.Equal(t, "headline", out[0].Reason, "%q", out[0].Text)
}
