package main

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/records"
)

// A job is what every command reading a corpus shares: its input and run
// flags, the source, the CPU profile and the progress line.
type job struct {
	in          inputFlags
	run         runFlags
	src         *records.Files
	prog        *progress
	stopProfile func() error
}

func (j *job) register(fs *flag.FlagSet) {
	j.in.register(fs)
	j.run.register(fs)
}

// A file is a path that a command reads or writes besides its inputs,
// with what names it: its flag ("-model") or its place in the command
// line ("LOG"). See job.start.
type file struct {
	name, path string
	write      bool
}

// reading and writing name a file read (a model, an index) and one
// written.
func reading(name, path string) file { return file{name, path, false} }
func writing(name, path string) file { return file{name, path, true} }

func (f file) String() string { return f.name + " " + f.path }

// named reports whether f names a file: not "" (a flag not given) or "-"
// (standard input or output).
func (f file) named() bool { return f.path != "" && f.path != "-" }

// start opens inputs, starts the CPU profile and a progress line labelled
// name, and sets the workers, temporary files and progress of o. files
// are the command's other files, read and written (start adds the
// profiles): before anything is written, none that is written may be
// one that is read, an input included, or another one written
// (checkFiles). finish ends what start started.
func (j *job) start(name string, o *dedupe.Options, inputs []string, files ...file) error {
	if len(inputs) == 0 {
		return usagef("%s: no INPUT", name)
	}
	if err := j.run.apply(o); err != nil {
		return err
	}
	files = append(slices.Clip(files), writing("-cpuprofile", j.run.cpuprofile), writing("-memprofile", j.run.memprofile))
	var others []string
	for _, f := range files {
		others = append(others, f.path)
	}
	for _, p := range inputs {
		files = append(files, reading("INPUT", p))
	}
	if err := checkFiles(files); err != nil {
		return err
	}
	src, err := j.in.files(inputs, others...)
	if err != nil {
		return err
	}
	stop, err := j.run.profile()
	if err != nil {
		src.Close()
		return err
	}
	j.src, j.stopProfile = src, stop
	j.prog = startProgress(!j.run.quiet, name, src.Size())
	o.Progress = j.prog.update
	return nil
}

// checkFiles returns a usage error if a file of files that is written
// names the same file as another one written, or if it exists and is one
// that is read or lies in a folder that is read. It runs before any
// output is written: a profile is written in place from the start, and
// a run that replaced its model, its index or its removal log with
// another output would lose it. Files not named are skipped.
func checkFiles(files []file) error {
	for i, w := range files {
		if !w.write || !w.named() {
			continue
		}
		for _, f := range files[:i] {
			if f.write && f.named() && sameFile(f.path, w.path) {
				return usagef("%s and %s name the same file", f, w)
			}
		}
		wi, err := os.Stat(w.path)
		if err != nil {
			continue // a new file replaces nothing that is read
		}
		for _, r := range files {
			if r.write || !r.named() {
				continue
			}
			ri, err := os.Stat(r.path)
			if err == nil && (os.SameFile(ri, wi) || ri.IsDir() && inside(r.path, w.path)) {
				return usagef("%s would replace %s, which is read; write it elsewhere", w, r)
			}
		}
	}
	return nil
}

// sameFile reports whether paths a and b name one file: the same file if
// both exist, else the same absolute path.
func sameFile(a, b string) bool {
	ai, aerr := os.Stat(a)
	bi, berr := os.Stat(b)
	if aerr == nil && berr == nil {
		return os.SameFile(ai, bi)
	}
	aa, err1 := filepath.Abs(a)
	ba, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == ba
}

// inside reports whether path lies in the folder dir, symbolic links
// resolved.
func inside(dir, path string) bool {
	d, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	p, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false
	}
	if d, err = filepath.Abs(d); err != nil {
		return false
	}
	if p, err = filepath.Abs(p); err != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// finish stops the progress line and the profiles and removes the copy of
// standard input; it is a no-op if start failed or finish already ran. It
// returns the error of writing a profile: the deferred call that covers
// a failed run drops it (the run's error comes first), the call after a
// run that succeeded returns it.
func (j *job) finish() error {
	return j.end(nil)
}

// end finishes the job (finish) after a run that returned err, and returns
// err, or the error of writing a profile if the run succeeded.
func (j *job) end(err error) error {
	if j.src == nil {
		return err
	}
	j.prog.stop()
	j.src.Close()
	j.src = nil
	if perr := j.stopProfile(); err == nil {
		err = perr
	}
	return err
}

// create starts writing a result file at path ("-" for standard output):
// a model, an index, pairs, groups, a report or a generated corpus,
// compressed when its name ends in .gz or .zst. Only clean and strip write
// Parquet: a .parquet path here is a usage error, not a failure after the
// run.
func create(path string) (*records.Output, error) {
	if records.IsParquet(path) {
		return nil, usagef("%s: only clean and strip write Parquet (their -o and -log); give this output another name", path)
	}
	return records.Create(path, records.OutputOptions{Stdout: stdout, Temps: temps})
}

// createIf is create for an optional output: nil for no path.
func createIf(path string) (*records.Output, error) {
	if path == "" {
		return nil, nil
	}
	return create(path)
}
