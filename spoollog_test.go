package dedupe

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neardup/dedupe/records"
	"github.com/stretchr/testify/require"
)

// randomLogRecord draws a record of the document docID with every field
// varied: its own id or another, known and unknown what and why values,
// floats that round away or to 0, -0 or beyond int64, text nil, empty or
// with bytes that JSON escapes (newlines among them).
func randomLogRecord(rng *rand.Rand, docID string) LogRecord {
	pick := func(vs ...string) string { return vs[rng.IntN(len(vs))] }
	f := func() float64 {
		return []float64{0, 1e-9, math.Copysign(0, -1), -0.00003, math.NaN(), math.Inf(1), 1e300, rng.Float64(), rng.Float64()}[rng.IntN(9)]
	}
	lr := LogRecord{
		ID:            pick(docID, docID, docID, "other\n\"id", ""),
		What:          pick(WhatDocument, WhatParagraph, WhatParagraph, WhatLine, WhatRecord, "new-what"),
		Why:           pick(WhyNearDuplicate, WhyRepeat, WhyBoilerplate, WhyBoilerplate, WhyEmpty, WhyMalformed, "menu\n"),
		Similarity:    f(),
		Kept:          pick("", "", "k\té"),
		KeptFile:      pick("", "", "dir/f.jsonl"),
		KeptLine:      rng.IntN(1 << 20),
		Paragraph:     rng.IntN(300) - 1,
		KeptParagraph: rng.IntN(3) - 1,
		LineIndex:     rng.IntN(4),
		Reason:        pick("", "page furniture (14 in page)", "a\nb"),
		File:          pick("", "", "in.jsonl"),
		Line:          rng.IntN(1<<40) - 5,
	}
	if rng.IntN(3) == 0 {
		lr.Estimate, lr.HasEstimate = f(), true
	}
	if rng.IntN(2) == 0 {
		lr.Score, lr.HasScore = f(), true
	}
	switch rng.IntN(4) {
	case 0:
	case 1:
		lr.Text = []byte{}
	default:
		lr.Text = []byte(pick("plain text", "quote \" back\\slash\nnew line\n", "\x00\x1f é 🦀\u2028", "<a href=\"x\">&amp;</a>"))
	}
	return lr
}

// TestSpoolLogs checks that the spooled form of a document's log records
// comes back as exactly what AppendJSON writes for them, record by record,
// and that records of the document's id are spooled without it.
func TestSpoolLogs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		docID := []string{"doc:1", "a\"é\\\n", ""}[rng.IntN(3)]
		qid := quoteID(docID)
		lrs := make([]LogRecord, rng.IntN(6))
		var want []byte
		own := 0
		for i := range lrs {
			lrs[i] = randomLogRecord(rng, docID)
			want = lrs[i].AppendJSON(want)
			if lrs[i].ID == docID {
				own++
			}
		}
		spooled := appendSpoolLogs(nil, lrs, docID)
		require.Equal(t, len(want)-own*len(`{"id":`+qid), len(spooled), "ids spooled")
		require.LessOrEqual(t, len(want), spooledLogsLen(spooled, len(qid)))
		got := appendSpooledLogs([]byte("prefix"), spooled, []byte(qid))
		require.Equal(t, "prefix"+string(want), string(got))
		// appended one at a time, after other bytes
		one := []byte("x")
		for i := range lrs {
			one = appendSpoolLog(one, &lrs[i], docID)
		}
		require.Equal(t, "x"+string(spooled), string(one))
	}
	require.Nil(t, appendSpoolLogs(nil, nil, "d"))
}

func quoteID(id string) string { return string(records.AppendQuoteString(nil, id)) }
