package dedupe

import (
	"io"

	"github.com/neardup/dedupe/records"
)

// The JSON Lines results of Find, Repeats and Index.Query, as the command
// prints them. Similarities are rounded to 4 decimals.

// WritePairs writes the pairs of f as {"a","b","similarity"} lines.
func (f *Found) WritePairs(w io.Writer) error {
	var buf []byte
	for _, p := range f.Pairs {
		buf = append(buf[:0], `{"a":`...)
		buf = records.AppendQuoteString(buf, f.IDs[p.A])
		buf = append(buf, `,"b":`...)
		buf = records.AppendQuoteString(buf, f.IDs[p.B])
		buf = append(buf, `,"similarity":`...)
		buf = appendFloat(buf, p.Similarity)
		buf = append(buf, "}\n"...)
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// WriteClusters writes the clusters of f as {"cluster","kept","members"}
// lines: the cluster's id, which is the id of the document to keep (the
// first in input order), so that it is stable when documents are added
// after it, again as "kept", and the ids of every member. Options.Mark
// gives documents the same cluster ids.
func (f *Found) WriteClusters(w io.Writer) error {
	var buf []byte
	for _, c := range f.Clusters {
		buf = append(buf[:0], `{"cluster":`...)
		buf = records.AppendQuoteString(buf, f.IDs[c[0]])
		buf = append(buf, `,"kept":`...)
		buf = records.AppendQuoteString(buf, f.IDs[c[0]])
		buf = append(buf, `,"members":[`...)
		for i, m := range c {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = records.AppendQuoteString(buf, f.IDs[m])
		}
		buf = append(buf, "]}\n"...)
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// AppendJSON appends the group of the document id as a line
// {"id","group":[paragraph indices, the kept one first],"similarity",
// "similarities"}: the lowest similarity to the kept paragraph, then that
// of each paragraph of the group (1 for the kept one).
func (g RepeatGroup) AppendJSON(dst []byte, id string) []byte {
	dst = append(dst, `{"id":`...)
	dst = records.AppendQuoteString(dst, id)
	dst = append(dst, `,"group":[`...)
	for i, m := range g.Paragraphs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendInt(dst, m)
	}
	dst = append(dst, `],"similarity":`...)
	dst = appendFloat(dst, g.Similarity)
	dst = append(dst, `,"similarities":[`...)
	for i, s := range g.Similarities {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendFloat(dst, s)
	}
	return append(dst, "]}\n"...)
}

// AppendJSON appends the result as a line {"id","duplicate_of","similarity"},
// with "duplicate_of":null and no similarity when there is no match.
func (r QueryResult) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"id":`...)
	dst = records.AppendQuoteString(dst, r.ID)
	if r.Match == "" {
		return append(dst, `,"duplicate_of":null}`+"\n"...)
	}
	dst = append(dst, `,"duplicate_of":`...)
	dst = records.AppendQuoteString(dst, r.Match)
	dst = append(dst, `,"similarity":`...)
	dst = appendFloat(dst, r.Similarity)
	return append(dst, "}\n"...)
}
