//go:build !unix

package records

import "os"

// lockPath creates the lock file at path, failing if it exists (a weaker
// lock than flock: a crashed run leaves it behind).
func lockPath(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
}
