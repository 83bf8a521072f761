package boiler

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A short line whose shape recurs on a page but that opens a section of
// its own each time is a heading, not running furniture: the entries of a
// change log (labelled "page furniture (14 in page)" before
// runningFurniture), a manual's numbered subheadings, the block of
// parameters repeated under each overload of a method (furnitureRuns),
// a list that counts up line by line. A running footer
// goes, with the header of its page break or numbering the pages alone,
// on odd and even pages alike.
func TestRunningFurnitureNotHeadings(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 3))
	days := []string{"Mon, 03 Jan", "Fri, 30 Sep", "Tue, 12 Oct", "Sat, 04 Feb", "Wed, 21 Jun", "Thu, 08 Dec"}
	changelog := func() (paras []string, headings, furniture []int) {
		for i := 0; i < 6; i++ {
			headings = append(headings, len(paras))
			paras = append(paras, fmt.Sprintf("example (4.%d) unstable; urgency=medium", 38-i))
			paras = append(paras, "  * "+sentences(r, 1, 2, 4, 6, 2))
			for k := 0; k < r.IntN(3); k++ {
				paras = append(paras, "  * "+sentences(r, 1, 2, 4, 6, 2))
			}
			paras = append(paras, fmt.Sprintf(" -- Jane Roe <jane@example.org>  %s 20%d 15:22:50 +0100", days[i], 22-i))
		}
		return paras, headings, nil
	}
	manual := func() (paras []string, headings, furniture []int) {
		for i := 1; i <= 5; i++ {
			paras = append(paras, fmt.Sprintf("5.%d.  The %s call", i, strings.Fields(prose(r, 1))[0]), prose(r, 2))
			headings = append(headings, len(paras))
			paras = append(paras, fmt.Sprintf("5.%d.5.  Return Value", i), prose(r, 1), prose(r, 2))
		}
		return paras, headings, nil
	}
	footer := func(page int) string {
		return fmt.Sprintf("Roe                 Informational                 [Page %d]", page)
	}
	facing := func(page int) string {
		if page%2 == 0 {
			return fmt.Sprintf("[Page %d]                                     Roe", page)
		}
		return fmt.Sprintf("Roe                                     [Page %d]", page)
	}
	for _, tc := range []struct {
		name string
		page func() (paras []string, headings, furniture []int)
	}{
		{"changelog", changelog},
		{"manual", manual},
		{"javadoc overloads", func() ([]string, []int, []int) { return javadocOverloads(r) }},
		{"header and footer", paginated(r, 6, true, footer)},
		{"footer alone", paginated(r, 6, false, footer)},
		{"odd and even footers", paginated(r, 6, false, facing)},
		// two documents joined, as a BCP joins its RFCs: the numbers
		// start again, a page apart
		{"numbers start again", paginated(r, 18, false, func(page int) string { return footer((page-1)%9 + 1) })},
		{"footnotes", countedList(r, func(i int) string {
			return fmt.Sprintf("   (%d) https://bugs.example.org/issue?@action=redirect&bpo=%d", i, 30000+97*i)
		})},
		{"zones", countedList(r, func(i int) string { return fmt.Sprintf("%d.100.IN-ADDR.ARPA", 63+i) })},
		// the numbers go back soon after they start (minRun)
		{"fields", javadocFields(r, 4, 3)},
		{"more fields", javadocFields(r, 7, 3)},
		// or with little text between (spread)
		{"fields with a line each", javadocFields(r, 10, 1)},
		// or soon after they start, then later, or at the end (each run)
		{"procedures", procedures(r, 3, 12)},
		{"procedures, the short one last", procedures(r, 12, 3)},
		{"procedures, the short one between", procedures(r, 12, 3, 12)},
		// eight numbers are seven steps, one short of minRun
		{"procedures of 8 first", procedures(r, 8, 12)},
		{"procedures of 8 last", procedures(r, 12, 8)},
	} {
		paras, headings, furniture := tc.page()
		out := label(new(Model), Page{Site: "one.example", Paragraphs: paras})
		for _, i := range headings {
			assert.NotContains(t, out[i].Reason, "page furniture", "%s: heading %q", tc.name, out[i].Text)
		}
		for _, i := range furniture {
			assert.Equal(t, Boilerplate, out[i].Label, "%s: %q (%s)", tc.name, out[i].Text, out[i].Reason)
			assert.Contains(t, out[i].Reason, "page furniture", "%s: %q", tc.name, out[i].Text)
		}
	}
}

// paginated returns a document of pages of prose, each ending with
// footer(page) and, if header, the next page's header: its furniture.
func paginated(r *rand.Rand, pages int, header bool, footer func(page int) string) func() ([]string, []int, []int) {
	return func() (paras []string, headings, furniture []int) {
		for page := 1; page <= pages; page++ {
			for k := 0; k < 5; k++ {
				paras = append(paras, prose(r, 2))
			}
			furniture = append(furniture, len(paras))
			paras = append(paras, footer(page))
			if header && page < pages {
				furniture = append(furniture, len(paras))
				paras = append(paras, "RFC 9999            Example Protocol            May 2024")
			}
		}
		return paras, nil, furniture
	}
}

// countedList returns a page of prose with three lists that count up one
// line after the other (item(1) to item(12)), which must stay: no text
// lies between two of their numbers, as it does between two pages.
func countedList(r *rand.Rand, item func(i int) string) func() ([]string, []int, []int) {
	return func() (paras []string, headings, furniture []int) {
		for block := 0; block < 3; block++ {
			for k := 0; k < 5; k++ {
				paras = append(paras, prose(r, 2)) // the list is a small part of the page
			}
			for k := 1; k <= 4; k++ {
				headings = append(headings, len(paras))
				paras = append(paras, item(4*block+k))
			}
		}
		return append(paras, prose(r, 2)), headings, nil
	}
}

// javadocFields is a reference page that names n numbered members
// twice, in its summary with a line of text each and in its details with
// details lines ("x1" to "x<n>", "getX1()" to "getX<n>()"), which must
// stay: their numbers count up, and start again. On the 1 GB corpus,
// javadoc's fields and methods ("x1", "getP1()") went as page numbers.
func javadocFields(r *rand.Rand, n, details int) func() ([]string, []int, []int) {
	line := func() string { return strings.Join(strings.Fields(prose(r, 2))[:10], " ") + "." }
	return func() (paras []string, headings, furniture []int) {
		for _, name := range []string{"x%d", "getX%d()"} {
			for k := 1; k <= n; k++ { // the summary
				headings = append(headings, len(paras))
				paras = append(paras, fmt.Sprintf(name, k), line())
			}
			paras = append(paras, prose(r, 2)) // the rest of the summary
			for k := 1; k <= n; k++ {          // the details
				headings = append(headings, len(paras))
				paras = append(paras, fmt.Sprintf(name, k))
				for range details {
					paras = append(paras, line())
				}
			}
		}
		return paras, headings, nil
	}
}

// procedures is a page of procedures of steps, as many steps as each
// element of steps, each step a heading ("Step 1") and a paragraph, which
// must stay: their numbers count up, and start again.
func procedures(r *rand.Rand, steps ...int) func() ([]string, []int, []int) {
	return func() (paras []string, headings, furniture []int) {
		for _, n := range steps {
			paras = append(paras, fmt.Sprintf("To %s:", strings.Fields(prose(r, 1))[0]))
			for k := 1; k <= n; k++ {
				headings = append(headings, len(paras))
				paras = append(paras, fmt.Sprintf("Step %d", k), prose(r, 2))
			}
		}
		return paras, headings, nil
	}
}

func TestTrailsOff(t *testing.T) {
	for s, want := range map[string]bool{
		"Continued on next page...": true, "Continued on next page…": true, "Continued on next page...\u00a0": true,
		"Continued on next page...\"": true, "Continued on next page...’ \r\n": true,
		"Continued on next page.": false, "Continued on next page": false, "...and more": false, "": false,
	} {
		assert.Equal(t, want, trailsOff(s), "%q", s)
	}
}

// javadocOverloads is a page of four overloads of a method, each with the
// same block of parameters, returns and throws, which must stay.
func javadocOverloads(r *rand.Rand) (paras []string, headings, furniture []int) {
	for _, m := range []string{"loadClass", "findClass", "defineClass", "resolveClass"} {
		paras = append(paras, fmt.Sprintf("protected Class<?> %s(String name) throws ClassNotFoundException", m), prose(r, 2))
		for _, p := range []string{"Parameters:", "name - the name of the class to load", "Returns:", "The resulting Class object",
			"Throws:", "ClassNotFoundException - If the class could not be found"} {
			headings = append(headings, len(paras))
			paras = append(paras, p)
		}
	}
	return paras, headings, nil
}

func TestPageStep(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"Postel   [Page 3]", "Postel   [Page 4]", stepUp},
		{"Postel   [Page 3]", "[Page 5]   Postel", stepUp},
		{"Simpson   [Page 2]\n RFC 1661   PPP   July 1994", "Simpson   [Page 3]\n RFC 1661   PPP   July 1994", stepUp},
		{"Expires March 3, 2010   [Page 5]", "Expires March 3, 2010   [Page 6]", stepUp},
		{"example (4.38) unstable", "example (4.37) unstable", stepBack},
		{"x2", "x1", stepBack},
		{"1.2", "1.2", stepBack},
		{"5.5.5.  Return Value", "5.6.5.  Return Value", stepOther},
		{"5.6.5.  Return Value", "5.5.9.  Return Value", stepBack},
		{"Figure 2.5:", "Figure 3.1:", stepUp},
		{"Page 9", "Page 20", stepOther},
		{"close/1", "close/1", stepBack},
		{"Contents", "Contents", stepOther},
		{"Page 12345678901", "Page 12345678902", stepBack}, // runs count as their first 9 digits
	} {
		if got, _ := pageStep(tc.a, tc.b); got != tc.want {
			t.Errorf("pageStep(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// A page with thousands of shapes that recur leaves no cost to the pages
// after it: the last places of the shapes are kept in a pageCount, which
// a small page uses the first slots of (the Go map of 477d8a1 kept the
// room of the largest page, and clearing it cost every page as much).
// The small page is labelled as it would be alone.
func TestRunningFurnitureLargeThenSmall(t *testing.T) {
	var paras []string
	for k := 0; k < 3; k++ {
		for i := 0; i < 2048; i++ {
			paras = append(paras, fmt.Sprintf("Entry %s", strings.Repeat("x", 1+i%40)+fmt.Sprint(strings.Repeat("y", 1+i/40))))
		}
	}
	c := new(Model).Classifier(Options{})
	c.Classify(nil, Page{Site: "one.example", Paragraphs: paras})
	if c.lastAt.set.size < 2048 {
		t.Fatalf("after a page of 2048 shapes, %d slots in use: the test does not exercise a large page", c.lastAt.set.size)
	}
	r := rand.New(rand.NewPCG(1, 2))
	var small []string
	for range 3 {
		small = append(small, "Back to top", prose(r, 2), prose(r, 2), prose(r, 2))
	}
	out := c.Classify(nil, Page{Site: "one.example", Paragraphs: small})
	if c.lastAt.set.size > 64 {
		t.Errorf("a small page after a large one uses %d slots", c.lastAt.set.size)
	}
	alone := new(Model).Classifier(Options{}).Classify(nil, Page{Site: "one.example", Paragraphs: small})
	for i := range out {
		if out[i].Label != alone[i].Label || out[i].Reason != alone[i].Reason {
			t.Errorf("after a page of many shapes, %q: %v (%s), alone %v (%s)", small[i], out[i].Label, out[i].Reason, alone[i].Label, alone[i].Reason)
		}
	}
	if out[0].Label != Boilerplate {
		t.Errorf("after a page of many shapes, %q on a small page: %v (%s)", small[0], out[0].Label, out[0].Reason)
	}
}

// The same line recurring in a page, at no page break and with no number,
// stays page furniture ("Continued on next page" every ten paragraphs of
// a page alone on its site), and a line repeated on a site's pages and
// in each page ("Back to top" after every section, each section under a
// numbered title) stays boilerplate: its count in the page keeps it from
// being taken for a heading between kept paragraphs (review of 85371e0,
// which labelled 15 of 20 "Back to top" content).
func TestRunningFurnitureSameLine(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 1))
	var paras []string
	var at []int
	for k := range 12 {
		for range 10 {
			paras = append(paras, prose(r, 2))
		}
		at = append(at, len(paras))
		// an ellipsis ends no sentence, whatever follows it
		paras = append(paras, "Continued on next page"+[]string{"", "...", "...\u00a0", "...\"", "…"}[k%5])
	}
	out := label(new(Model), Page{Site: "solo", Paragraphs: paras})
	for _, i := range at {
		assert.Contains(t, out[i].Reason, "page furniture", "%q", out[i].Text)
	}
	// a line counts with its copies that end as sentences: the two without
	// the full stop go
	paras, at = nil, nil
	for _, line := range []string{"Back to top", "Back to top", "Back to top."} {
		for range 10 {
			paras = append(paras, prose(r, 2))
		}
		at = append(at, len(paras))
		paras = append(paras, line)
	}
	out = label(new(Model), Page{Site: "solo", Paragraphs: paras})
	for _, i := range at[:2] {
		assert.Equal(t, Boilerplate, out[i].Label, "%q (%s)", out[i].Text, out[i].Reason)
	}
	// a colon inside a line, or ending its last line only, makes no label
	for _, line := range []string{"Tip: press ? for help", "Back to top\nShare this:"} {
		paras, at = nil, nil
		for range 4 {
			for range 10 {
				paras = append(paras, prose(r, 2))
			}
			at = append(at, len(paras))
			paras = append(paras, line)
		}
		out = label(new(Model), Page{Site: "solo", Paragraphs: paras})
		for _, i := range at {
			assert.Contains(t, out[i].Reason, "page furniture", "%q", out[i].Text)
		}
	}
	var pages []Page
	for range 5 {
		var paras []string
		for s := 1; s <= 4; s++ {
			paras = append(paras, fmt.Sprintf("%d. %s", s, strings.Fields(prose(r, 1))[0]), prose(r, 2), prose(r, 2), prose(r, 2), "Back to top")
		}
		pages = append(pages, Page{Site: "news.example", Paragraphs: paras})
	}
	m := learn(pages...)
	for _, p := range pages {
		out := label(m, p)
		for _, par := range out {
			if par.Text == "Back to top" {
				assert.Equal(t, Boilerplate, par.Label, "%q (%s)", par.Text, par.Reason)
			}
		}
	}
}

// A label said again in its page ends wrapped lines as other text does:
// it is not furniture while the lines are joined (joinWrapped), and
// ownLabels finds it in the site's template or not afterwards.
func TestRunningFurnitureLabelWrapped(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 5))
	var paras []string
	var at []int
	for k := range 4 {
		paras = append(paras, prose(r, 2))
		kind := []string{"header", "trailer", "index", "journal"}[k]
		for _, w := range []string{"   the %s values of the fields of each record are", "   shown below, one line for each %s field, in", "   the order of the %s record, and they are as"} {
			paras = append(paras, fmt.Sprintf(w, kind))
		}
		at = append(at, len(paras))
		paras = append(paras, "   the following table:", "      "+prose(r, 1))
	}
	out := label(new(Model), Page{Site: "solo", Paragraphs: paras})
	for _, i := range at {
		assert.Equal(t, Content, out[i].Label, "%q (%s)", out[i].Text, out[i].Reason)
	}
}

// A label that opens a run of wrapped lines is joined into it, and the
// run is text, though the site's template holds the label (ownLabels
// leaves the joined feature alone; its other lines are the page's own).
func TestRunningFurnitureLabelOpensRun(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	var pages []Page
	for range 10 {
		var paras []string
		for _, kind := range []string{"header", "trailer", "index", "journal"} {
			paras = append(paras, prose(r, 3),
				"   Implementation requirements and their notes:",
				fmt.Sprintf("   the %s values of the fields of the %s file, each", kind, strings.Fields(prose(r, 1))[0]),
				fmt.Sprintf("   shown below with one line for each %s field, in", strings.Fields(prose(r, 1))[0]),
				fmt.Sprintf("   the order of the %s record, and they are kept.", strings.Fields(prose(r, 1))[0]))
		}
		pages = append(pages, Page{Site: "files.example", Paragraphs: paras})
	}
	c := learn(pages...).Classifier(Options{})
	for i, par := range c.Classify(nil, pages[0]) {
		if strings.HasPrefix(par.Text, "   Implementation") {
			assert.Equal(t, Content, par.Label, "%q (%s)", par.Text, par.Reason)
			// the run's feature, not furniture (splitWrapped copies it back)
			assert.Less(t, c.feats[i].inPage, int32(furnMin), "%q", par.Text)
		}
	}
	assert.NotEmpty(t, c.span, "no run joined")
}

// A label goes as furniture where the site's template holds it: on
// templateMin of its pages or more (3 of 30), not on fewer (2 of 30), nor
// on 3 that are copies of one page (discountCopies).
func TestRunningFurnitureLabelTemplateMin(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 6))
	for _, tc := range []struct {
		withLabel int
		copies    bool
		furniture bool
	}{{2, false, false}, {3, false, true}, {3, true, false}} {
		var pages []Page
		for k := range 30 {
			paras := []string{fmt.Sprintf("Entry %d of the register", k), prose(r, 2)}
			for range 4 {
				if k < tc.withLabel {
					paras = append(paras, "   Description:")
				}
				paras = append(paras, "      "+prose(r, 4), prose(r, 1)) // long: copies are told by them
			}
			if tc.copies && k > 0 && k < tc.withLabel {
				paras = append([]string{fmt.Sprintf("Mirror %d", k)}, pages[0].Paragraphs...)
			}
			pages = append(pages, Page{Site: "register.example", Paragraphs: paras})
		}
		m := learn(pages...)
		for _, par := range label(m, pages[0]) {
			if strings.Contains(par.Text, "Description:") {
				assert.Equal(t, tc.furniture, par.Label == Boilerplate, "%+v: %q (%s)", tc, par.Text, par.Reason)
			}
		}
	}
}

// A label paired with a page number (kindBreak) is furniture whatever the
// site says: it is not furniture by sameness alone.
func TestRunningFurniturePairedLabel(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 7))
	footer := func(page int) string {
		return fmt.Sprintf("Roe              Informational              [Page %d]\n\nExample Protocol, continued:", page)
	}
	p := NewPage("one.example", printed(r, []int{56, 56, 56, 56, 56}, footer))
	for _, par := range label(new(Model), p) {
		if strings.HasPrefix(par.Text, "Example Protocol") {
			assert.Contains(t, par.Reason, "page furniture", "%q", par.Text)
		}
	}
}

// A label of the site's template goes as furniture, before prose too: it
// is not kept as a heading (ownLabels).
func TestRunningFurnitureTemplateLabel(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 4))
	var pages []Page
	for range 6 {
		var paras []string
		for range 6 {
			paras = append(paras, prose(r, 2), prose(r, 2), "Related:", prose(r, 1))
		}
		pages = append(pages, Page{Site: "blog.example", Paragraphs: paras})
	}
	c := learn(pages...).Classifier(Options{})
	for _, p := range pages {
		for i, par := range c.Classify(nil, p) {
			if par.Text == "Related:" {
				assert.Equal(t, Boilerplate, par.Label, "%q (%s)", par.Text, par.Reason)
				assert.Equal(t, int32(6), c.feats[i].inPage, "its count in the page, given back")
			}
		}
	}
}

// Lines that recur in a page but are not the same line each time stay: a
// field whose value recurs now and then (a dictionary's dates), a column
// of a table (minGap), a sentence said again under each member of a
// reference page.
func TestRunningFurnitureNotSameLine(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 2))
	reused := new(Model).Classifier(Options{}) // labels each page as a fresh one does
	for _, tc := range []struct {
		name string
		page func() (paras []string, at []int)
	}{
		{"dictionary", func() (paras []string, at []int) {
			// each entry ends with the date of its last change, some dates
			// shared by three entries or more, the shape by all
			for k := range 30 {
				paras = append(paras, fmt.Sprintf("term%c%c", 'a'+k/5, 'a'+k%5), "   "+prose(r, 2))
				at = append(at, len(paras))
				date := fmt.Sprintf("   (%d-%02d-%02d)", 1990+k*7%30, 1+k%12, 1+k%28) // no count
				if k%3 == 0 {
					date = "   (1994-11-01)"
				}
				paras = append(paras, date)
			}
			return paras, at
		}},
		{"table", func() (paras []string, at []int) {
			// the same line in every row, each row a name and a value,
			// between paragraphs of prose
			for block := range 3 {
				for range 6 {
					paras = append(paras, prose(r, 2))
				}
				for k := range 4 {
					at = append(at, len(paras))
					paras = append(paras, "public static final int", fmt.Sprintf("FIELD_%c%c", 'A'+block, 'A'+k), fmt.Sprintf("%d", 1<<(4*block+k)))
				}
			}
			return paras, at
		}},
		{"registry", func() (paras []string, at []int) {
			// labels said in each entry, then their values, after a
			// run of wrapped lines joined into one feature (ownLabels
			// maps the paragraphs to the features)
			paras = doubleSpaced(r, 3)
			for k := range 6 {
				paras = append(paras, fmt.Sprintf("   Name: %s", strings.Fields(prose(r, 1))[0]))
				at = append(at, len(paras), len(paras)+2, len(paras)+4)
				paras = append(paras, "   Description:  ", "      "+prose(r, 2), "   Returns:\t", "      "+prose(r, 1),
					"   备注：", "      "+prose(r, 1), fmt.Sprintf("   Reference: RFC %d", 9000+k))
			}
			return paras, at
		}},
		{"prose after the registry", func() (paras []string, at []int) {
			// no line recurs: runningFurniture returns early, its
			// labels of the page before forgotten
			for range 6 {
				paras = append(paras, prose(r, 2))
			}
			return paras, nil
		}},
		{"reference", func() (paras []string, at []int) {
			for _, fn := range []string{"open_device", "close_device", "read_block", "write_block", "flush_queue"} {
				paras = append(paras, fn+"()", prose(r, 2), prose(r, 1))
				at = append(at, len(paras))
				paras = append(paras, "Returns -errno on error, or 0 on success.")
			}
			return paras, at
		}},
	} {
		paras, at := tc.page()
		out := label(new(Model), Page{Site: "solo", Paragraphs: paras})
		for _, i := range at {
			assert.NotContains(t, out[i].Reason, "page furniture", "%s: %q", tc.name, out[i].Text)
		}
		assert.Equal(t, out, reused.Classify(nil, Page{Site: "solo", Paragraphs: paras}), "%s", tc.name)
	}
}

// Pages that hold little text still have their running headers and
// footers removed: the header is paired with a footer that numbers the
// pages, which is a page break whatever lies between (review of
// aa60a4f). A document whose pages are mostly figures, and a deck of
// slides.
func TestRunningFurnitureShortPages(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 3))
	figures := func() (paras []string, furniture []int) {
		for page := 1; page <= 8; page++ {
			if page%3 == 0 {
				paras = append(paras, prose(r, 2), prose(r, 2), prose(r, 2))
			} else {
				node := strings.Fields(prose(r, 1))[:2]
				paras = append(paras, fmt.Sprintf("   +------+     +------+\n   | %-4.4s |---->| %-4.4s |\n   +------+     +------+", node[0], node[1]),
					fmt.Sprintf("Figure %d.", page))
			}
			furniture = append(furniture, len(paras))
			paras = append(paras, fmt.Sprintf("Postel                                           [Page %d]", page))
			if page < 8 {
				furniture = append(furniture, len(paras))
				paras = append(paras, "RFC 791                 Internet Protocol          September 1981")
			}
		}
		return paras, furniture
	}
	slides := func() (paras []string, furniture []int) {
		for slide := 1; slide <= 10; slide++ {
			furniture = append(furniture, len(paras))
			paras = append(paras, "ACME Corp - Company Confidential")
			paras = append(paras, strings.Join(strings.Fields(prose(r, 1))[:8], " "))
			furniture = append(furniture, len(paras))
			paras = append(paras, fmt.Sprintf("Slide %d", slide))
		}
		return paras, furniture
	}
	for _, tc := range []struct {
		name string
		page func() ([]string, []int)
	}{{"figures", figures}, {"slides", slides}} {
		paras, furniture := tc.page()
		out := label(new(Model), Page{Site: "solo", Paragraphs: paras})
		for _, i := range furniture {
			assert.Contains(t, out[i].Reason, "page furniture", "%s: %q", tc.name, out[i].Text)
		}
	}
}

// printed returns the text of a document of printed pages, page k of
// sizes[k] lines: wrapped prose, cut where the page ends as a printer
// cuts it, then footer(k+1) between blank lines (blank lines alone where
// it is "").
func printed(r *rand.Rand, sizes []int, footer func(page int) string) string {
	var b strings.Builder
	for k, size := range sizes {
		for n := 0; n < size-3; {
			for _, l := range strings.Split(wrap(prose(r, 3)), "\n") {
				if n < size-3 {
					b.WriteString(l + "\n")
					n++
				}
			}
			if n < size-3 {
				b.WriteString("\n")
				n++
			}
		}
		fmt.Fprintf(&b, "\n%s\n\n", footer(k+1))
	}
	return b.String()
}

// numbered returns the text of a document of numbered sections, section k
// of sizes[k] lines under heading(k+1).
func numbered(r *rand.Rand, sizes []int, heading func(k int) string) string {
	var b strings.Builder
	for k, size := range sizes {
		fmt.Fprintf(&b, "%s\n\n", heading(k+1))
		for n := 2; n < size; {
			for _, l := range strings.Split(wrap(prose(r, 2)), "\n") {
				if n < size-1 {
					b.WriteString(l + "\n")
					n++
				}
			}
			b.WriteString("\n")
			n++
		}
	}
	return b.String()
}

// With the lines of the page known (Page.Lines), a line that counts up
// from page to page numbers the pages only where its steps are evenly
// spaced, as printed pages are (evenPages): most of its steps of about
// the same number of lines, minPage or more. Numbered headings head
// sections of their own lengths, and rows of data, as evenly spaced as
// they may be, are shorter than a page.
func TestPageNumbersEvenlySpaced(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	footer := func(page int) string {
		return fmt.Sprintf("Roe                 Informational                 [Page %d]", page)
	}
	for _, tc := range []struct {
		name    string
		text    string
		numbers bool // the lines that count up are page furniture
	}{
		{"pages of 56 lines", printed(r, []int{56, 56, 56, 56, 56, 56}, footer), true},
		{"the last page short", printed(r, []int{56, 56, 56, 56, 21}, footer), true},
		{"pages of 50 to 60 lines", printed(r, []int{50, 58, 60, 52, 55, 57}, footer), true},
		{"pages of 20 lines", printed(r, []int{20, 20, 20, 20, 20}, footer), true},
		// steps of one page and of two: lines per page counted, by the
		// first digit run or else the last
		{"footers of pages 2 and 5 missing", printed(r, []int{56, 56, 56, 56, 56, 56, 56}, func(page int) string {
			if page == 2 || page == 5 {
				return ""
			}
			return footer(page)
		}), true},
		{"dated footers of pages 2 and 5 missing", printed(r, []int{56, 56, 56, 56, 56, 56, 56}, func(page int) string {
			if page == 2 || page == 5 {
				return ""
			}
			return fmt.Sprintf("Expires June 3, 2016                [Page %d]", page)
		}), true},
		// within a quarter: 25 lines and 20, not 22 and 19 (minPage)
		{"pages of 20 and 25 lines", printed(r, []int{20, 20, 25, 20, 25}, footer), true},
		{"pages of 19 and 22 lines", printed(r, []int{22, 19, 22, 19, 22}, footer), false},
		{"pages of 20 and 28 lines", printed(r, []int{20, 20, 28, 20, 28}, footer), false},
		{"a page, then a short one", printed(r, []int{56, 56, 21}, footer), false},
		{"steps", numbered(r, []int{4, 13, 7, 30, 9, 21}, func(k int) string { return fmt.Sprintf("Step %d", k) }), false},
		{"figures", numbered(r, []int{41, 25, 66, 20, 33}, func(k int) string { return fmt.Sprintf("          Figure %d", k) }), false},
		{"rows of 12 lines", numbered(r, []int{12, 12, 12, 12, 12, 12, 12, 12}, func(k int) string { return fmt.Sprintf("   Iteration %d", k) }), false},
	} {
		p := NewPage("one.example", tc.text)
		out := label(new(Model), p)
		n := 0
		for i, q := range out {
			if !strings.Contains(q.Text, "[Page") && !strings.Contains(q.Text, "Step") &&
				!strings.Contains(q.Text, "Figure") && !strings.Contains(q.Text, "Iteration") {
				continue
			}
			n++
			if tc.numbers {
				assert.Equal(t, Boilerplate, q.Label, "%s: %q (%s)", tc.name, q.Text, q.Reason)
				assert.Contains(t, q.Reason, "page furniture", "%s: %q", tc.name, q.Text)
			} else {
				assert.NotContains(t, q.Reason, "page furniture", "%s: %q at line %d", tc.name, q.Text, p.Lines[i])
			}
		}
		assert.GreaterOrEqual(t, n, 3, "%s", tc.name)
	}
}

// The steps of a page are forgotten with it: numbered headings evenly
// spaced on a page (page numbers, as far as the classifier can tell) and
// irregularly on the next are labelled on the next as on a page alone;
// and so is a page whose lines are not known, after one whose lines are.
func TestEvenPagesForgets(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 9))
	step := func(k int) string { return fmt.Sprintf("Step %d", k) }
	even := NewPage("one.example", numbered(r, []int{40, 40, 40, 40, 40, 40}, step))
	steps := NewPage("one.example", numbered(r, []int{4, 13, 7, 30, 9, 21}, step))
	c := new(Model).Classifier(Options{})
	for _, q := range c.Classify(nil, even) {
		if strings.HasPrefix(q.Text, "Step") {
			assert.Contains(t, q.Reason, "page furniture", "%q", q.Text)
		}
	}
	assert.Equal(t, label(new(Model), steps), c.Classify(nil, steps))
	c.Classify(nil, steps)
	unknown := Page{Site: even.Site, Paragraphs: even.Paragraphs}
	assert.Equal(t, label(new(Model), unknown), c.Classify(nil, unknown))
}

// Lines that cannot be a page's is ignored: the page is labelled as
// without lines (its numbered headings go as page numbers, where with its
// lines they stay).
func TestPageLinesIgnored(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	step := func(k int) string { return fmt.Sprintf("Step %d", k) }
	p := NewPage("one.example", numbered(r, []int{4, 13, 7, 30, 9, 21}, step))
	want := label(new(Model), Page{Site: p.Site, Paragraphs: p.Paragraphs})
	require.Contains(t, want[0].Reason, "page furniture")
	shifted := func(d int) []int {
		l := slices.Clone(p.Lines)
		for i := range l {
			l[i] += d
		}
		return l
	}
	reversed := slices.Clone(p.Lines)
	slices.Reverse(reversed)
	back := slices.Clone(p.Lines) // one line back
	back[3] = back[2] - 1
	first := slices.Clone(p.Lines) // the first step back
	first[0], first[1] = first[1], first[0]
	wrapped := slices.Clone(p.Lines) // a step that wraps around to a page's length
	wrapped[len(wrapped)-1] = math.MinInt + 40
	for name, lines := range map[string][]int{
		"reversed":        reversed,
		"negative":        shifted(-1),
		"beyond maxLines": shifted(1<<28 - p.Lines[len(p.Lines)-1] + 1),
		"wrapped":         wrapped,
		"one line back":   back,
		"the first back":  first,
		"short":           p.Lines[1:],
	} {
		assert.Equal(t, want, label(new(Model), Page{Site: p.Site, Paragraphs: p.Paragraphs, Lines: lines}), name)
	}
	assert.NotContains(t, label(new(Model), Page{Site: p.Site, Paragraphs: p.Paragraphs, Lines: shifted(1<<28 - p.Lines[len(p.Lines)-1])})[0].Reason,
		"page furniture", "up to maxLines")
	same := slices.Clone(p.Lines) // two paragraphs on one line: lines still known
	same[2] = same[1]
	assert.NotContains(t, label(new(Model), Page{Site: p.Site, Paragraphs: p.Paragraphs, Lines: same})[0].Reason,
		"page furniture", "a line twice")
}

// A line beside the same neighbour at half its occurrences or more is
// at a page break (pairing) only where its steps are evenly spaced, when
// the lines of the page are known: a member's name above its type in a
// reference page ("getP1()" above "Point2D") recurs at the lengths of
// the members' sections.
func TestPairedEvenlySpaced(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 1))
	build := []int{7731, 1204, 9952, 3310, 5876, 2468, 8123}
	footer := func(page int) string { return fmt.Sprintf("Build %d\n\nExample Protocol Guide", build[page-1]) }
	member := func(k int) string { return fmt.Sprintf("Point2D\n\nBuild %d", build[k-1]) }
	// a header on some pages only, under a footer that numbers them
	underNumber := func(page int) string {
		f := fmt.Sprintf("Roe                 Informational                 [Page %d]", page)
		if page == 1 || page == 3 || page == 4 || page == 7 || page == 9 {
			return fmt.Sprintf("%s\n\nBuild %d", f, 1000+page*7717%9000)
		}
		return f
	}
	for _, tc := range []struct {
		name      string
		text      string
		furniture bool
		builds    int
	}{
		{"pages of 56 lines", printed(r, []int{56, 56, 56, 56, 56, 56}, footer), true, 6},
		{"pages of 24 lines", printed(r, []int{24, 24, 24, 24, 24, 24}, footer), true, 6},
		{"sections", numbered(r, []int{9, 25, 14, 40, 20, 31}, member), false, 6},
		{"beside a page number", printed(r, []int{56, 56, 56, 56, 56, 56, 56, 56, 56}, underNumber), true, 5},
	} {
		p := NewPage("one.example", tc.text)
		n := 0
		for _, lines := range [][]int{p.Lines, nil} {
			out := label(new(Model), Page{Site: p.Site, Paragraphs: p.Paragraphs, Lines: lines})
			for _, q := range out {
				if !strings.HasPrefix(q.Text, "Build") {
					continue
				}
				n++
				if tc.furniture || lines == nil {
					assert.Contains(t, q.Reason, "page furniture", "%s: %q", tc.name, q.Text)
				} else {
					assert.NotContains(t, q.Reason, "page furniture", "%s: %q", tc.name, q.Text)
				}
			}
		}
		assert.Equal(t, 2*tc.builds, n, "%s", tc.name)
	}
}

// FuzzPageLines: any Page.Lines, even decreasing or huge, labels every
// paragraph without a panic, and Lines that cannot be a page's (another
// length than the paragraphs', negative, going back, beyond maxLines) is
// ignored.
func FuzzPageLines(f *testing.F) {
	r := rand.New(rand.NewPCG(4, 4))
	footer := func(page int) string { return fmt.Sprintf("Roe   Informational   [Page %d]", page) }
	f.Add(printed(r, []int{30, 30, 30, 30}, footer), uint64(1))
	f.Add(numbered(r, []int{20, 24, 22, 21}, func(k int) string { return fmt.Sprintf("Step %d", k) }), uint64(2))
	f.Fuzz(func(t *testing.T, text string, seed uint64) {
		p := NewPage("one.example", text)
		c := new(Model).Classifier(Options{})
		want := c.Classify(nil, Page{Site: p.Site, Paragraphs: p.Paragraphs})
		lr := rand.New(rand.NewPCG(seed, seed))
		for i := range p.Lines {
			switch lr.IntN(4) {
			case 0:
				p.Lines[i] = -lr.IntN(100)
			case 1:
				p.Lines[i] = math.MaxInt - lr.IntN(100)
			case 2:
				p.Lines[i] = lr.IntN(200)
			}
		}
		got := c.Classify(nil, p)
		require.Len(t, got, len(p.Paragraphs))
		valid := len(p.Lines) == 0 || p.Lines[0] >= 0 && slices.IsSorted(p.Lines) && p.Lines[len(p.Lines)-1] <= 1<<28
		if !valid {
			require.Equal(t, want, got)
		}
		longer := Page{Site: p.Site, Paragraphs: p.Paragraphs, Lines: append(slices.Clone(p.Lines), 0)}
		require.Equal(t, want, c.Classify(nil, longer))
		if len(p.Lines) > 0 {
			p.Lines = p.Lines[1:]
			require.Equal(t, want, c.Classify(nil, p))
		}
	})
}
