package boiler

import (
	"encoding/json"
	"fmt"
)

// Label is the class of a paragraph.
type Label uint8

const (
	Content     Label = iota // main text of the page: kept
	Boilerplate              // navigation, site furniture, other stories, ...: removed
	Repeat                   // a later copy of a paragraph already in the page: removed
)

var labelNames = [...]string{"content", "boilerplate", "repeat"}

// String returns "content", "boilerplate" or "repeat".
func (l Label) String() string {
	if int(l) < len(labelNames) {
		return labelNames[l]
	}
	return fmt.Sprintf("Label(%d)", uint8(l))
}

// MarshalText encodes the label as its name.
func (l Label) MarshalText() ([]byte, error) {
	if int(l) >= len(labelNames) {
		return nil, fmt.Errorf("%w: %d", ErrLabel, uint8(l))
	}
	return []byte(labelNames[l]), nil
}

// UnmarshalText decodes a label name.
func (l *Label) UnmarshalText(b []byte) error {
	for i, n := range labelNames {
		if string(b) == n {
			*l = Label(i)
			return nil
		}
	}
	return fmt.Errorf("%w: %q", ErrLabel, b)
}

var _ json.Marshaler = Paragraph{} // documented JSON shape

// Paragraph is the labelled record of one paragraph, in the shape jusText
// and boilerpy3 users expect: {"text", "offset", "label", "score", "reason"}.
type Paragraph struct {
	Text   string  `json:"text"`
	Offset int     `json:"offset"` // byte offset in the page text; the index in the list for Classify
	Label  Label   `json:"label"`
	Score  float64 `json:"score"`  // probability-like content score in [0, 1]
	Reason string  `json:"reason"` // the cue that decided, e.g. "site 12/40 pages", "long text"
}

// MarshalJSON encodes the record with a rounded score (4 decimals), so that
// output is stable across platforms.
func (p Paragraph) MarshalJSON() ([]byte, error) {
	type plain Paragraph
	q := plain(p)
	q.Score = float64(int64(p.Score*1e4+0.5)) / 1e4
	return json.Marshal(q)
}

// Cue is a set of classifier cues, for ablation studies.
type Cue uint32

const (
	CueSite         Cue = 1 << iota // repetition across the pages of the site
	CueNear                         // keys with one word left out (fragments differing in one word count together)
	CueCross                        // repetition across sites
	CueStopwords                    // function-word density (else only length and punctuation)
	CueLearnedWords                 // function words learned from the corpus (else the built-in prior only)
	CueShape                        // terminal punctuation and menu separators
	CueContext                      // smoothing by neighbouring paragraphs (jusText)
	CueBlock                        // the densest contiguous block of text (BTE)
	CueTitle                        // the headline just before the main block
	CueSelfTrain                    // the self-trained logistic model
)

// AllCues lists every cue with its name, for ablation tables.
var AllCues = []struct {
	Cue  Cue
	Name string
}{
	{CueSite, "site"}, {CueNear, "near"}, {CueCross, "cross"},
	{CueStopwords, "stopwords"}, {CueLearnedWords, "learned-words"},
	{CueShape, "shape"}, {CueContext, "context"}, {CueTitle, "title"},
}

// Options configures a Classifier. The zero value uses every cue.
type Options struct {
	// Disable turns cues off (ablation); 0 means every cue is used.
	Disable Cue
}

func (o Options) on(c Cue) bool { return o.Disable&c == 0 }
