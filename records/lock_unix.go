//go:build unix

package records

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockPath creates (or opens) the lock file at path and takes an exclusive
// lock on it without waiting: if another process, or this one, holds it,
// it fails. The lock is checked to be on the file still at path, since a
// holder removes it when done.
func lockPath(path string) (*os.File, error) {
	for range 3 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, errors.New("another run is writing this output (locked by " + path + ")")
			}
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		fi, err1 := f.Stat()
		pi, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(fi, pi) {
			return f, nil
		}
		f.Close() // removed by its last holder in the meantime: again
	}
	return nil, fmt.Errorf("locking %s: the lock file keeps changing", path)
}
