package boiler

import (
	"math/rand/v2"
	"slices"
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

// TestTitleScore: a candidate headline with three words or more in
// common with the article ranks above one with two, a topic label of the
// article's words. A caption that ends a sentence, or a block of several
// lines, shares many words by its length alone and ranks by its share
// only.
func TestTitleScore(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	const head = "Senate passes farm budget after long debate"
	const lead = "The Senate passed the farm budget on Tuesday after a long debate."
	page := func(other string) Page {
		paras := []string{"Home", "World", "Politics", head, other, lead + " " + prose(r, 3)}
		for range 5 {
			paras = append(paras, prose(r, 3))
		}
		return Page{Site: "news.example", Paragraphs: paras}
	}
	for _, tc := range []struct{ name, other string }{
		{"topic label", "Farm Budget"},
		{"caption", "Farm budget: Senate debate, Tuesday."},
		{"lines", "Senate farm budget debate\nTuesday Senate"},
	} {
		p := page(tc.other)
		out := label(learn(p), p)
		require.Equal(t, Content, out[5].Label, "%s: the article starts (%s)", tc.name, out[5].Reason)
		assert.Equal(t, "headline", out[3].Reason, "%s: %q", tc.name, out[3].Text)
		assert.NotEqual(t, "headline", out[4].Reason, "%s: %q", tc.name, out[4].Text)
	}
}

// TestSubheads: a short paragraph between two paragraphs of the article
// is its subheading and stays, unless it is a byline, holds a number
// ("3 days ago") or recurs on another page of the site; without the
// context cue it goes.
func TestSubheads(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	menu := []string{"Home", "World", "Politics", "Business", "Sports", "Weather", "Opinion",
		"Health", "Science", "Travel", "Video", "Photos", "Local", "Obituaries"}
	at := len(menu) + 3
	page := func(sub string) Page {
		paras := slices.Clone(menu)
		for range 3 {
			paras = append(paras, prose(r, 2))
		}
		paras = append(paras, sub)
		for range 3 {
			paras = append(paras, prose(r, 2))
		}
		return Page{Site: "news.example", Paragraphs: append(paras, "Contact us", "Privacy")}
	}
	// the page and eight others of its site, each with a subheading of its own
	site := func(sub, other string) []Page {
		ps := []Page{page(sub), page(other)}
		for range 7 {
			ps = append(ps, page(prose(r, 1)))
		}
		return ps
	}
	ps := site("Consumer backlash", prose(r, 1))
	out := label(learn(ps...), ps[0])
	require.Equal(t, Content, out[at-1].Label, "%q (%s)", out[at-1].Text, out[at-1].Reason)
	require.Equal(t, Content, out[at+1].Label, "%q (%s)", out[at+1].Text, out[at+1].Reason)
	assert.Equal(t, "subheading", out[at].Reason, "%q", out[at].Text)
	off := learn(ps...).Classifier(Options{Disable: CueContext}).Classify(nil, ps[0])
	assert.Equal(t, Boilerplate, off[at].Label, "without the cue (%s)", off[at].Reason)

	for _, sub := range []string{"By Martin", "3 days ago"} {
		ps := site(sub, prose(r, 1))
		out := label(learn(ps...), ps[0])
		assert.Equal(t, Boilerplate, out[at].Label, "%q (%s)", sub, out[at].Reason)
	}
	// a line the site prints on two of its pages is no subheading
	ps = site("Market share", "Market share")
	out = label(learn(ps...), ps[0])
	assert.Equal(t, Boilerplate, out[at].Label, "%q (%s)", out[at].Text, out[at].Reason)
}

// TestDeck: the paragraph that reads as text right under the headline,
// parted from the article by the byline and the date, is the story's
// summary and stays; a caption further down does not.
func TestDeck(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	menu := []string{"Home", "World", "Politics", "Business", "Sports", "Weather", "Opinion",
		"Health", "Science", "Travel", "Video", "Photos", "Local", "Obituaries"}
	const head = "Senate passes farm budget"
	page := func(top ...string) Page {
		paras := append(append(slices.Clone(menu), head), top...)
		paras = append(paras, "Tuesday, May 22, 2007", "Share this", "On Tuesday the Senate passed the farm budget. "+prose(r, 2))
		for range 5 {
			paras = append(paras, prose(r, 2))
		}
		return Page{Site: "news.example", Paragraphs: append(paras, "Contact us", "Privacy")}
	}
	const summary = "The bill gives farmers more help and cuts the cost of the programme for the states."
	site := func(top ...string) []Page {
		ps := []Page{page(top...)}
		for range 8 {
			ps = append(ps, page(prose(r, 1), "By Martin"))
		}
		return ps
	}
	at := len(menu) + 1
	ps := site(summary, "By Martin")
	out := label(learn(ps...), ps[0])
	require.Equal(t, "headline", out[at-1].Reason, "%q", out[at-1].Text)
	assert.Equal(t, "deck", out[at].Reason, "%q", out[at].Text)
	for _, i := range []int{at + 1, at + 2} {
		assert.Equal(t, Boilerplate, out[i].Label, "%q (%s)", out[i].Text, out[i].Reason)
	}

	ps = site("By Martin", summary)
	out = label(learn(ps...), ps[0])
	require.Equal(t, "headline", out[at-1].Reason, "%q", out[at-1].Text)
	assert.Equal(t, Boilerplate, out[at+1].Label, "%q (%s)", out[at+1].Text, out[at+1].Reason)
}
