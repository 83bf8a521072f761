// Package report writes the HTML report of a clean run: one self-contained
// file (inline CSS, JavaScript and SVG; nothing fetched from the network)
// that shows what was removed and why.
//
// A report is drawn from a Data value, which a run fills (directly, or by
// feeding its removal records to a Collector) or which FromLog builds from an
// existing removal log. Data is plain and JSON-serialisable, so a run can
// save it beside its outputs and render it later.
//
// # Sections
//
//   - summary: documents, paragraphs and bytes removed per step and reason,
//     with their share of the input, and the totals (documents and bytes in
//     and out, time);
//   - near-duplicates: the threshold, the LSH S-curve P(s) = 1-(1-s^r)^b of
//     the chosen b bands of r rows with the threshold marked, and the
//     histogram of the similarities of verified candidate pairs (or, from a
//     log, of the removed near-duplicates);
//   - clusters: the distribution of cluster sizes and the largest clusters;
//   - pairs: a sample of near-duplicate pairs, the two texts side by side
//     with the differing words highlighted (a word diff by Myers' algorithm);
//   - sites: pages, pages affected, bytes removed and their share of the
//     site's text; and the boilerplate fragments removed (text, reason,
//     pages), both tables sortable and searchable in the page.
//
// # Bounds
//
// The page stays small and quick to open whatever the size of the run: the
// Collector samples, and Write enforces the same Limits on any Data it is
// given, listing at most Limits.Sites sites, Limits.Fragments fragments,
// Limits.Clusters clusters of Limits.Members members and Limits.Pairs pairs,
// saying how many more there were, and cutting every text to a budget of
// escaped HTML (6 kB a side for a pair, highlights included; 360 bytes a
// fragment; 160 bytes an id, a name or a reason). With the default limits
// the HTML is at most 2 MB: 1.7 MB measured on a Data that overflows every
// limit with texts that escaping lengthens most and pairs whose every other
// word differs (30,800 elements, loaded by Chromium in about 0.5 s). The
// report of a 1 GB run (bench.sh's corpus, from its 317 MB removal log)
// takes 0.5 MB and 4,500 elements, and loads in 0.1-0.4 s.
//
// Text from the corpus is hostile: it is escaped by html/template and shown
// as text, never interpreted.
package report
