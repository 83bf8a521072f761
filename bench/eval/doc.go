// Package eval scores the dedupe engine against ground truth, following
// the protocol of the evaluation data (../shared/data/README.md, not part
// of this repository): near-duplicate pairs and clusters (NearDup), repeated
// paragraphs inside documents (Repeats) and site boilerplate (Boiler). Each
// returns a report that marshals to one JSON object, the output of
// "dedupe eval". The tests named *Data and *Dev are the quality gates of
// .ci/run; they skip when the data is absent.
package eval
