package boiler

import "fmt"

// Label is the class of a paragraph.
type Label uint8

const (
	Content     Label = iota // main text of the page: kept
	Boilerplate              // navigation, site furniture, other stories, ...: removed
	Repeat                   // a later copy of a paragraph kept (Content) in the page: removed
)

var labelNames = [...]string{"content", "boilerplate", "repeat"}

// String returns "content", "boilerplate" or "repeat".
func (l Label) String() string {
	if int(l) < len(labelNames) {
		return labelNames[l]
	}
	return fmt.Sprintf("Label(%d)", uint8(l))
}

// Paragraph is the label of one paragraph of a page, with the score and
// the cue that decided it.
type Paragraph struct {
	Text   string  // the paragraph: Page.Paragraphs[Index]
	Index  int     // its index in Page.Paragraphs
	Label  Label   // Content, Boilerplate or Repeat
	Score  float64 // probability-like content score in [0, 1] (0 for a Repeat)
	Reason string  // the cue that decided, e.g. "site 12/40 pages", "text"
	// Shared reports that the paragraph's removal rests on repetition: it
	// is a Repeat, or it occurs on other pages of its site or on other
	// sites (Reason names the count), or it is the running furniture of
	// its page. A Boilerplate paragraph that is not Shared was labelled
	// by the page's own cues alone.
	Shared bool
	// Lines are the lines of a Content paragraph labelled apart from it,
	// in text order (nil when there are none): site-repeated lines glued
	// to its start or end, such as a wire's sign-off or a teaser.
	Lines []Line
}

// Line is a line of a multi-line paragraph labelled apart from its
// paragraph (see Paragraph.Lines).
type Line struct {
	Start, End int     // byte offsets of the line in Paragraph.Text, without its line terminator
	Index      int     // index of the line in the paragraph, from 0
	Label      Label   // Boilerplate
	Score      float64 // probability-like content score in [0, 1]
	Reason     string  // the evidence, e.g. "site 6169/6945 pages"
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
	CueTitle                        // the headline just before the main block
	CuePrior                        // the site's boilerplate share as prior (and text sites)
	CueComments                     // comment threads (frames of comments that recur, personal prose)
	CueHeadings                     // headings announcing boilerplate, error-page and appeal phrases
	CueSeries                       // paragraphs that open like two others of the page (gallery captions, teasers)
	CueWrapped                      // a run of hard-wrapped lines, a paragraph each, read as one paragraph
	CueLegal                        // legal notices (copyright, rights reserved, terms of use) that end the page
)

// AllCues lists every cue with its name, for ablation tables.
var AllCues = []struct {
	Cue  Cue
	Name string
}{
	{CueSite, "site"}, {CueNear, "near"}, {CueCross, "cross"},
	{CueStopwords, "stopwords"}, {CueLearnedWords, "learned-words"},
	{CueShape, "shape"}, {CueContext, "context"}, {CueTitle, "title"},
	{CuePrior, "prior"}, {CueComments, "comments"}, {CueHeadings, "headings"},
	{CueSeries, "series"}, {CueWrapped, "wrapped"}, {CueLegal, "legal"},
}

// Options configures a Classifier. The zero value uses every cue.
type Options struct {
	// Disable turns cues off (ablation); 0 means every cue is used.
	Disable Cue
}

func (o Options) on(c Cue) bool { return o.Disable&c == 0 }
