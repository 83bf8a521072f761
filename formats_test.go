package dedupe

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/records"
)

// fmtDoc is a demo document as a Parquet row, with columns that Clean
// must carry through.
type fmtDoc struct {
	ID    string   `parquet:"id"`
	URL   string   `parquet:"url"`
	Title string   `parquet:"title"`
	Text  string   `parquet:"text"`
	N     int64    `parquet:"n"`
	Score float64  `parquet:"score"`
	Tags  []string `parquet:"tags,list"`
	Meta  *string  `parquet:"meta,optional"`
}

// demoDocs returns the demo corpus as rows.
func demoDocs(t *testing.T) []fmtDoc {
	var docs []fmtDoc
	require.NoError(t, demoFiles(t).Each(func(r *records.Record) error {
		require.NoError(t, r.Decode())
		i := len(docs)
		d := fmtDoc{ID: r.ID, URL: r.URL, Text: string(r.Text), N: int64(i), Score: float64(i) / 3, Tags: []string{r.Site, fmt.Sprint(i % 3)}}
		d.Title = "title of " + r.ID
		if i%2 == 0 {
			m := fmt.Sprintf("meta %d", i)
			d.Meta = &m
		}
		docs = append(docs, d)
		return nil
	}))
	return docs
}

// jsonDocs decodes the id and text of each line of a JSON Lines output.
func jsonDocs(t *testing.T, b []byte) (ids, texts []string) {
	for _, l := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var r struct{ ID, Text string }
		require.NoError(t, json.Unmarshal(l, &r))
		ids, texts = append(ids, r.ID), append(texts, r.Text)
	}
	return ids, texts
}

// TestCleanParquet cleans the demo corpus as a Parquet file of several
// row groups into a Parquet output: the same documents are kept with the
// same texts, and the same log written, as from JSON Lines, and every
// other column of a kept row is intact.
func TestCleanParquet(t *testing.T) {
	dir := t.TempDir()
	docs := demoDocs(t)
	in := filepath.Join(dir, "in.parquet")
	f, err := os.Create(in)
	require.NoError(t, err)
	w := parquet.NewGenericWriter[fmtDoc](f)
	for i := 0; i < len(docs); i += 10 {
		_, err := w.Write(docs[i:min(i+10, len(docs))])
		require.NoError(t, err)
		require.NoError(t, w.Flush())
	}
	require.NoError(t, w.Close())
	require.NoError(t, f.Close())
	byID := map[string]fmtDoc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	for _, v := range []Verify{Exact, Estimate} {
		o := Options{Verify: v}
		wantOut, wantLog := cleanStream(t, demoFiles(t), o)
		wantIDs, wantTexts := jsonDocs(t, wantOut)
		require.Less(t, len(wantIDs), len(docs), "the demo has duplicates")

		outPath := filepath.Join(dir, "out.parquet")
		out, err := records.Create(outPath, records.OutputOptions{})
		require.NoError(t, err)
		var lb bytes.Buffer
		o.TempDir = dir
		st, err := Clean(context.Background(), &records.Files{Paths: []string{in}}, out, &lb, o)
		require.NoError(t, err)
		require.NoError(t, out.Commit())
		require.Equal(t, string(wantLog), lb.String(), "%v: log", v)
		require.EqualValues(t, len(docs), st.DocsIn)
		require.EqualValues(t, len(wantIDs), st.DocsOut)

		got, err := parquet.ReadFile[fmtDoc](outPath)
		require.NoError(t, err)
		require.Len(t, got, len(wantIDs))
		for i, g := range got {
			require.Equal(t, wantIDs[i], g.ID)
			require.Equal(t, wantTexts[i], g.Text, g.ID)
			d := byID[g.ID]
			d.Text = g.Text
			require.Equal(t, d, g, "%v: columns of %s", v, g.ID)
		}
	}
}

// TestCleanWET cleans the demo corpus as a WET file (one gzip member per
// record, a warcinfo record first): the documents, texts and log are those
// of the JSON Lines run, and each output record names its page's url and
// site.
func TestCleanWET(t *testing.T) {
	var wet bytes.Buffer
	member := func(typ, id, uri, content string) {
		zw := gzip.NewWriter(&wet)
		fmt.Fprintf(zw, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: %s\r\nWARC-Target-URI: %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
			typ, id, uri, len(content), content)
		require.NoError(t, zw.Close())
	}
	member("warcinfo", "<urn:uuid:info>", "", "software: test\r\n")
	urls := map[string]string{}
	for _, d := range demoDocs(t) {
		member("conversion", d.ID, d.URL, d.Text)
		urls[d.ID] = d.URL
	}
	in := filepath.Join(t.TempDir(), "demo.warc.wet.gz")
	require.NoError(t, os.WriteFile(in, wet.Bytes(), 0o644))
	wantOut, wantLog := cleanStream(t, demoFiles(t), Options{})
	gotOut, gotLog := cleanStream(t, &records.Files{Paths: []string{in}}, Options{})
	require.Equal(t, string(wantLog), string(gotLog))
	wantIDs, wantTexts := jsonDocs(t, wantOut)
	gotIDs, gotTexts := jsonDocs(t, gotOut)
	require.Equal(t, wantIDs, gotIDs)
	require.Equal(t, wantTexts, gotTexts)
	for _, l := range bytes.Split(bytes.TrimSpace(gotOut), []byte("\n")) {
		var r struct{ ID, URL, Site string }
		require.NoError(t, json.Unmarshal(l, &r))
		require.NotEmpty(t, urls[r.ID], r.ID)
		require.Equal(t, urls[r.ID], r.URL, r.ID)
		require.Equal(t, records.SiteOf(r.URL), r.Site, r.ID)
	}
}
