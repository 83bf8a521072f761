/*
Dedupe cleans text corpora: it removes paragraphs repeated inside a
document, strips boilerplate learned per site, and drops near-duplicate
documents, keeping the first of each cluster.

Usage:

	dedupe                                 run the demo on the embedded corpus
	dedupe clean [flags] INPUT... -o OUT   clean a corpus (the main job)
	dedupe find [flags] INPUT...           near-duplicate pairs and clusters
	dedupe repeats [flags] INPUT...        repeated paragraphs inside documents
	dedupe learn [flags] INPUT... -o MODEL learn site boilerplate
	dedupe strip [flags] -model MODEL INPUT... -o OUT
	                                       remove boilerplate with a saved model
	dedupe index [flags] INPUT... -o INDEX build a persistent near-duplicate index
	dedupe index [flags] -add INDEX INPUT...
	                                       add a batch to an existing index
	dedupe query [flags] -index INDEX INPUT...
	                                       check new documents against an index
	dedupe report [flags] LOG [INPUT...] -o FILE
	                                       an HTML report of an earlier clean run
	dedupe eval neardup|repeats|boiler [flags]
	                                       score against ground truth (JSON on stdout)
	dedupe gen [flags] -o FILE             write a synthetic corpus (for benchmarks)
	dedupe help [COMMAND]                  show this text or a command's flags
	dedupe version                         the version and commit of this build

INPUT is a JSON Lines file (.jsonl, .ndjson or .json, optionally .gz or .zst; compression
is detected from the content), "-" for standard input or a named pipe such
as <(zcat x.gz) (JSON Lines, or a WARC or WET file), a Parquet file (one document per row), a WARC or WET file
(.warc, .wet, optionally .gz: one document per conversion record, its id the
WARC-Record-ID, its url the WARC-Target-URI), a plain text file (one
document, its id is the path), or a folder: its files are read in sorted
order, each as above, any other file as one plain text document. Files and
folders whose names start with "." are skipped; symbolic links are followed
(one that leads back to a folder being read, or nowhere, is skipped).

A JSON Lines record is an object with an id and a text, optionally a url and a
site; the site key of a page is its site field, else the host of its url. The
names of these fields are set with -id-field, -text-field, -url-field and
-site-field. A record without an id gets FILE:LINE as its id. Other fields are
carried through to the output unchanged: the output record is the input line
with only the text rewritten. A document read from another format is written
to JSON Lines as {"id","url","site","text"} (url and site when it has them; to
a Parquet output, a Parquet row keeps all its columns). Invalid UTF-8 in the
text is replaced by U+FFFD.

Clean runs three steps, each of which can be switched off:

	-no-repeats   keep paragraphs repeated inside a document (exact or near
	              copies, -repeat-threshold, -min-words; the first is kept)
	-no-boiler    keep site boilerplate (learned from the corpus itself, or
	              read from -model MODEL written by learn)
	-no-dedup     keep near-duplicate documents (a document is dropped when
	              its Jaccard similarity to an earlier kept document is at
	              least -threshold; the first seen is kept)

Near-duplicates are found on the text left after the first two steps:
word shingles (-k, -normalize), MinHash signatures (-num-perm) and LSH
bands chosen so that a pair at the threshold is a candidate with
probability -recall. With -verify exact (the default) every candidate pair
is verified by the exact Jaccard similarity of the two shingle sets: the
cleaned documents are written to OUT's temporary file as if they all stayed
(to a temporary spool beside OUT when OUT is compressed, in $TMPDIR, else
/tmp, when OUT is standard output),
and a last pass reads back the documents in candidate pairs, computes their
shingle sets, holds each only while a later partner is ahead, decides, and
cuts the removed documents out.
A document whose cleaned text is identical to an earlier document's is
removed: as its copy (similarity 1, reason "identical text") if that one was
kept, else in favour of the document that replaced it (reason "identical to
an earlier near-duplicate"). With -verify estimate the decision is made on
the signature estimate in the same pass, without the spool: faster, but a
pair just below the threshold may be removed and one just above kept (at
-threshold 1 an estimate of 1, all -num-perm values equal, is common down
to a Jaccard of 0.95 or so: for exact copies only, keep -verify exact); an
identical text is removed as any near-duplicate is, on its estimate (no
reason), except a text without any shingle (punctuation only, say), which
is removed as the copy of an earlier identical one ("identical text"). Either
way a pair that never becomes a candidate is not found: at the threshold
that is a 1-recall share of the pairs, fewer above it. A document with more
than 100 candidates (a giant bucket of templated pages) is compared with the
100 earliest only; the summary says how many were.

So clean reads the input twice when it learns boilerplate, plus a third
pass with exact verification: pass 1 learns, skipping pages that are (estimated)
near-duplicates of earlier pages, since copies of one article would make it
look like site furniture; pass 2 removes repeats and boilerplate and signs
what is left; the last pass verifies and writes. Memory holds the signatures
and the candidate pairs, the per-site counts, and the shingle sets of the
documents waiting for a partner, not the corpus; standard input is spooled
to a temporary file (in $TMPDIR, else /tmp) for the second pass.

Clean writes the cleaned corpus to OUT and a removal log to OUT.removed.jsonl
(or -log PATH), one JSON record per removed document, paragraph or line, in
input order:

	{"id":..., "what":"document"|"paragraph"|"line"|"record",
	 "why":"near-duplicate"|"repeat"|"boilerplate"|"empty"|"malformed"|"too-large",
	 "similarity":..., "estimate":..., "kept":..., "kept_file":...,
	 "kept_line":n, "paragraph":i, "line_index":l,
	 "kept_paragraph":j, "score":..., "reason":..., "file":..., "line":n,
	 "text":...}

Only the fields that apply are present:

	id              the document's id (FILE:LINE when it has none)
	what            document: a whole document was removed; paragraph: one
	                paragraph of it; line: one line cut from a paragraph
	                that stays (boilerplate glued to content, such as a
	                sign-off); record: a malformed input line (-skip-bad)
	why             near-duplicate, repeat (a paragraph repeated in its
	                document), boilerplate (or another label of the
	                boilerplate classifier), empty (every paragraph was
	                removed), malformed, too-large (a record over
	                -max-bytes, with -skip-bad)
	similarity      near-duplicate: Jaccard similarity to the kept document
	                (exact with -verify exact; the estimate otherwise);
	                repeat: the similarity of the paragraph to the kept one
	estimate        near-duplicate with -verify exact: the MinHash estimate
	kept            near-duplicate: the id of the kept document
	kept_file, kept_line
	                near-duplicate: where the kept document is, when its
	                id is not unique in the input
	paragraph       paragraph and line records: index of the paragraph in the
	                input text
	line_index      line records: index of the line in its paragraph, from 0
	kept_paragraph  repeat: index of the paragraph kept in its place
	score           boilerplate: the classifier's content score (0 to 1)
	reason          boilerplate: the classifier's main cue; near-duplicate:
	                "identical text" for an exact copy (with -verify
	                estimate, only for a text without any shingle),
	                "identical to an earlier near-duplicate" for a copy of
	                a removed document (-verify exact); malformed,
	                too-large: what is wrong
	file, line      malformed, too-large: where the record is; a removed
	                document: where it is, when its id is not unique (the
	                summary warns of such ids)
	text            paragraph and line records: the removed text (a line
	                without its line break)

Every input document is in exactly one of OUT and the log (as a "document" or
"record" entry); paragraph and line entries belong to documents in OUT, or
to documents logged as "empty" when nothing was left of them. Paragraph indices
count the document's paragraphs from 0: runs of non-blank lines if the text
has a blank line, else its non-blank lines. Outputs are written to a temporary
file beside them and renamed when complete; an output ending in .gz or .zst is
compressed. No output of any command (-o, -log, -report, the profiles) may
be a file that the command reads (an input, -model, -index, the LOG of
report) or another of its outputs: that is a usage error, before anything
is written.

Clean flags (besides the common flags below):

	-o OUT        the cleaned corpus ("-" for standard output, then -log is
	              needed)
	-log PATH     the removal log (default OUT.removed.jsonl); a PATH ending
	              in .parquet writes it as Parquet, a column per field
	-model MODEL  strip the boilerplate of a model written by learn instead
	              of learning it (one pass less)
	-no-repeats, -no-boiler, -no-dedup
	              switch a step off (above)
	-verify M     exact (default) or estimate (above)
	-report FILE  write an HTML report of the run: one self-contained file
	              (summary per step and reason, the LSH S-curve and the
	              histogram of the similarities of the pairs compared,
	              clusters, a sample of near-duplicate pairs side by side with
	              the differing words marked, sites and boilerplate
	              fragments); it reads the input once more
	-mark         remove nothing: write every document unchanged, with what
	              was found added to its record: "removed_paragraphs"
	              [{"paragraph","line_index","why","reason","score",
	              "similarity","kept_paragraph"}] (one entry per paragraph
	              removed or line cut by the repeat and boilerplate steps,
	              in the log's order; "line_index" only for a line cut
	              from a paragraph that stays), "empty": true, "dup_of" and
	              "similarity" (the kept document it duplicates) and
	              "cluster" (the id of the kept document of its group, on
	              that document too); the log is written as usual; needs
	              -verify exact and JSON Lines output
	-repeat-threshold T
	              Jaccard similarity of repeated paragraphs (default 0.8)
	-min-words N  paragraphs with fewer words are never repeats (default 10);
	              a shorter exact copy of a paragraph that boilerplate
	              removal keeps is removed by that step (as a repeat),
	              unless -no-repeats

Find prints verified near-duplicate pairs {"a","b","similarity"} and then
clusters {"cluster","kept","members"} (single link; -print pairs|clusters);
a cluster's id is the id of its kept document, the first in input order
(clean -mark gives documents the same cluster ids, and more: clean also
removes a copy of a document without any shingle, empty or punctuation
only, which find does not pair).
With -verify exact (the default) it reads the input twice and reports exact
similarities, holding only the shingle sets of documents waiting for a
partner; -verify estimate reads it once.
Report builds the HTML report of an earlier run from its removal log (JSON
Lines, plain, gzip or zstd, or Parquet), and from its input when given
(sites, sizes and the texts of the pairs shown; without it, every page
counts as one site).
Repeats prints {"id","group":[paragraph indices, the kept one first],
"similarity","similarities"}: a paragraph that stays and the later ones
removed in its favour, each at least -repeat-threshold similar to it (made
greedily in text order; a paragraph that only resembles a removed one
stays), their similarities to it (1 for itself) and the lowest of them. Index stores its settings (-threshold, -k, -num-perm,
-normalize) in the index file, with the document ids; -add and query use them.
A document whose id is indexed already (by an earlier index run, or earlier
in the input) is indexed again, with a warning that counts them.
Index and query -check verify the invariants of the index (for debugging).
Learn -prune N drops the fragments seen on fewer than N pages of their site,
to make the model smaller.
With -model MODEL (written by learn), index and query remove boilerplate
before signing, so that copies of an article on sites with different
furniture match; an index built with -model must be queried with it.
Query prints {"id","duplicate_of","similarity"} for each document that matches
an indexed one at or above -threshold (default: the index's; -all: every
document, with "duplicate_of":null when none matches). The index holds signatures, not texts,
so query similarities are MinHash estimates.

Common flags:

	-j N          worker goroutines (default: the number of CPUs); the output is
	              the same whatever N is
	-q            no progress bar and no summary on standard error
	-skip-bad     skip malformed records (counted, reported and logged) instead
	              of stopping at the first one with FILE:LINE: what is wrong
	-mem-limit N  soft limit of the heap (default 1400M; suffixes k, M, G;
	              0: none; GOMEMLIMIT is used when set and the flag is not):
	              the garbage collector works harder near it, a run whose live
	              data exceeds it goes on, slower; unless GOGC is set, the
	              collector runs at GOGC=50, which keeps the heap under the
	              limit rather than at it; on Linux the heap is advised for
	              transparent huge pages (not with GODEBUG=disablethp=1)
	-cpuprofile FILE, -memprofile FILE
	              write a CPU profile, or the heap profile of the moment the
	              live heap was largest, to FILE
	-max-bytes N  the largest record (a JSON Lines line) or plain text
	              document read (default 64M; suffixes k, M, G; 0: no
	              limit); a larger one stops the run, or with -skip-bad is
	              logged as "too-large", without being read into memory;
	              report reads the log's lines up to six times as large
	-threshold T  Jaccard similarity of near-duplicates (default 0.8)
	-normalize M  fold (default: case, punctuation, compatibility folding) or
	              whitespace (lower-case and split on white space only)
	-k K          shingle size in words (default 5)
	-num-perm N   MinHash signature length (default 128)
	-recall R     choose the LSH bands so that a pair at the threshold becomes
	              a candidate with probability R (default 0.999; candidates are
	              always verified)
	-id-field, -text-field, -url-field, -site-field NAME
	              JSON field names (default id, text, url, site)

Run "dedupe help COMMAND" for the flags of one command.

Exit status: 0 on success, 1 on failure (bad input, unreadable files), 2 on a
usage error, 3 on an internal error, 130 when interrupted (SIGINT; 143 for
SIGTERM, 129 for SIGHUP, 141 for SIGPIPE or a write to a closed pipe, such
as standard output read by head, without a message), after removing its
temporary files.

Examples:

	dedupe clean crawl/*.jsonl.zst -o clean.jsonl.zst
	dedupe find -threshold 0.5 corpus.jsonl.gz > pairs.jsonl
	zcat today.jsonl.gz | dedupe query -index seen.idx - > dups.jsonl
*/
package main
