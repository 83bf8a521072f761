// Package repeats finds the paragraphs of a text that repeat each other,
// exactly or nearly: those whose shingle sets (package shingle) have a
// Jaccard similarity at or above a threshold. Extractors often emit an
// article body twice, or a call to subscribe after every section.
//
// It is an exact all-pairs similarity join inside one text, not an
// approximation: a screen by shared-shingle counts, grouping of identical
// sets, then prefix filtering (Chaudhuri, Ganti and Kaushik, "A primitive
// operator for similarity joins in data cleaning", ICDE 2006; Bayardo, Ma
// and Srikant, "Scaling up all pairs similarity search", WWW 2007). Every
// pair at or above the threshold is found and no pair below it is
// reported; see Finder for the costs.
//
// Find returns the groups of one text; a Finder reuses its buffers from
// text to text, and also gives the pairs (Finder.Pairs) and the tokens of
// each paragraph (Finder.Tokens). In a group, the first paragraph is the
// one to keep and the others are the later paragraphs removed in its
// favour, each at least the threshold similar to it: groups are made
// greedily in text order, as duplicate documents are, so a paragraph that
// only resembles a removed one stays (see Group).
package repeats
