package records

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

var jsonSeeds = []string{
	`{"id":"a","text":"hello"}`,
	`{}`,
	` { "a" : [1, -2.5e+3, true, false, null, {"b": ["c"]}] , "t": "x\"y\\z\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800" } `,
	`{"a":1,}`,
	`{"a" 1}`,
	`[1]`,
	`{"a":01}`,
	`{"a":"\x"}`,
	`{"a":"unterminated}`,
	`{"a":1} {"b":2}`,
	`{"a":tru}`,
	`{"a":-}`,
	`{"a":1.}`,
	"{\"a\":\"\x01\"}",
	"{\"a\":\"\xff\xfe\"}",
	`{"a":{"b":{"c":{"d":[[[[]]]]}}}}`,
	``,
	`{"a":"\u12"}`,
}

// FuzzObjectFields checks the hand-written scanner against encoding/json: it
// accepts exactly the valid JSON objects, and the values it finds decode to
// what encoding/json decodes.
func FuzzObjectFields(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		got := map[string]json.RawMessage{}
		var order []string
		err := objectFields(line, func(key []byte, v Span) {
			k := string(key)
			order = append(order, k)
			got[k] = json.RawMessage(line[v.Start:v.End])
		})
		var want map[string]json.RawMessage
		werr := json.Unmarshal(line, &want)
		trimmed := bytes.TrimSpace(line)
		isObject := len(trimmed) > 0 && trimmed[0] == '{'
		if werr == nil && !isObject {
			werr = json.Unmarshal([]byte("x"), &want) // a valid non-object: must be rejected too
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("objectFields(%q) error = %v, encoding/json error = %v", line, err, werr)
		}
		if err != nil {
			return
		}
		for _, k := range order {
			v := got[k]
			if !json.Valid(v) {
				t.Fatalf("value of %q is not valid JSON: %q", k, v)
			}
			if strings.ContainsAny(k, "\\") {
				continue // a key with a backslash: not compared
			}
			if v[0] == '"' {
				var ws string
				json.Unmarshal(v, &ws)
				gs, _ := appendUnquote(nil, v)
				if strings.ToValidUTF8(string(gs), "\uFFFD") != ws && utf8.Valid(v) {
					t.Fatalf("unquote(%q) = %q, encoding/json %q", v, gs, ws)
				}
			}
		}
	})
}

// FuzzQuote checks that AppendQuote makes a JSON string that decodes to the
// input (with invalid UTF-8 replaced).
func FuzzQuote(f *testing.F) {
	for _, s := range []string{"", "plain", "quote\" back\\ nl\n tab\t ctl\x01 del\x7f", "é 😀 \u2028 \xff", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := AppendQuote(nil, []byte(s))
		var back string
		if err := json.Unmarshal(q, &back); err != nil {
			t.Fatalf("AppendQuote(%q) = %s: %v", s, q, err)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); back != want && utf8.ValidString(s) {
			t.Fatalf("AppendQuote(%q) decodes to %q", s, back)
		}
		u, _ := appendUnquote(nil, q)
		if utf8.ValidString(s) && string(u) != s {
			t.Fatalf("appendUnquote(AppendQuote(%q)) = %q", s, u)
		}
	})
}

// FuzzScanText checks the fused scan of a member's string value
// (scanObject with a textMember) against objectFields and appendUnquote of
// the same member: the same error, the same members, and the same value
// bytes and lone-surrogate flag, for the member named by each key of the
// line.
func FuzzScanText(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s), "t")
		f.Add([]byte(s), "a")
	}
	f.Add([]byte(`{"t":"x\ud800\u0041y","t":"\n\u00e9","u":1}`), "t")
	f.Add([]byte(`{"t\u0065":"a\"b","te":2}`), "te")
	f.Add([]byte(`{"t":"\u041f\u0440\u0438\ud83d\ude00 \u0432\u0435\u0442\ud800x\u12"}`), "t")
	f.Fuzz(func(t *testing.T, line []byte, key string) {
		type member struct {
			key string
			v   Span
		}
		var want []member
		werr := objectFields(line, func(k []byte, v Span) { want = append(want, member{string(k), v}) })
		var got []member
		tm := textMember{key: key, text: []byte("scratch")} // a buffer to reuse, as parse gives
		gerr := scanObject(line, &tm, func(k []byte, v Span) { got = append(got, member{string(k), v}) })
		if fmt.Sprint(werr) != fmt.Sprint(gerr) {
			t.Fatalf("scanObject(%q, %q) error %v, objectFields %v", line, key, gerr, werr)
		}
		if werr != nil {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("scanObject(%q, %q) members %v, objectFields %v", line, key, got, want)
		}
		var last []byte // the last string value of the member
		for _, m := range want {
			if m.key == key && line[m.v.Start] == '"' {
				last = line[m.v.Start:m.v.End]
			}
		}
		if last == nil {
			if tm.found {
				t.Fatalf("scanObject(%q, %q) text %q, want none", line, key, tm.text)
			}
			return
		}
		text, lone := appendUnquote(nil, last)
		if !bytes.Equal(tm.text, text) || tm.lone != lone {
			t.Fatalf("scanObject(%q, %q) text %q lone %v, appendUnquote %q %v", line, key, tm.text, tm.lone, text, lone)
		}
	})
}

func TestObjectFieldsErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{``, "empty line"},
		{`[1]`, "not a JSON object"},
		{`{"a":1,}`, "invalid JSON at byte 8: expected a member name"},
		{`{"a":"x`, "invalid JSON: unterminated string, got end of line"},
		{`{"a":1} x`, "invalid JSON at byte 9: unexpected data after the object"},
		{`{"a":"\q"}`, `invalid escape \q`},
	}
	for _, tt := range tests {
		err := objectFields([]byte(tt.in), func([]byte, Span) {})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("objectFields(%q) = %v, want %q", tt.in, err, tt.want)
		}
	}
}

// TestSpecialWords checks the word-at-a-time tests against the byte tests
// they stand for, on every byte value in every position among plain bytes
// of both kinds.
func TestSpecialWords(t *testing.T) {
	for _, fill := range []byte{'a', 0xc3, 0x20, 0x7f, 0xff} {
		for pos := 0; pos < 8; pos++ {
			for c := 0; c < 256; c++ {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				w := binary.LittleEndian.Uint64(b[:])
				wantStr, wantQuote := false, false
				for _, x := range b {
					wantStr = wantStr || !plain[x]
					wantQuote = wantQuote || !plain[x] || x >= utf8.RuneSelf
				}
				if got := strSpecialBytes(w) != 0; got != wantStr {
					t.Fatalf("strSpecialBytes(% x) != 0 is %v, want %v", b, got, wantStr)
				}
				if got := quoteSpecialBytes(w) != 0; got != wantQuote {
					t.Fatalf("quoteSpecialBytes(% x) != 0 is %v, want %v", b, got, wantQuote)
				}
				firstStr, firstQuote := -1, -1
				for i, x := range b {
					if firstStr < 0 && !plain[x] {
						firstStr = i
					}
					if firstQuote < 0 && (!plain[x] || x >= utf8.RuneSelf) {
						firstQuote = i
					}
				}
				if m := strSpecialBytes(w); m != 0 && firstByte(m) != firstStr {
					t.Fatalf("strSpecialBytes(% x): first byte %d, want %d", b, firstByte(m), firstStr)
				}
				if m := quoteSpecialBytes(w); m != 0 && firstByte(m) != firstQuote {
					t.Fatalf("quoteSpecialBytes(% x): first byte %d, want %d", b, firstByte(m), firstQuote)
				}
			}
		}
	}
}

// TestSpecialFirstByte checks that the masks mark the first special byte
// exactly among words of several special bytes and their neighbours,
// where the borrows of the word-at-a-time tests mark bytes after it.
func TestSpecialFirstByte(t *testing.T) {
	tricky := []byte{'"', '#', '!', '\\', ']', '[', 0x00, 0x01, 0x1f, 0x20, 0x21, 'a', 0x7f, 0x80, 0xc3, 0xff}
	r := rand.New(rand.NewPCG(9, 10))
	for range 200000 {
		var b [8]byte
		for i := range b {
			b[i] = tricky[r.IntN(len(tricky))]
		}
		w := binary.LittleEndian.Uint64(b[:])
		wantStr, wantQuote := 8, 8
		for i := 7; i >= 0; i-- {
			if !plain[b[i]] {
				wantStr, wantQuote = i, i
			} else if b[i] >= utf8.RuneSelf {
				wantQuote = i
			}
		}
		gotStr, gotQuote := 8, 8
		if m := strSpecialBytes(w); m != 0 {
			gotStr = firstByte(m)
		}
		if m := quoteSpecialBytes(w); m != 0 {
			gotQuote = firstByte(m)
		}
		if gotStr != wantStr || gotQuote != wantQuote {
			t.Fatalf("% x: first special %d / %d, want %d / %d", b, gotStr, gotQuote, wantStr, wantQuote)
		}
	}
}

// TestUnicodeRuns checks the decoding of runs of \uXXXX escapes
// (appendUnicodeRun, inside strUnquote) against appendUnquote, which
// decodes one escape at a time: every code point of the BMP in runs,
// surrogate pairs, lone surrogates, bad hexadecimal digits, upper-case
// digits, and runs cut by other escapes, plain bytes and raw UTF-8. It
// also checks the ascii flag: set only for an ASCII literal, whose value
// is then valid UTF-8.
func TestUnicodeRuns(t *testing.T) {
	check := func(lit string) {
		t.Helper()
		line := []byte(`{"t":` + lit + `}`)
		tm := textMember{key: "t"}
		err := scanObject(line, &tm, func([]byte, Span) {})
		if werr := objectFields(line, func([]byte, Span) {}); fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("scanObject(%s) error %v, objectFields %v", line, err, werr)
		}
		if err != nil {
			return // a malformed literal
		}
		want, lone := appendUnquote(nil, []byte(lit))
		if !bytes.Equal(tm.text, want) || tm.lone != lone {
			t.Fatalf("strUnquote(%s) = %q lone %v, appendUnquote %q %v", lit, tm.text, tm.lone, want, lone)
		}
		ascii := true
		for _, c := range []byte(lit) {
			ascii = ascii && c < utf8.RuneSelf
		}
		if tm.ascii != ascii || tm.ascii && !utf8.Valid(tm.text) {
			t.Fatalf("strUnquote(%s): ascii %v, want %v (value valid: %v)", lit, tm.ascii, ascii, utf8.Valid(tm.text))
		}
	}
	var b strings.Builder
	for r := 0; r < 0x10000; r += 0x100 {
		b.Reset()
		b.WriteByte('"')
		for k := r; k < r+0x100; k++ {
			fmt.Fprintf(&b, `\u%04x`, k)
			if k%37 == 0 {
				fmt.Fprintf(&b, `\u%04X`, k) // upper-case digits
			}
		}
		b.WriteByte('"')
		check(b.String())
	}
	for _, lit := range []string{
		`"\u0041\u00e9\u044f\ud83d\ude00\u0438"`,             // a surrogate pair inside a run
		`"\u0438\ud800\u0438"`, `"\u0438\udc00"`, `"\ud800"`, // lone surrogates
		`"\u0438\u12g4"`, `"\u0438\u043g"`, `"\u0438\ug043"`, `"\u0438\u12"`, `"\u0438\u"`, `"\u0438\"`, // bad or cut escapes
		`"\u0438\n\u0439x\u043ay\t\u044f"`, `"\u0438é\u0439"`, `"é"`, `"\u0438"`, `""`, `"abc"`,
		`"\u0000\u001f\u007f\u0080\u07ff\u0800\uffff"`,
	} {
		check(lit)
	}
}

// TestAppendAnnotated: the members added replace the record's members of
// the same names (the escaped spelling of a name included, nested objects
// not), and every other byte of the record is kept.
func TestAppendAnnotated(t *testing.T) {
	for _, c := range []struct{ in, members, want string }{
		{`{"id":"a"}`, `"dup_of":"b"`, `{"id":"a","dup_of":"b"}`},
		{`{}`, `"empty":true`, `{"empty":true}`},
		{`{"empty":false}`, `"empty":true`, `{"empty":true}`},
		{`{"x":1,"a":2,"b":3}`, `"a":5,"b":6`, `{"x":1,"a":5,"b":6}`},
		{`{"a":2, "x":[1,{"a":"}"}], "b" : "q,\"r"}`, `"a":5,"b":6`, `{ "x":[1,{"a":"}"}],"a":5,"b":6}`},
		{`{"x": 1 , "a": {"b": [2]} }`, `"a":5`, `{"x": 1  ,"a":5}`},
		{`{"d\u0075p":true,"id":"x"}`, `"dup":1`, `{"id":"x","dup":1}`},
		{`{"id":"a","cluster":"a","text":"t"}`, `"cluster":"b"`, `{"id":"a","text":"t","cluster":"b"}`},
	} {
		got := JSONL{}.AppendAnnotated([]byte("> "), []byte(c.in+"\n"), []byte(c.members))
		if string(got) != "> "+c.want+"\n" || !json.Valid(got[2:]) {
			t.Errorf("%s + %s = %s, want %s", c.in, c.members, got, c.want)
		}
	}
}

// FuzzAppendAnnotated: annotating any bytes does not panic, and a valid
// object stays valid.
func FuzzAppendAnnotated(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := JSONL{}.AppendAnnotated(nil, []byte(in+"\n"), []byte(`"a":1,"b":[2]`))
		if v := strings.TrimSpace(in); json.Valid([]byte(v)) && strings.HasPrefix(v, "{") && !json.Valid(got) {
			t.Fatalf("%q annotated is %q", in, got)
		}
	})
}
