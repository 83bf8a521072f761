// Package boiler learns site boilerplate from the plain text of web pages and
// labels every paragraph as content, boilerplate or repeat.
//
// The input is plain text without markup or links: a Page is a list of
// paragraphs with a site key (the host of its URL, say); NewPage cuts a text
// into paragraphs with shingle.Paragraphs (shingle.Auto), as every part of
// this module does. Nothing is labelled by hand: a Learner reads the corpus
// once and counts, and a Classifier combines those counts with cues of the
// page itself.
//
// # What is learned
//
// Per site, in how many of the site's pages each normalised fragment occurs
// (a paragraph, and each line of a multi-line paragraph). A fragment is
// counted under its near key: the case-folded word sequence with digit
// runs and one- or two-letter words dropped, so that "Posted 26 April
// 2025" and "Posted 3 April 1999" count together (the exact and
// digit-masked sequences are finer keys whose counts are never larger, so
// the classifier needs only the near one). Fragments of three to eight
// words also get one key per word left out, so that fragments that differ
// in one word ("Posted 3 May 2024") still meet (the one-deletion
// neighbourhood of SymSpell). Fragments are hashed: a Model costs 12 bytes
// per distinct fragment of a site (a Learner 16 to 24), and Model.Prune
// drops the fragments seen once. Each site also keeps one 8-byte key per
// learned page, so that new pages are told from learned ones, after Prune
// too. The number of sites holding a fragment is derived from these counts
// (the same share buttons and cookie notices appear everywhere, as CCNet
// (Wenzek et al. 2020) exploits with paragraph hashes across a crawl).
// Corpus-wide, the Learner counts the words of long paragraphs: the words
// found in a sizeable share of them are the function words of the corpus' languages, used as
// jusText uses its per-language stop lists, with a small built-in English
// list as prior.
//
// # How paragraphs are labelled
//
// Each paragraph gets a content log-odds from its own cues: length in words
// (Kohlschütter, Fankhauser and Nejdl, "Boilerplate detection using shallow
// text features", WSDM 2010, found the number of words the strongest shallow
// feature), function-word density (Pomikálek, "Removing boilerplate and
// duplicate content from web corpora", PhD thesis 2011: jusText), terminal
// punctuation, menu separators, and repetition across the site's pages and
// across sites. Repetition is weighed as a likelihood ratio that grows with
// each page holding the fragment and shrinks with the site's size (see
// siteEvidence), and a page whose long paragraphs all repeat on a few
// pages is taken as a copy of a story, whose copies do not count as
// repetition (see discountCopies). The lines of hard-wrapped text that
// come a paragraph each (a typescript set double-spaced, a text without
// blank lines) are weighed together, as the paragraph they make (see
// joinWrapped). Content comes in one or a few contiguous runs, so the labels
// are the best two-state path (content, boilerplate) through the page, each
// change of state costing a fixed penalty: short paragraphs take the label
// of their neighbours, as in jusText's context smoothing, and isolated
// strong paragraphs among boilerplate stay out, as in the body-text
// extraction of Finn, Kushmerick and Smyth (2001). Last, the headline is
// recovered: the short paragraph just before the content whose words the
// content shares most, three of them or more before two (see headScore),
// with the summary under it (see deck), as are the
// subheadings between two kept paragraphs (see subheads), and what
// follows a comments heading under the article (see commentsTail) and the
// legal notices that close the page after it ("All rights reserved",
// "may not be published") are taken out (see legalTail). A later exact
// copy of a paragraph kept as content in the same page is labelled Repeat
// (a copy of any other paragraph is labelled on its own).
//
// On the development set of 302 news pages of 134 sites (35,902 paragraphs
// labelled by people; not in this repository), the content class scores
// paragraph F1 0.904 and character-weighted F1 0.959 from the text alone
// (HTML extractors given the markup: 0.83). See the project README for the
// per-source scores and the ablation of each cue (boiler.Cue).
//
// # Using it
//
//	var l boiler.Learner
//	var a boiler.PageAnalysis
//	for _, p := range pages { // one pass, any order
//		a.Analyze(boiler.NewPage(p.Site, p.Text)) // on any goroutine
//		l.Add(&a)
//	}
//	m := l.Model() // or merge the Models of several shards
//	c := m.Classifier(boiler.Options{})
//	labels := c.Classify(nil, boiler.NewPage(site, text))
//
// A caller that holds its pages keeps each one's analysis (a PageAnalysis
// per page rather than one reused) and labels it with
// c.ClassifyAnalysis(nil, page, &analysis): the same labels, without
// tokenising the page a second time.
//
// A Model is a sum of counts: Merge adds the counts of another shard, and the
// result is byte for byte the Model of the union, whatever the merge order.
// Models are saved with WriteTo and loaded with ReadFrom (versioned, CRC-32C
// checked). Labels are a deterministic function of the Model and the page.
//
// Counts include the page being labelled when it was learned (the usual
// case: learn a corpus, then clean it). A page the Model has not learned
// (its page key, the smallest hash of its long paragraphs, is unknown to
// the site) is counted as if it had been, so new pages of a known site are labelled without relearning
// (on the development set: F1 0.905, char F1 0.959 on pages held out of
// learning, against 0.906 and 0.960 for the same pages learned).
//
// # Memory
//
// A Learner holds every distinct fragment of every site until Prune: on
// pages of the bench generator (3 KB articles, 50 sites) about 0.15 bytes
// per input byte at the peak of Learner.Model (BenchmarkBoilerGenMemory in
// package bench). To bound memory, learn shards and Prune their Models.
package boiler
