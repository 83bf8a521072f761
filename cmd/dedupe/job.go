package main

import (
	"flag"

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

// start opens inputs (none of which may be one of outputs), starts the CPU
// profile and a progress line labelled name, and sets the workers,
// temporary files and progress of o. finish ends what start started.
func (j *job) start(name string, o *dedupe.Options, inputs []string, outputs ...string) error {
	if len(inputs) == 0 {
		return usagef("%s: no INPUT", name)
	}
	if err := j.run.apply(o); err != nil {
		return err
	}
	src, err := j.in.files(inputs, outputs...)
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

// create starts writing a result file at path ("-" for standard output).
func create(path string) (*records.Output, error) {
	return records.Create(path, records.OutputOptions{Stdout: stdout, Temps: temps})
}
