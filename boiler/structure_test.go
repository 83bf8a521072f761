package boiler

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Seed pages written for these tests (testdata/seeds/*.txt), each labelled
// alone, its site unknown to the Model: the cues that work on a single
// page. The golden files pin the labels and reasons (go test -run
// TestSeedsGolden -update rewrites them).
func TestSeedsGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "seeds", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	c := new(Model).Classifier(Options{})
	for _, path := range paths {
		text, err := os.ReadFile(path)
		require.NoError(t, err)
		var b strings.Builder
		for _, q := range c.Classify(nil, NewPage("seed.example", string(text))) {
			line := strings.ReplaceAll(q.Text, "\n", " ")
			if len(line) > 60 {
				line = line[:60]
			}
			fmt.Fprintf(&b, "%2d %-11s %-28s %s\n", q.Index, q.Label, q.Reason, line)
		}
		golden := strings.TrimSuffix(path, ".txt") + ".golden"
		if *update {
			require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err)
		require.Equal(t, string(want), b.String(), "%s: labels changed (go test -run TestSeedsGolden -update if intended)", path)
	}
}

// seedLabels labels the seed page name alone and returns its paragraphs.
func seedLabels(t *testing.T, name string, opts Options) []Paragraph {
	text, err := os.ReadFile(filepath.Join("testdata", "seeds", name+".txt"))
	require.NoError(t, err)
	return new(Model).Classifier(opts).Classify(nil, NewPage("seed.example", string(text)))
}

// labelOf returns the label of the paragraph of out that starts with prefix.
func labelOf(t *testing.T, out []Paragraph, prefix string) Paragraph {
	for _, q := range out {
		if strings.HasPrefix(q.Text, prefix) {
			return q
		}
	}
	t.Fatalf("no paragraph starts with %q", prefix)
	return Paragraph{}
}

// A comment thread under an article, on a page alone: the heading, the
// frames of the comments, and the comments' prose go; the article stays.
func TestCommentThread(t *testing.T) {
	out := seedLabels(t, "comments", Options{})
	for _, prefix := range []string{"The city council postponed", "The line would link", "Opponents on the council", "The vote is now expected"} {
		assert.Equal(t, Content, labelOf(t, out, prefix).Label, prefix)
	}
	for _, prefix := range []string{"12 Comments", "Posted by Marta", "I take that bus", "They said the same thing", "You are both right", "@oldtimer", "Reply", "Leave a Reply"} {
		q := labelOf(t, out, prefix)
		assert.NotEqual(t, Content, q.Label, "%s (%s)", prefix, q.Reason)
	}
	assert.Equal(t, "comment thread", labelOf(t, out, "I take that bus").Reason)

	// without the cue the comments are labelled by their own cues and
	// those of their frames; the reason no longer names the thread
	off := seedLabels(t, "comments", Options{Disable: CueComments})
	assert.NotEqual(t, "comment thread", labelOf(t, off, "I take that bus").Reason)
}

// An interview alternates questions and answers, and a report may hold
// captions of the same form: neither is a comment thread.
func TestNotCommentThreads(t *testing.T) {
	interview := []string{
		"The harbour master on thirty years at sea",
		"Our reporter spoke to the harbour master of Kestrel Bay, who retires this week after thirty years in the job.",
		"Q: What has changed most in thirty years?",
		"The ships. When I started, a big container ship carried two thousand boxes, and now the largest that call here carry ten times as many, so the channel had to be dredged twice.",
		"Q: What will you miss?",
		"The mornings. I will miss watching the fishing boats come in at dawn, and the coffee at the pilots' station, which is the worst in the country and which I have drunk every day.",
		"Q: And what will you not miss?",
		"The paperwork, without a doubt. Every ship brings forms in three languages, and I have signed more of them than I can remember.",
		"Q: What are your plans?",
		"My wife and I have bought a small boat, and we mean to sail it along the coast as far as the weather and our backs allow us.",
	}
	out := label(new(Model), Page{Site: "one.example", Paragraphs: interview})
	for _, q := range out[1:] {
		assert.Equal(t, Content, q.Label, "%q (%s)", q.Text, q.Reason)
	}

	report := []string{"Floods close the coast road"}
	for i := 0; i < 3; i++ {
		report = append(report,
			"Photo: Harbour Gazette",
			"The water rose above the sea wall on Thursday night, and by the morning the road between the fish market and the marina was under half a metre of water, the police said.",
			"Shopkeepers on the waterfront spent the day carrying stock upstairs, and several of them said it was the worst flood they had seen since the storm of the winter of 1990.",
			"The council said the road would stay closed until the engineers had checked the foundations of the old harbour wall, which was built more than a century ago.",
			"Sandbags were handed out from the fire station, and volunteers filled more of them in the car park of the town hall until late in the evening.")
	}
	out = label(new(Model), Page{Site: "one.example", Paragraphs: report})
	for _, q := range out[1:] {
		if q.Label != Repeat && !strings.HasPrefix(q.Text, "Photo") {
			assert.Equal(t, Content, q.Label, "%q (%s)", q.Text, q.Reason)
		}
	}
}

// A heading that announces boilerplate carries its label to what it
// heads; a marker inside the article ("ADVERTISEMENT") heads nothing.
func TestBoilerplateHeadings(t *testing.T) {
	out := seedLabels(t, "wire-disclaimer", Options{})
	assert.Equal(t, "boilerplate heading", labelOf(t, out, "Legal Disclaimer:").Reason)
	assert.Equal(t, "under a boilerplate heading", labelOf(t, out, "NorthWire provides").Reason)
	assert.NotEqual(t, Content, labelOf(t, out, "Fishing quotas").Label)
	for _, prefix := range []string{"(NORTHWIRE) The port authority", "The new terminal", "Shipping companies", "The authority said"} {
		assert.Equal(t, Content, labelOf(t, out, prefix).Label, prefix)
	}
	// without the cue the disclaimer reads as content
	off := seedLabels(t, "wire-disclaimer", Options{Disable: CueHeadings})
	assert.Equal(t, Content, labelOf(t, off, "NorthWire provides").Label)

	article := []string{
		"Museum reopens after repairs",
		"The town museum reopened on Saturday after two years of repairs to its roof, which had leaked since a storm damaged the old slates.",
		"ADVERTISEMENT",
		"Visitors queued in the rain before the doors opened, and the curator said more than a thousand people came through on the first day.",
		"The museum's collection of ship models, which had been kept in a warehouse during the work, is back on show in the main hall.",
	}
	got := label(new(Model), Page{Site: "one.example", Paragraphs: article})
	assert.Equal(t, Boilerplate, got[2].Label)
	assert.Equal(t, Content, got[3].Label, got[3].Reason)
	assert.Equal(t, Content, got[4].Label, got[4].Reason)
}

// Error-page text and appeals to the reader are boilerplate on a page
// alone; an article that mentions a donation is not.
func TestAppealsAndErrors(t *testing.T) {
	out := seedLabels(t, "appeal-error", Options{})
	for _, prefix := range []string{"Sorry!! Error!", "Become a Patron!", "You could close this page", "We noticed that you are using an ad blocker"} {
		q := labelOf(t, out, prefix)
		assert.Equal(t, Boilerplate, q.Label, prefix)
		assert.Equal(t, "boilerplate phrase", q.Reason, prefix)
	}
	assert.Equal(t, Content, labelOf(t, out, "When the spring flood").Label)

	page := []string{
		"Hospital gets a new scanner",
		"A local charity has given the hospital a new scanner after a year of raising money, the largest donation the hospital has received since it opened.",
		"The scanner will cut waiting times for patients from the villages, who until now had to travel to the city for an examination.",
	}
	for _, q := range label(new(Model), Page{Site: "one.example", Paragraphs: page})[1:] {
		assert.Equal(t, Content, q.Label, q.Text)
	}

	// The digits of "error 404" are literal: any other number next to
	// "error" (a numbered heading, a list of codes) is not an error page.
	spec := []string{
		"6. Error Handling",
		"A receiver that finds a malformed header drops the message and reports the failure to the sender in its next reply, as section 4 describes.",
		"The message type tells a request (0), a reply (1), a protocol error (3) or an application error (4) apart.",
		"Codes from 14040 error out as reserved until the registry assigns them to an extension of the protocol.",
	}
	for i, q := range label(new(Model), Page{Site: "one.example", Paragraphs: spec}) {
		assert.NotEqual(t, "boilerplate phrase", q.Reason, q.Text)
		if i > 0 { // a short first line goes by its shape on a page alone
			assert.Equal(t, Content, q.Label, q.Text)
		}
	}
	for _, text := range []string{"Error 404", "Error 404: the page is gone", "404 Error", "404 - Not Found"} {
		got := label(new(Model), Page{Site: "one.example", Paragraphs: []string{text, spec[1]}})
		assert.Equal(t, "boilerplate phrase", got[0].Reason, text)
	}
}

func TestHoldsDigits(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Error 404", true},
		{"404", true},
		{"(404)", true},
		{"HTTP/1.1 404 Not Found", true},
		{"14040 and 4040 then 404.", true},
		{"14040", false},
		{"4040", false},
		{"1404", false},
		{"error 4", false},
		{"", false},
	} {
		assert.Equal(t, c.want, holdsDigits([]byte(c.text), []string{"404"}), c.text)
	}
	assert.True(t, holdsDigits([]byte("any text"), nil))
	// every run is asked for
	assert.True(t, holdsDigits([]byte("error 404 after 500"), []string{"404", "500"}))
	assert.False(t, holdsDigits([]byte("error 404"), []string{"404", "500"}))
	assert.False(t, holdsDigits([]byte("error 500"), []string{"404", "500"}))
}

// Items that open alike (the captions of a gallery) form a series.
func TestSeries(t *testing.T) {
	page := []string{"Storm photos", "The storm reached the coast on Sunday night and left thousands of homes without power, the utility company said on Monday morning."}
	for _, what := range []string{"A fallen tree blocks the road to the station in the old town.", "Waves break over the sea wall at the harbour entrance.", "A car lies on its side in a flooded street near the river.", "Firefighters clear branches from the roof of a school.", "A boat rests on the quay where the water left it."} {
		page = append(page, "Storm on the coast - "+what)
	}
	out := label(new(Model), Page{Site: "one.example", Paragraphs: page})
	for _, q := range out[2:] {
		assert.NotEqual(t, Content, q.Label, q.Text)
	}
	for _, c := range AllCues {
		if c.Name == "series" {
			return
		}
	}
	t.Fatal("no series cue in AllCues")
}

// Every cue has a distinct bit and name, the new ones included.
func TestAllCues(t *testing.T) {
	bits, names := Cue(0), map[string]bool{}
	for _, c := range AllCues {
		require.Zero(t, bits&c.Cue, c.Name)
		require.False(t, names[c.Name], c.Name)
		bits |= c.Cue
		names[c.Name] = true
	}
	for _, n := range []string{"prior", "comments", "headings", "series"} {
		require.True(t, names[n], n)
	}
}

// A comment's frame may open with the commenter's name, which differs from
// comment to comment in words as well as letters ("Duken4evr at 4:31 PM
// January 30, 2013"): its last words make the frame.
func TestThreadFramedByTail(t *testing.T) {
	paras := []string{
		"Fans want photos now",
		"Like hundreds of fans lining the red carpet on Sunday, the student waited for hours with her phone in her hand, hoping that one of the actors would stop for a picture with her.",
		"When the actor finally approached, she did not ask for an autograph. She asked for a photo, and within a minute it was on her page, where her friends had already seen it.",
		"Collectors of autographs say the trade has changed. The signed photograph that fans once framed on a wall has given way to the picture that the fan takes of the star and herself.",
		"The dealers who sold signatures at fairs are fewer every year, and the prices they ask have fallen, the owner of one shop in the valley said, because the young do not want them.",
		"Comments (3)",
		"Duken4evr at 4:31 PM January 30, 2013",
		"Gotta suck to be famous and have people come up to you all the time. I would hate it, and I bet you would too if you had to smile for every phone.",
		"iwantto at 3:54 PM January 30, 2013",
		"Yeah, I dont quite get this. What do you do with a picture of you and a star? My friends would just laugh at me.",
		"mrxman at 3:48 PM January 30, 2013",
		"Why is my favourite actress in the stands? I think you all miss the point of the show, but that is just me.",
	}
	p := Page{Site: "one.example", Paragraphs: paras}
	out := label(new(Model), p)
	for _, q := range out[1:5] {
		assert.Equal(t, Content, q.Label, "%q (%s)", q.Text, q.Reason)
	}
	for _, q := range out[6:] {
		assert.Equal(t, "comment thread", q.Reason, "%q", q.Text)
	}
}

// On a text (here a manual alone on its site) the last words of code
// lines recur (see metaTail) and the prose says "you": no comment thread.
func TestNoThreadInText(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	var paras []string
	for i := range 40 {
		paras = append(paras, "You can call the function again when you need it. "+prose(r, 2))
		if i >= 10 && i < 13 {
			paras = append(paras, fmt.Sprintf("%s result = run(step, %d);", []string{"let", "var", "const"}[i-10], i))
		}
	}
	out := label(new(Model), Page{Site: "manual.example", Paragraphs: paras})
	for _, q := range out {
		assert.NotEqual(t, "comment thread", q.Reason, "%q", q.Text)
	}
}

// The content after a comments heading that follows most of the article
// is not the article; a comments heading under the headline, with the
// article still to come, is a link, and the article stays.
func TestCommentsTail(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 1))
	var article []string
	for range 6 {
		article = append(article, prose(r, 3))
	}
	tail := []string{prose(r, 2), prose(r, 2)}
	menu := []string{"Home", "World", "Politics", "Business"}

	paras := append(append(append(slices.Clone(menu), article...), "Comments (12)"), tail...)
	p := Page{Site: "news.example", Paragraphs: paras}
	off := learn(p).Classifier(Options{Disable: CueComments}).Classify(nil, p)
	for _, q := range off[len(paras)-2:] {
		require.Equal(t, Content, q.Label, "without the cue %q (%s)", q.Text, q.Reason)
	}
	out := label(learn(p), p)
	for _, q := range out[len(menu) : len(menu)+len(article)] {
		assert.Equal(t, Content, q.Label, "%q (%s)", q.Text, q.Reason)
	}
	for _, q := range out[len(paras)-2:] {
		assert.Equal(t, "after the comments heading", q.Reason, "%q", q.Text)
	}

	// under the headline, the heading is a link: the article follows
	paras = append(append(append(slices.Clone(menu), "Comments (12)"), article...), tail...)
	p = Page{Site: "news.example", Paragraphs: paras}
	out = label(learn(p), p)
	for _, q := range out[len(menu)+1:] {
		assert.Equal(t, Content, q.Label, "%q (%s)", q.Text, q.Reason)
	}

	// a bare "Comments" or a label heads a section of the text itself
	for _, head := range []string{"Comments", "Comments: a comment is a remark for the reader of the input, which the program skips."} {
		paras = append(append(append(slices.Clone(menu), article...), head), tail...)
		p = Page{Site: "news.example", Paragraphs: paras}
		out = label(learn(p), p)
		for _, q := range out[len(paras)-2:] {
			assert.Equal(t, Content, q.Label, "%q (%s)", q.Text, q.Reason)
		}
	}
}
