package boiler

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manualCorpus returns the n pages of a generated reference manual, in
// the manner of API documentation: each page documents one class, its
// summary table repeats the one-line descriptions of the five classes of
// its group (so that each description is on five pages), and its details
// are the class's own text between labels shown on every page. Nothing
// but the labels is boilerplate.
func manualCorpus(seed uint64, n int) []textDoc {
	r := rand.New(rand.NewPCG(seed, 17))
	desc := make([]string, n)
	for i := range desc {
		desc[i] = prose(r, 1)
	}
	docs := make([]textDoc, n)
	for i := range docs {
		d := &docs[i]
		d.add(partNeutral, "Summary")
		for g := i / 5 * 5; g < i/5*5+5 && g < n; g++ {
			d.add(partText, desc[g])
		}
		d.add(partText, prose(r, 1+r.IntN(2)))
		d.add(partNeutral, "Returns:")
		for k := 0; k < 3; k++ {
			d.add(partText, prose(r, 1+r.IntN(2)))
		}
	}
	return docs
}

// On a text site the site's own copying explains a paragraph found on a
// few of its pages (a description repeated in the summary tables of its
// group), and a paragraph that reads as text stays wherever it is on the
// page.
func TestManualKeepsCopiedText(t *testing.T) {
	docs := manualCorpus(1, 100)
	m := learnDocs("manual.example", docs)
	s := m.siteOf("manual.example")
	require.Greater(t, s.copy, 0.3, "the descriptions' copies")
	c := m.Classifier(Options{})
	for k, d := range docs {
		out := c.Classify(nil, Page{Site: "manual.example", Paragraphs: d.paras})
		require.GreaterOrEqual(t, c.text, textSite, "a text site")
		for i, q := range out {
			if d.parts[i] == partText {
				assert.Equal(t, Content, q.Label, "page %d: %q (%s)", k, q.Text, q.Reason)
			}
		}
	}
}

// The same copies on a site whose pages are mostly template (teasers of
// other stories between a menu and a footer) still go.
func TestTemplateSiteRemovesFewCopies(t *testing.T) {
	docs := manualCorpus(2, 100)
	for i := range docs {
		for k := 0; k < 12; k++ {
			docs[i].add(partNeutral, "Menu item "+string(rune('A'+k)))
		}
	}
	m := learnDocs("news.example", docs)
	c := m.Classifier(Options{})
	removed := 0
	for _, d := range docs {
		out := c.Classify(nil, Page{Site: "news.example", Paragraphs: d.paras})
		require.Less(t, c.text, textSite)
		for i, q := range out[1:6] {
			require.Equal(t, d.paras[i+1], q.Text)
			removed += b2i(q.Label != Content)
		}
	}
	assert.Greater(t, removed, 400, "of 500 descriptions repeated on 5 of 100 pages")
}

// A copy of a paragraph is labelled Repeat only when an earlier copy stays:
// the first copy of a sentence labelled boilerplate by its place (among
// the menus) must not take its later copy, in the text, with it.
func TestRepeatNeedsKeptCopy(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	menu := []string{"Home", "World", "Business", "Sport", "Contact us"}
	more := []string{"Science", "Health", "Travel", "Style", "Food", "Video", "Weather", "Opinion", "Books", "Music", "Games", "Sign in"}
	teaser := prose(r, 1)
	var pages []Page
	for i := 0; i < 6; i++ {
		p := Page{Site: "s.example"}
		p.Paragraphs = append(p.Paragraphs, menu...)
		if i == 0 {
			p.Paragraphs = append(p.Paragraphs, teaser) // among the menus
		}
		p.Paragraphs = append(p.Paragraphs, more...) // (the headline is looked for closer to the text)
		for k := 0; k < 4; k++ {
			p.Paragraphs = append(p.Paragraphs, prose(r, 3))
		}
		if i == 0 {
			p.Paragraphs = append(p.Paragraphs, teaser, prose(r, 3)) // and in the first page's text
		}
		pages = append(pages, p)
	}
	m := learn(pages...)
	out := m.Classifier(Options{}).Classify(nil, pages[0])
	first, last := out[len(menu)], out[len(out)-2]
	require.Equal(t, teaser, first.Text)
	require.Equal(t, teaser, last.Text)
	require.NotEqual(t, Content, first.Label, "the copy among the menus: %s", first.Reason)
	assert.Equal(t, Content, last.Label, "the copy in the text: %s", last.Reason)

	// a copy of a paragraph that stays is still a Repeat
	p := pages[1]
	p.Paragraphs = append(p.Paragraphs, p.Paragraphs[len(p.Paragraphs)-1])
	out = m.Classifier(Options{}).Classify(nil, p)
	assert.Equal(t, Content, out[len(out)-2].Label)
	assert.Equal(t, Repeat, out[len(out)-1].Label)
}

// A menu of the site's template above each page's text, on a text site
// whose headings stay: the menu goes, as a chain of more headings than
// HTML has levels (maxHeadings), but for the six items nearest the title;
// the title, the template's headings under it and the text stay. A run
// of nine of the template's labels before the second part of the text
// keeps its last six too. On the 1 GB documentation corpus javadoc's
// menu stayed whole on the 456 pages where none of its items recurs in
// the page.
func TestTextSiteDropsMenu(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 19))
	menu := []string{"Overview", "Module", "Package", "Class", "Use", "Tree", "Deprecated", "Index", "Help"}
	summary := []string{"Nested Summary", "Field Summary", "Constructor Summary", "Method Summary"}
	labels := []string{"Details", "Field Details", "Constructor Details", "Method Details", "Overrides:", "Specified by:", "Since:", "See Also:", "Parameters:"}
	docs := make([]textDoc, 100)
	for i := range docs {
		d := &docs[i]
		for _, item := range menu {
			d.add(partFurniture, item)
		}
		w := strings.Fields(prose(r, 1))
		d.add(partHeading, "Class "+w[2]+w[4])
		for _, item := range summary {
			d.add(partHeading, item)
		}
		for _, part := range [][]string{labels, nil} {
			for k := 0; k < 60; k++ {
				d.add(partText, prose(r, 2+k%3))
			}
			for _, item := range part {
				d.add(partNotice, item)
			}
		}
	}
	m := learnDocs("api.example", docs)
	c := m.Classifier(Options{})
	for k, d := range docs {
		out := c.Classify(nil, Page{Site: "api.example", Paragraphs: d.paras})
		require.True(t, c.keepsHeadings(), "a site whose headings stay (text %.2f)", c.text)
		for i, q := range out {
			want := Content
			if p := d.parts[i]; (p == partFurniture || p == partNotice) && d.parts[i+maxHeadings] == p {
				want = Boilerplate // beyond the last maxHeadings of its run
			}
			assert.Equal(t, want, q.Label, "page %d: %q (%s)", k, q.Text, q.Reason)
		}
	}
}
