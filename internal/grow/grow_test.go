package grow

import (
	"slices"
	"testing"
)

func TestRoom(t *testing.T) {
	s := make([]int, 3, 4)
	copy(s, []int{1, 2, 3})
	if r := Room(s, 1); &r[:4][3] != &s[:4][3] {
		t.Fatal("Room(s, 1) reallocated a slice with room for one more")
	}
	r := Room(s, 2)
	if !slices.Equal(r, []int{1, 2, 3}) || cap(r) != 8 {
		t.Fatalf("Room(s, 2) = %v cap %d, want [1 2 3] cap 8", r, cap(r))
	}
	if r := Room(s, 100); len(r) != 3 || cap(r) != 103 {
		t.Fatalf("Room(s, 100): len %d cap %d, want 3 and 103", len(r), cap(r))
	}
	if r := Room([]byte(nil), 0); r != nil {
		t.Fatalf("Room(nil, 0) = %v, want nil", r)
	}
}

func TestLen(t *testing.T) {
	s := make([]int, 0, 10)
	if r := Len(s, 10); len(r) != 10 || &r[0] != &s[:1][0] {
		t.Fatal("Len(s, cap(s)) did not reuse s's array")
	}
	if r := Len(s, 11); len(r) != 11 || cap(r) != 20 {
		t.Fatalf("Len(s, 11): len %d cap %d, want 11 and 20", len(r), cap(r))
	}
	if r := Len(s, 50); len(r) != 50 || cap(r) != 50 {
		t.Fatalf("Len(s, 50): len %d cap %d, want 50 and 50", len(r), cap(r))
	}
}
