package boiler

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// A synthetic multi-site corpus, all text invented here: every site has a
// menu, a footer and some of the site furniture the issue lists (disclaimer,
// donation appeal, error text, related posts, cookie notice), around an
// article of unique sentences.

var (
	synSubjects = []string{"The council", "A spokesman for the port", "The new museum", "Local farmers",
		"The river authority", "Her younger brother", "The committee", "A group of students",
		"The night train", "Our reporter", "The old bakery", "The mayor of the town"}
	synVerbs = []string{"said that", "announced on Tuesday that", "warned that", "has argued that",
		"told the meeting that", "wrote in a letter that", "confirmed that", "denied that"}
	synObjects = []string{"the bridge would be closed for repairs", "the harvest was better than expected",
		"the prices of bread had risen again", "a new school will open in the autumn",
		"the road to the coast is flooded", "the festival will return next year",
		"the water in the lake is clean", "more buses are needed in the evening",
		"the library has lost half of its books", "the storm damaged several roofs"}
	synTails = []string{"after a long debate", "according to the report", "despite the protests",
		"for the first time in a decade", "because of the cold winter", "as the rain continued"}
)

// synSentence returns a random invented sentence.
func synSentence(r *rand.Rand) string {
	s := synSubjects[r.IntN(len(synSubjects))] + " " + synVerbs[r.IntN(len(synVerbs))] + " " +
		synObjects[r.IntN(len(synObjects))]
	if r.IntN(2) == 0 {
		s += " " + synTails[r.IntN(len(synTails))]
	}
	return s + "."
}

// synArticle returns n paragraphs of 3 to 5 sentences, made unique by a
// number word.
func synArticle(r *rand.Rand, n int) []string {
	var ps []string
	for i := 0; i < n; i++ {
		var b strings.Builder
		for j := 0; j < 3+r.IntN(3); j++ {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(synSentence(r))
		}
		fmt.Fprintf(&b, " It was item %d of the day.", r.IntN(100000))
		ps = append(ps, b.String())
	}
	return ps
}

// Site furniture from the examples (invented wording).
const (
	synDisclaimer = "The views expressed in this article are those of the author and do not necessarily reflect the official policy of the agency. All rights reserved."
	synAppeal     = "You could close this page. Or you could join our community and help us keep writing. Become a Patron!"
	synError      = "Sorry!! Error! We're sorry, but the page you were looking for doesn't exist."
	synCookie     = "We use cookies to improve your experience on our website. By continuing to browse you agree to our use of cookies."
	synRelated    = "Related Posts"
	synCorrection = "To suggest a correction or clarification, write to us here"
)

type synPage struct {
	site    string
	paras   []string
	content []bool
}

// synCorpus builds pages for nSites sites of perSite pages each.
func synCorpus(seed uint64, nSites, perSite int) []synPage {
	r := rand.New(rand.NewPCG(seed, 7))
	var pages []synPage
	for s := 0; s < nSites; s++ {
		site := fmt.Sprintf("site%02d.example", s)
		menu := []string{"Home", "World", "Business", fmt.Sprintf("Section %c", 'A'+s), "Contact"}
		for p := 0; p < perSite; p++ {
			pg := synPage{site: site}
			add := func(text string, content bool) {
				pg.paras = append(pg.paras, text)
				pg.content = append(pg.content, content)
			}
			for _, m := range menu {
				add(m, false)
			}
			if s%3 == 0 && p%4 == 0 {
				add(synError, false)
			}
			add(fmt.Sprintf("Posted %d %s %d", 1+r.IntN(28), []string{"April", "May", "June"}[r.IntN(3)], 2020+r.IntN(5)), false)
			for _, para := range synArticle(r, 3+r.IntN(4)) {
				add(para, true)
			}
			if s%2 == 0 {
				add(synDisclaimer, false)
			}
			if s%2 == 1 {
				add(synAppeal, false)
			}
			add(synRelated, false)
			add(synCorrection, false)
			add(synCookie, false)
			add("Copyright "+site, false)
			pages = append(pages, pg)
		}
	}
	return pages
}

func (p synPage) page() Page { return Page{Site: p.site, Paragraphs: p.paras} }

func learnSyn(pages []synPage) *Model {
	ps := make([]Page, len(pages))
	for i, p := range pages {
		ps[i] = p.page()
	}
	return learn(ps...)
}

// learn returns the Model of pages, analysed and added one by one.
func learn(pages ...Page) *Model {
	var l Learner
	var a PageAnalysis
	for _, p := range pages {
		a.Analyze(p)
		l.Add(&a)
	}
	return l.Model()
}

// label labels page p with m and default Options.
func label(m *Model, p Page) []Paragraph {
	return m.Classifier(Options{}).Classify(nil, p)
}
