package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// realSources are the real corpora of the speed table on real text.
var realSources = []struct {
	name, path string
	cut        bool // cut each document into pieces of about -size bytes
}{
	{"web pages", "boiler/dev.jsonl.gz", true},
	{"news", "neardup/reuters/corpus.jsonl.gz", false},
}

// realCorpora returns the real corpora found in c.data, each cut to about
// c.max bytes; none if c.data is empty or holds none of them.
func realCorpora(c config) ([]corpus, error) {
	if c.data == "" {
		return nil, nil
	}
	var out []corpus
	for _, src := range realSources {
		docs, err := readTexts(filepath.Join(c.data, src.path), src.cut, c.size, c.max)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, newCorpus(src.name, docs))
	}
	return out, nil
}

// readTexts reads the "text" field of the gzipped JSON Lines file at path,
// cut into pieces that end at the first ASCII white space from size bytes
// on if cut, until about max bytes.
func readTexts(path string, cut bool, size, max int) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dec := json.NewDecoder(bufio.NewReader(z))
	var docs [][]byte
	total := 0
	for line := 1; total < max; line++ {
		var rec struct{ Text string }
		if err := dec.Decode(&rec); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("%s: record %d: %w", path, line, err)
		}
		t := []byte(rec.Text)
		for len(t) > 0 && total < max {
			n := len(t)
			if cut {
				n = pieceEnd(t, size)
			}
			docs = append(docs, t[:n])
			total += n
			t = t[n:]
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: no documents", path)
	}
	return docs, nil
}

// pieceEnd returns the end of the first piece of t: just after the first
// ASCII white space at or after size, or len(t).
func pieceEnd(t []byte, size int) int {
	for i := size; i < len(t); i++ {
		switch t[i] {
		case ' ', '\n', '\t', '\r':
			return i + 1
		}
	}
	return len(t)
}

// writeReal writes the speed table on real text: for each method, its MB/s
// on each corpus, and how many times faster than it dedupe is (the fold
// path for "text" rows, the signature alone for "hashes" rows).
func writeReal(w io.Writer, c config, real []corpus, speed [][]float64) {
	if len(real) == 0 {
		fmt.Fprintf(w, "\nReal text: no corpus found in -data %q.\n", c.data)
		return
	}
	fmt.Fprintf(w, "\nReal text (up to %d bytes of each corpus, web pages in pieces of about %d bytes):\n\n| input | method |", c.max, c.size)
	for _, rc := range real {
		fmt.Fprintf(w, " %s: %d docs, %d B/doc, MB/s | dedupe is |", rc.name, len(rc.docs), rc.total/int64(len(rc.docs)))
	}
	fmt.Fprintf(w, "\n|---|---|%s\n", repeat("---:|---:|", len(real)))
	ours := map[string]int{"text": index("ours-fold", "text"), "hashes": index("ours", "hashes")}
	for i, m := range methods {
		fmt.Fprintf(w, "| %s | %s |", m.input, m.name)
		for _, sp := range speed {
			ratio := ""
			if o := ours[m.input]; o != i {
				ratio = fmt.Sprintf("%.1f×", sp[o]/sp[i])
			}
			fmt.Fprintf(w, " %.1f | %s |", sp[i], ratio)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\n\"dedupe is\": the MB/s of dedupe one-permutation with the default fold normalisation (\"text\" rows)\n"+
		"or of its signature alone (\"hashes\" rows) over the method's.\n")
}

// index returns the position in methods of the method with id and input.
func index(id, input string) int {
	for i, m := range methods {
		if m.id == id && m.input == input {
			return i
		}
	}
	panic("peers: no method " + id + " on " + input)
}
