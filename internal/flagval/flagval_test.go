package flagval

import (
	"strconv"
	"strings"
	"testing"
)

// TestByteSize parses the sizes of -max-bytes and -mem-limit, a fraction
// with a suffix included, and names the whole value when it refuses one.
func TestByteSize(t *testing.T) {
	for s, want := range map[string]int{"0": 0, "4096": 4096, "10k": 10 << 10, "10K": 10 << 10, "64M": 64 << 20,
		"2G": 2 << 30, "1.5G": 3 << 29, ".5M": 1 << 19, "2.5k": 2560} {
		var b ByteSize
		if err := b.Set(s); err != nil || int(b) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", s, int(b), err, want)
		}
	}
	for _, s := range []string{"", "-1", "+1", "5X", "1e9", "1.5", "1..5G", ".G", "-1.5G", "0x10M", "1_000", "99999999999G"} {
		var b ByteSize
		if err := b.Set(s); err == nil || !strings.Contains(err.Error(), strconv.Quote(s)) {
			t.Errorf("Set(%q): error %v, want one naming %q", s, err, s)
		}
	}
	for n, want := range map[ByteSize]string{0: "0", 100: "100", 64 << 20: "64M", 3 << 29: "1536M", 2560: "2560"} {
		if got := n.String(); got != want {
			t.Errorf("ByteSize(%d).String() = %q, want %q", int(n), got, want)
		}
	}
}

func TestFraction(t *testing.T) {
	for _, c := range []struct {
		v    float64
		upIn bool
		ok   bool
	}{{0.5, false, true}, {1, true, true}, {1, false, false}, {0, true, false}, {-1, true, false}, {1.5, true, false}} {
		if err := Fraction("-x", c.v, c.upIn); (err == nil) != c.ok {
			t.Errorf("Fraction(%v, %v) = %v", c.v, c.upIn, err)
		}
	}
	if err := Fraction("-recall", nan(), false); err == nil || err.Error() != "-recall must be in (0, 1), not NaN" {
		t.Errorf("NaN: %v", err)
	}
}

func nan() float64 { z := 0.0; return z / z }
