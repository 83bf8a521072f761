package dedupe

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/neardup/dedupe/records"
)

// What a removal log record is about (LogRecord.What).
const (
	WhatDocument  = "document"  // a whole document was removed
	WhatParagraph = "paragraph" // one paragraph of a document
	WhatLine      = "line"      // one line of a kept paragraph (boilerplate glued to it)
	WhatRecord    = "record"    // a malformed input record (skipped)
)

// Why something was removed (LogRecord.Why). Boilerplate labels other than
// "boilerplate" (boiler.Label names, such as "repeat") may appear too.
const (
	WhyNearDuplicate = "near-duplicate"
	WhyRepeat        = "repeat"
	WhyBoilerplate   = "boilerplate"
	WhyEmpty         = "empty"
	WhyMalformed     = "malformed"
	WhyTooLarge      = "too-large" // a record over the size limit (records.Files.MaxBytes)
)

// A LogRecord is one line of the removal log: a removed document, a removed
// paragraph of a kept (or emptied) document, a line cut from a paragraph
// that stays (WhatLine), or a skipped malformed record.
// Every input document is either in the output or in the log as a document
// or record entry. AppendJSON writes it as one JSON object with only the
// fields that apply:
//
//	id              the document's id (FILE:LINE when it has none)
//	what            document, paragraph, line or record
//	why             near-duplicate, repeat, boilerplate (or another label of
//	                the boilerplate classifier), empty, malformed, too-large
//	similarity      near-duplicate: Jaccard similarity to the kept document
//	                (exact with exact verification, else the estimate);
//	                repeat: the similarity of the paragraph to the kept one
//	estimate        near-duplicate with exact verification: the MinHash
//	                estimate
//	kept            near-duplicate: the id of the kept document
//	kept_file, kept_line
//	                near-duplicate: where the kept document is, when its id
//	                is not unique in the input
//	paragraph       paragraph and line records: index of the paragraph in
//	                the input
//	line_index      line records: index of the line in its paragraph, from 0
//	kept_paragraph  repeat: index of the paragraph kept in its place
//	score           boilerplate: the classifier's content score (0 to 1)
//	reason          boilerplate: the classifier's main cue; near-duplicate:
//	                "identical text" for an exact copy (with estimate
//	                verification, only for a text without any shingle),
//	                "identical to an earlier near-duplicate" for a copy of
//	                a removed document (exact verification); malformed,
//	                too-large: what is wrong
//	file, line      malformed, too-large: where the record is; a removed
//	                document: where it is, when its id is not unique
//	text            paragraph and line records: the removed text (a line
//	                without its line break)
//
// The zero value is not a valid record; Paragraph and KeptParagraph are -1
// when they do not apply.
type LogRecord struct {
	ID         string
	What       string
	Why        string
	Similarity float64
	// Estimate is the signature estimate of the similarity, logged with an
	// exactly verified near-duplicate (HasEstimate).
	Estimate      float64
	HasEstimate   bool
	Kept          string
	KeptFile      string // where the kept document is, when its id is not unique
	KeptLine      int
	Paragraph     int
	KeptParagraph int
	LineIndex     int     // line records: index of the line in its paragraph
	Score         float64 // boilerplate: the classifier's content score (HasScore)
	HasScore      bool
	Text          []byte
	Reason        string
	File          string
	Line          int
}

// AppendJSON appends the record as one line of JSON, with its newline.
// Similarities and scores are rounded to 4 decimals.
func (r *LogRecord) AppendJSON(dst []byte) []byte {
	return r.appendJSON(dst, nil)
}

// appendJSON is AppendJSON; id, if not nil, is r.ID already quoted (the
// paragraph records of one document share it).
func (r *LogRecord) appendJSON(dst, id []byte) []byte {
	dst = append(dst, `{"id":`...)
	if id != nil {
		dst = append(dst, id...)
	} else {
		dst = records.AppendQuoteString(dst, r.ID)
	}
	return r.appendTail(dst)
}

// appendTail appends what AppendJSON writes after the id: from the comma
// before "what" to the newline.
func (r *LogRecord) appendTail(dst []byte) []byte {
	str := func(name, v string) {
		dst = append(dst, name...)
		dst = records.AppendQuoteString(dst, v)
	}
	if r.What == WhatParagraph && r.Why == WhyBoilerplate {
		dst = append(dst, `,"what":"paragraph","why":"boilerplate"`...) // most of the records
	} else {
		str(`,"what":`, r.What)
		str(`,"why":`, r.Why)
	}
	if r.Similarity > 0 {
		dst = appendFloat(append(dst, `,"similarity":`...), r.Similarity)
	}
	if r.HasEstimate {
		dst = appendFloat(append(dst, `,"estimate":`...), r.Estimate)
	}
	if r.Kept != "" {
		str(`,"kept":`, r.Kept)
	}
	if r.KeptFile != "" {
		str(`,"kept_file":`, r.KeptFile)
		dst = appendInt(append(dst, `,"kept_line":`...), r.KeptLine)
	}
	if r.Paragraph >= 0 {
		dst = appendInt(append(dst, `,"paragraph":`...), r.Paragraph)
	}
	if r.KeptParagraph >= 0 && r.What == WhatParagraph {
		dst = appendInt(append(dst, `,"kept_paragraph":`...), r.KeptParagraph)
	}
	if r.What == WhatLine {
		dst = appendInt(append(dst, `,"line_index":`...), r.LineIndex)
	}
	if r.HasScore {
		dst = appendFloat(append(dst, `,"score":`...), r.Score)
	}
	if r.Reason != "" {
		str(`,"reason":`, r.Reason)
	}
	if r.File != "" {
		str(`,"file":`, r.File)
		dst = appendInt(append(dst, `,"line":`...), r.Line)
	}
	if r.Text != nil {
		dst = records.AppendQuote(append(dst, `,"text":`...), r.Text)
	}
	return append(dst, "}\n"...)
}

// logJSON is the JSON shape of a LogRecord, for decoding.
type logJSON struct {
	ID            string   `json:"id"`
	What          string   `json:"what"`
	Why           string   `json:"why"`
	Similarity    float64  `json:"similarity"`
	Estimate      *float64 `json:"estimate"`
	Kept          string   `json:"kept"`
	KeptFile      string   `json:"kept_file"`
	KeptLine      int      `json:"kept_line"`
	Paragraph     *int     `json:"paragraph"`
	KeptParagraph *int     `json:"kept_paragraph"`
	LineIndex     int      `json:"line_index"`
	Score         *float64 `json:"score"`
	Text          *string  `json:"text"`
	Reason        string   `json:"reason"`
	File          string   `json:"file"`
	Line          int      `json:"line"`
}

// UnmarshalJSON decodes a record written by AppendJSON.
func (r *LogRecord) UnmarshalJSON(b []byte) error {
	var j logJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	if j.ID == "" && j.What == "" {
		return fmt.Errorf("dedupe: log record without id and what")
	}
	*r = LogRecord{ID: j.ID, What: j.What, Why: j.Why, Similarity: j.Similarity, Kept: j.Kept, KeptFile: j.KeptFile, KeptLine: j.KeptLine,
		Paragraph: -1, KeptParagraph: -1, LineIndex: j.LineIndex, Reason: j.Reason, File: j.File, Line: j.Line}
	if j.Estimate != nil {
		r.Estimate, r.HasEstimate = *j.Estimate, true
	}
	if j.Paragraph != nil {
		r.Paragraph = *j.Paragraph
	}
	if j.KeptParagraph != nil {
		r.KeptParagraph = *j.KeptParagraph
	}
	if j.Score != nil {
		r.Score, r.HasScore = *j.Score, true
	}
	if j.Text != nil {
		r.Text = []byte(*j.Text)
	}
	return nil
}

// appendFloat appends a similarity rounded to 4 decimals.
func appendFloat(dst []byte, f float64) []byte {
	return strconv.AppendFloat(dst, math.Round(f*1e4)/1e4, 'f', -1, 64)
}

func appendInt(dst []byte, i int) []byte { return strconv.AppendInt(dst, int64(i), 10) }
