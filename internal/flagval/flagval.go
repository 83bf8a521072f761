// Package flagval holds the flag values and checks that the dedupe and
// dedupe-beam commands share, so that the two read a flag alike.
package flagval

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ByteSize is a flag value of a number of bytes: a whole number, or with
// a suffix k (or K), M or G (powers of 1024) a whole number or a decimal
// fraction ("64M", "1.5G"). Signs, exponents, other bases and
// underscores are errors, which quote the whole value given.
type ByteSize int

// String gives the size with the largest suffix that divides it.
func (b *ByteSize) String() string {
	n := int(*b)
	for _, u := range []struct {
		shift  uint
		suffix string
	}{{30, "G"}, {20, "M"}, {10, "k"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return strconv.Itoa(n>>u.shift) + u.suffix
		}
	}
	return strconv.Itoa(n)
}

// Set parses s.
func (b *ByteSize) Set(s string) error {
	num, unit := s, 1
	if s != "" {
		switch s[len(s)-1] {
		case 'k', 'K':
			unit = 1 << 10
		case 'M':
			unit = 1 << 20
		case 'G':
			unit = 1 << 30
		}
	}
	if unit > 1 {
		num = s[:len(s)-1]
	}
	bad := fmt.Errorf("want a number of bytes such as 64M or 1.5G, not %q", s)
	// ParseUint in base 10 takes digits only: no sign, no prefix.
	if n, err := strconv.ParseUint(num, 10, 63); err == nil {
		if n > math.MaxInt/uint64(unit) {
			return bad
		}
		*b = ByteSize(int(n) * unit)
		return nil
	}
	// A fraction, with a suffix only: digits and one point.
	if unit == 1 || strings.Count(num, ".") != 1 || strings.Trim(num, "0123456789.") != "" {
		return bad
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f*float64(unit) >= math.MaxInt64/2 {
		return bad
	}
	*b = ByteSize(f * float64(unit))
	return nil
}

// Fraction returns an error unless v, the value of the flag name (a
// threshold, a recall), is a number in (0, 1), or in (0, 1] when upIn.
func Fraction(name string, v float64, upIn bool) error {
	if math.IsNaN(v) || v <= 0 || v > 1 || v == 1 && !upIn {
		if upIn {
			return fmt.Errorf("%s must be in (0, 1], not %v", name, v)
		}
		return fmt.Errorf("%s must be in (0, 1), not %v", name, v)
	}
	return nil
}

// ShingleK returns an error unless k, the -k flag, is a shingle size in
// words from 1 to 64.
func ShingleK(k int) error {
	if k < 1 || k > 64 {
		return fmt.Errorf("-k must be in [1, 64], not %d", k)
	}
	return nil
}

// NumPerm returns an error unless n, the -num-perm flag, is a signature
// length from 8 to 1024.
func NumPerm(n int) error {
	if n < 8 || n > 1024 {
		return fmt.Errorf("-num-perm must be in [8, 1024], not %d", n)
	}
	return nil
}

// Normalize returns an error unless s, the -normalize flag, names a text
// normalisation: fold or whitespace.
func Normalize(s string) error {
	if s != "fold" && s != "whitespace" {
		return fmt.Errorf("-normalize must be fold or whitespace, not %q", s)
	}
	return nil
}

// MinWords returns an error if n, the -min-words flag, is negative.
func MinWords(n int) error {
	if n < 0 {
		return errors.New("-min-words must not be negative")
	}
	return nil
}

// First returns the first error of the checks errs that is not nil, or
// nil: the checks of a command's flags in the order of its usage text.
func First(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
