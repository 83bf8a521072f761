package boiler

// Legal notices that close a page: "Copyright 2007 FOX News Network. All
// rights reserved. This material may not be published, broadcast,
// rewritten, or redistributed.", "Terms of use | Privacy policy". Each
// site words its own, so a page alone on its site (or one whose site
// changed the wording over the years) has no repetition to find them by,
// and they read as a sentence of text. What gives them away is their
// words and where they stand: after the last paragraph of the article.
//
// A licence opens with its copyright line and a report may quote a
// notice in its text, so only the notices of the page's tail go: walking
// back from the end, the paragraphs labelled content that hold a legal
// phrase, up to the first one that does not; none if every content
// paragraph of the page holds one. Text pages and text sites are left
// alone: a standard's copyright statement is part of the standard.

// Phrases of legal notices (a digit run is written 0: every digit run
// has one hash). rightsPhrases claim the page's text, which an article
// does not do of itself. termsPhrases and privacyPhrases name the site's
// policies, which an article may mention in a sentence ("the account
// broke the terms of service"), so one of them counts only in a
// paragraph that is not a sentence (a row of links, a heading); a
// sentence that names both ("please read our privacy policy and terms of
// service") is the site's.
var (
	rightsPhrases = [...]string{
		"all rights reserved", "copyright 0", "copyright c 0",
		"may not be published", "may not be republished", "may not be reproduced", "may not be redistributed",
	}
	termsPhrases   = [...]string{"terms of use", "terms of service"}
	privacyPhrases = [...]string{"privacy policy", "privacy statement", "privacy notice", "cookie policy"}
	rights         = newPhraseSet(rightsPhrases[:])
	terms          = newPhraseSet(termsPhrases[:])
	privacy        = newPhraseSet(privacyPhrases[:])
)

// legalMaxWords is the most words of a legal notice: a site's notice is
// a few sentences; a paragraph longer than that is text that mentions
// one. A notice is also one line: the clauses of a licence and the
// stanzas of a copyright file that speak of copyright and terms are
// hard-wrapped over several.
const legalMaxWords = 60

// isLegal reports whether feat i is a legal notice. (A run of lines
// joined by joinWrapped has several lines.)
func (c *Classifier) isLegal(i int) bool {
	f := &c.feats[i]
	return f.words > 0 && f.words <= legalMaxWords && f.lines == oneLine && c.legalWords(f)
}

// legalWords reports whether f words a legal notice, whatever its shape
// and length (see isLegal).
func (c *Classifier) legalWords(f *feat) bool {
	words := c.wordsOf(f)
	if rights.contains(words, nil) {
		return true
	}
	t, p := terms.contains(words, nil), privacy.contains(words, nil)
	return t && p || (t || p) && (!f.terminal || f.words <= headingMaxWords)
}

// legalTail labels Boilerplate the legal notices that end the page (see
// isLegal).
func (c *Classifier) legalTail() {
	if !c.opts.on(CueLegal) || c.asText() {
		return
	}
	fs := c.feats
	i := len(fs) - 1
	for ; i >= 0; i-- {
		if fs[i].label != Content {
			continue
		}
		if !c.isLegal(i) {
			break
		}
	}
	if i < 0 {
		return // every content paragraph is a notice: a page of them, kept
	}
	for j := i + 1; j < len(fs); j++ {
		if f := &fs[j]; f.label == Content {
			c.demote(f, "legal notice")
		}
	}
}

// demote labels f, a Content paragraph, Boilerplate for the page-level
// reason, its score lowered by the weight of a page mark (legal notices,
// the content after a comments heading).
func (c *Classifier) demote(f *feat, reason string) {
	f.label, f.reason = Boilerplate, reason
	f.score = sigmoid(f.e - c.p.markW)
}
