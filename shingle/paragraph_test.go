package shingle

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestParagraphs(t *testing.T) {
	tests := []struct {
		in   string
		mode Split
		want []string
	}{
		{"", Auto, nil},
		{"\n\n \t\n", Auto, nil},
		{"one line", Auto, []string{"one line"}},
		{"a\nb\nc\n", Auto, []string{"a", "b", "c"}},
		{"a\nb\n\nc\n", Auto, []string{"a\nb", "c"}},
		{"a\nb\n\nc\n", Lines, []string{"a", "b", "c"}},
		{"a\nb\nc", Blank, []string{"a\nb\nc"}},
		{"\n\na\nb\n\n", Auto, []string{"a", "b"}}, // blank lines only around: Lines
		{"\n\na\nb\n\n", Blank, []string{"a\nb"}},
		{"a\r\nb\r\n\r\nc\r\n", Auto, []string{"a\r\nb", "c"}},
		{"a\r\nb\r\n", Lines, []string{"a", "b"}},
		{"  indented\n \u00a0\u3000\nnext\t\n", Auto, []string{"  indented", "next\t"}},
		{"x\n\v\f\r\ny", Blank, []string{"x", "y"}},
		{"x\n\xff\ny", Auto, []string{"x", "\xff", "y"}}, // invalid UTF-8 is not white space
		{"x\r", Lines, []string{"x\r"}},
		{"x\n\n\ny", Split(9), []string{"x", "y"}}, // unknown mode: Auto
	}
	for _, tt := range tests {
		spans := Paragraphs(nil, []byte(tt.in), tt.mode)
		var got []string
		for _, sp := range spans {
			got = append(got, tt.in[sp.Start:sp.End])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Paragraphs(%q, %v) = %q, want %q", tt.in, tt.mode, got, tt.want)
		}
	}
}

// naiveParagraphs splits with strings.Split and unicode.IsSpace.
func naiveParagraphs(text string, mode Split) []Span {
	type line struct {
		start, end int
		blank      bool
	}
	var lines []line
	off := 0
	parts := strings.Split(text, "\n")
	for i, p := range parts {
		if i == len(parts)-1 && p == "" {
			break
		}
		start := off
		off += len(p) + 1
		if i < len(parts)-1 {
			p = strings.TrimSuffix(p, "\r")
		}
		blank := strings.TrimFunc(strings.ToValidUTF8(p, "x"), unicode.IsSpace) == ""
		lines = append(lines, line{start, start + len(p), blank})
	}
	if mode == Auto {
		mode = Lines
		for i := range lines {
			if !lines[i].blank {
				continue
			}
			before := slices.ContainsFunc(lines[:i], func(l line) bool { return !l.blank })
			after := slices.ContainsFunc(lines[i:], func(l line) bool { return !l.blank })
			if before && after {
				mode = Blank
			}
		}
	}
	var out []Span
	for i := 0; i < len(lines); i++ {
		if lines[i].blank {
			continue
		}
		j := i
		if mode == Blank {
			for j+1 < len(lines) && !lines[j+1].blank {
				j++
			}
		}
		out = append(out, Span{lines[i].start, lines[j].end})
		i = j
	}
	return out
}

func FuzzParagraphs(f *testing.F) {
	for _, s := range []string{"", "a", "a\nb", "a\n\nb", "a\r\n\r\nb\r\n", "\n \n", "x\r", "\xff\n\n\xe2\x80\x83", "a\n\u2028\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, mode := range []Split{Auto, Blank, Lines} {
			got := Paragraphs(nil, []byte(text), mode)
			want := naiveParagraphs(text, mode)
			if !slices.Equal(got, want) {
				t.Fatalf("Paragraphs(%q, %v) = %v, want %v", text, mode, got, want)
			}
		}
	})
}
