package gen

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/neardup/dedupe/bench/internal/rng"
)

// Page is a generated web page: the boilerplate paragraphs of its site
// around an article body.
type Page struct {
	URL  string // https://siteS.example/p/I
	Text []byte
	// Text[BodyStart:BodyEnd] is the article body; the paragraphs before and
	// after it are the site's boilerplate.
	BodyStart, BodyEnd int
}

// months fill the dates of boilerplate lines.
var months = []string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// siteTemplate is a site's boilerplate: header and footer paragraphs in
// which '#' stands for a number, '%' for a year and '@' for a date that
// change from page to page.
type siteTemplate struct {
	head, foot []string
}

func (g *Generator) site(s int) siteTemplate {
	r := rng.New(g.opts.Seed, streamSite, uint64(s))
	word := func(capital bool) string {
		w := g.vocab.words[len(functionWords)+r.Intn(len(g.vocab.words)-len(functionWords))]
		if capital {
			return string(w[0]-'a'+'A') + w[1:]
		}
		return w
	}
	phrase := func(n int) string {
		b := []byte(word(true))
		for range n - 1 {
			b = append(b, ' ')
			b = append(b, g.vocab.sample(&r)...)
		}
		return string(b)
	}
	name := word(true) + " " + word(true)
	nav := "Home"
	for range 3 + r.Intn(5) {
		nav += " | " + word(true)
	}
	var t siteTemplate
	t.head = append(t.head, nav, name+": "+phrase(4+r.Intn(6))+".")
	if r.Intn(2) == 0 {
		t.head = append(t.head, "Updated @ by "+word(true)+" "+word(true)+".")
	}
	t.foot = append(t.foot,
		phrase(8+r.Intn(10))+".",
		"# comments. Share this "+word(false)+": "+word(true)+" | "+word(true)+" | Email",
		"Copyright % "+name+". All rights reserved.")
	if r.Intn(2) == 0 {
		t.foot = append(t.foot, "Subscribe to the "+name+" "+word(false)+" for "+phrase(3+r.Intn(4))+".")
	}
	return t
}

// appendLine appends template line l with its placeholders filled from r.
func appendLine(dst []byte, l string, r *rng.Stream) []byte {
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '#':
			dst = strconv.AppendInt(dst, int64(r.Intn(3000)), 10)
		case '%':
			dst = strconv.AppendInt(dst, int64(2000+r.Intn(25)), 10)
		case '@':
			dst = strconv.AppendInt(dst, int64(1+r.Intn(28)), 10)
			dst = append(dst, ' ')
			dst = append(dst, months[r.Intn(12)]...)
			dst = append(dst, ' ')
			dst = strconv.AppendInt(dst, int64(2000+r.Intn(25)), 10)
		default:
			dst = append(dst, l[i])
		}
	}
	return dst
}

// Page returns page i of site s: the site's header paragraphs (a navigation
// line, a tag line, sometimes a dated byline), an article body of the
// generator's document size, and the site's footer paragraphs (a fixed
// blurb, a comment count, a copyright line, sometimes a newsletter line).
// Boilerplate lines are the same on every page of a site except for their
// numbers and dates; different sites have different boilerplate.
// Paragraphs are separated by blank lines.
func (g *Generator) Page(s, i int) Page {
	t := g.site(s)
	r := rng.New(g.opts.Seed, streamPage, uint64(s)<<32^uint64(i))
	var b []byte
	for _, l := range t.head {
		b = appendLine(b, l, &r)
		b = append(b, '\n', '\n')
	}
	p := Page{URL: "https://site" + strconv.Itoa(s) + ".example/p/" + strconv.Itoa(i), BodyStart: len(b)}
	br := rng.New(g.opts.Seed, streamPageBody, uint64(s)<<32^uint64(i))
	b = g.appendText(b, &br, g.opts.DocBytes, g.opts.DocWords)
	p.BodyEnd = len(b)
	for _, l := range t.foot {
		b = append(b, '\n', '\n')
		b = appendLine(b, l, &r)
	}
	p.Text = b
	return p
}

// Corpus describes a JSON Lines corpus written by WriteJSONL. The zero value
// writes no record.
type Corpus struct {
	// Docs is the number of records.
	Docs int

	// DupRate is the fraction of records, after the first, that are
	// near-duplicate copies of an earlier original record. 0 means none.
	DupRate float64

	// EditRate is the Edits.Rate of the copies. 0 means exact copies.
	EditRate float64

	// Sites, when positive, makes every original record a Page of one of
	// Sites sites (record i is page i of site i mod Sites), with a url
	// field. 0 means plain documents (Doc(i)) without url.
	Sites int
}

// WriteJSONL writes the corpus c to w, one JSON object per line:
//
//	{"id":"doc00000012","text":"...","url":"https://site2.example/p/12","dup_of":"doc00000003"}
//
// url is present when c.Sites > 0; dup_of, on near-duplicate copies only,
// names the original record the copy was made from (several copies of one
// original are near-duplicates of each other too). It returns the number of
// bytes written.
func (g *Generator) WriteJSONL(w io.Writer, c Corpus) (int64, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	var n int64
	var line, text []byte
	for i := range c.Docs {
		src, isCopy := g.source(c, i)
		var url string
		text, url = g.record(text[:0], c, src)
		if isCopy {
			text = g.NearCopy(text, Edits{Rate: c.EditRate, Variant: uint64(i)})
			if c.Sites > 0 {
				url = "https://site" + strconv.Itoa(src%c.Sites) + ".example/p/" + strconv.Itoa(i)
			}
		}
		line = append(line[:0], `{"id":`...)
		line = appendJSONString(line, docID(i))
		line = append(line, `,"text":`...)
		line = appendJSONString(line, text)
		if url != "" {
			line = append(line, `,"url":`...)
			line = appendJSONString(line, url)
		}
		if isCopy {
			line = append(line, `,"dup_of":`...)
			line = appendJSONString(line, docID(src))
		}
		line = append(line, "}\n"...)
		m, err := bw.Write(line)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, bw.Flush()
}

// docID is the id of record i.
func docID(i int) string { return fmt.Sprintf("doc%08d", i) }

// source returns the original record that record i is, or copies.
func (g *Generator) source(c Corpus, i int) (src int, isCopy bool) {
	src = i
	for src > 0 {
		r := rng.New(g.opts.Seed, streamCorpus, uint64(src))
		if r.Float() >= c.DupRate {
			break
		}
		src = r.Intn(src)
		isCopy = true
	}
	return src, isCopy
}

// record appends the text of original record i and returns its url.
func (g *Generator) record(dst []byte, c Corpus, i int) ([]byte, string) {
	if c.Sites > 0 {
		p := g.Page(i%c.Sites, i)
		return append(dst, p.Text...), p.URL
	}
	return g.AppendDoc(dst, i), ""
}

// appendJSONString appends s as a JSON string. It is records.AppendQuote
// for the valid UTF-8 the generator writes, kept here so that the
// generator (imported by the nested module bench/peers) does not depend
// on the records package and its Parquet and compression libraries.
func appendJSONString[T string | []byte](dst []byte, s T) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\r':
			dst = append(dst, '\\', 'r')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
