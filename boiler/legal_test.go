package boiler

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newsPage is a news page alone on its site: a menu, an article of n
// prose paragraphs, then tail.
func newsPage(r *rand.Rand, n int, tail ...string) Page {
	paras := []string{"Home", "World", "Politics", "Business", "Sports", "Weather"}
	for range n {
		paras = append(paras, prose(r, 3))
	}
	return Page{Site: "news.example", Paragraphs: append(paras, tail...)}
}

const (
	notice  = "Copyright 2009 The Example Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed."
	policyP = "Read our terms of use before you write to the editors of this fine newspaper"
	both    = "For more information on this site, please read our privacy policy and terms of service."
)

// TestLegalTail: the legal notices that end a news page alone on its
// site go, as legal notices (a claim of rights, a row that names a
// policy, a sentence that names two); without the cue they read as text.
func TestLegalTail(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 5))
	p := newsPage(r, 6, notice, policyP, both, "Top")
	last := len(p.Paragraphs) - 1
	off := learn(p).Classifier(Options{Disable: CueLegal}).Classify(nil, p)
	out := label(learn(p), p)
	for i := last - 3; i < last; i++ {
		require.Equal(t, Content, off[i].Label, "without the cue %q reads as text (%s)", off[i].Text, off[i].Reason)
		assert.Equal(t, Boilerplate, out[i].Label, "%q", out[i].Text)
		assert.Equal(t, "legal notice", out[i].Reason)
	}
	for i := 6; i < last-3; i++ {
		assert.Equal(t, Content, out[i].Label, "article paragraph %d (%s)", i, out[i].Reason)
	}
}

// TestLegalKept: what holds a legal phrase and stays: a sentence of the
// article that names a policy, a notice with article text after it (a
// licence's copyright line), a notice hard-wrapped over lines (a
// licence's clause), a page of notices only.
func TestLegalKept(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 5))
	sentence := "The company said on Friday that the account had broken its terms of service, and closed it after a review."
	wrapped := strings.Replace(notice, " This material", "\nThis material", 1)
	for name, p := range map[string]Page{
		"sentence":    newsPage(r, 6, sentence),
		"not at end":  newsPage(r, 6, notice, prose(r, 3)),
		"wrapped":     newsPage(r, 6, wrapped),
		"only notice": {Site: "news.example", Paragraphs: []string{"Home", "World", notice}},
	} {
		on := label(learn(p), p)
		off := learn(p).Classifier(Options{Disable: CueLegal}).Classify(nil, p)
		for i := range on {
			assert.NotEqual(t, "legal notice", on[i].Reason, "%s: %q", name, on[i].Text)
			assert.Equal(t, off[i].Label, on[i].Label, "%s: %q", name, on[i].Text)
		}
	}
}

// TestLegalAfterWrapped: a notice after a run of hard-wrapped lines
// (joined into one feat while the page is labelled) goes, and the run,
// a paragraph of several lines, stays.
func TestLegalAfterWrapped(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 5))
	run := doubleSpaced(r, 1)
	p := newsPage(r, 6, append(run, notice)...)
	last := len(p.Paragraphs) - 1
	c := learn(p).Classifier(Options{Disable: CueLegal})
	off := c.Classify(nil, p)
	require.NotEmpty(t, c.runs, "the lines are joined")
	require.Equal(t, Content, off[last].Label, "without the cue the notice reads as text (%s)", off[last].Reason)
	out := label(learn(p), p)
	assert.Equal(t, "legal notice", out[last].Reason)
	for i := last - len(run); i < last; i++ {
		assert.Equal(t, Content, out[i].Label, "line %d %q (%s)", i, out[i].Text, out[i].Reason)
	}
}
