package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// runVersion is "dedupe version": the build's module version, the commit
// it was built from (the VCS stamp of go build), and Go's version and
// platform, so that a run can be reproduced and a report filed with it.
func runVersion(args []string) error {
	fs := newFlagSet("version")
	args, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return usagef("version: no arguments expected, got %q", args[0])
	}
	info, _ := debug.ReadBuildInfo()
	_, err = fmt.Fprintln(stdout, versionLine(info))
	return err
}

// versionLine describes the build info (nil when the binary has none):
// "dedupe VERSION [COMMIT TIME [modified]] GOVERSION OS/ARCH", the commit
// left out when VERSION names it.
func versionLine(info *debug.BuildInfo) string {
	s := "dedupe (unknown)"
	if info != nil {
		s = "dedupe " + info.Main.Version
		var rev, at, modified string
		for _, kv := range info.Settings {
			switch kv.Key {
			case "vcs.revision":
				rev = kv.Value[:min(len(kv.Value), 12)]
			case "vcs.time":
				at = kv.Value
			case "vcs.modified":
				if kv.Value == "true" {
					modified = " modified"
				}
			}
		}
		// Go 1.24 and later stamp a build in its repository with a
		// pseudo-version that names the commit already (and +dirty).
		if rev != "" && !strings.Contains(info.Main.Version, rev) {
			s += " " + rev + " " + at + modified
		}
	}
	return fmt.Sprintf("%s %s %s/%s", s, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
