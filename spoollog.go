package dedupe

import "bytes"

// Removal log records in the spool. With exact verification, pass 2 logs
// a document's removed paragraphs before pass 3 knows whether the
// document stays, and the spool carries them between the passes. A record
// is spooled as the JSON that AppendJSON writes for it less its first
// member, the document's id: from the comma before "what" to the newline
// (LogRecord.appendTail). Pass 3 writes `{"id":` and the id, quoted once
// per document, before each (appendSpooledLogs). A record with another id
// than its document's is spooled whole; it starts with '{' where the
// others start with ','. JSON strings hold no raw newline, so the records
// need no lengths.
//
// The ids were 48% of the 1.32 GB removal log of the README's
// documentation corpus, and the spool carried the records of the
// near-duplicates too, which pass 3 drops: 1.78 GB of spool with the
// ids, 1.1 GB without. Spooling the records' values in a binary form
// instead (0.5 GB of spool) moved their encoding to pass 3 and added
// their decoding: pass 2 took 4.2 s less CPU time, pass 3 3.7 s more.

// appendSpoolLog appends the spooled form of lr, a record of the document
// whose id is docID.
func appendSpoolLog(dst []byte, lr *LogRecord, docID string) []byte {
	if lr.ID != docID {
		return lr.AppendJSON(dst)
	}
	return lr.appendTail(dst)
}

// appendSpoolLogs is appendSpoolLog for each of lrs, making room once
// (growLogs).
func appendSpoolLogs(dst []byte, lrs []LogRecord, docID string) []byte {
	if len(lrs) == 0 {
		return dst
	}
	dst = growLogs(dst, lrs, 96)
	for i := range lrs {
		dst = appendSpoolLog(dst, &lrs[i], docID)
	}
	return dst
}

// appendSpooledLogs appends the spooled records b of a document as the
// removal log holds them: each record without an id gets `{"id":` and qid,
// the document's id quoted.
func appendSpooledLogs(dst, b, qid []byte) []byte {
	for len(b) > 0 {
		n := bytes.IndexByte(b, '\n') + 1
		if n == 0 {
			n = len(b)
		}
		if b[0] == ',' {
			dst = append(append(dst, `{"id":`...), qid...)
		}
		dst = append(dst, b[:n]...)
		b = b[n:]
	}
	return dst
}

// spooledLogsLen is the length appendSpooledLogs gives b with an id of
// qlen bytes quoted, at most: 6 bytes for `{"id":` and qlen per record.
func spooledLogsLen(b []byte, qlen int) int {
	return len(b) + bytes.Count(b, []byte{'\n'})*(6+qlen)
}
