package main

import (
	"bufio"
	"fmt"
	"os"
	"time"

	"github.com/neardup/dedupe/boiler"
)

func runLearn(args []string) error {
	var c cleanConfig
	var prune int
	fs := newFlagSet("learn")
	c.in.register(fs)
	c.run.register(fs)
	fs.StringVar(&c.out, "o", "", "write the model to `MODEL`")
	fs.IntVar(&prune, "prune", 0, "drop fragments seen on fewer than `N` pages of their site, to make the model smaller (0 keeps all)")
	inputs, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if c.out == "" {
		return usagef("learn: missing -o MODEL")
	}
	if len(inputs) == 0 {
		return usagef("learn: no INPUT")
	}
	if c.run.j < 1 {
		return usagef("-j must be at least 1")
	}
	c.in.forbid(c.out)
	stop, err := c.run.profile()
	if err != nil {
		return err
	}
	defer stop()
	c.sim = simFlags{threshold: 0.8, k: 5, numPerm: 128, normalize: "fold"}
	so, mo, err := c.sim.options()
	if err != nil {
		return err
	}
	t0 := time.Now()
	m, _, err := c.learn(inputs, so, mo, inputSize(inputs))
	if err != nil {
		return err
	}
	if prune > 0 {
		m.Prune(prune)
	}
	o, err := createOutput(c.out)
	if err != nil {
		return err
	}
	defer o.Abort()
	if _, err := m.WriteTo(o); err != nil {
		return fmt.Errorf("writing %s: %w", c.out, err)
	}
	if err := o.Commit(); err != nil {
		return err
	}
	if !c.run.quiet {
		printf(stderr, "learn: %d sites in %s\n", m.Sites(), dur(time.Since(t0)))
	}
	return nil
}

// loadModel reads a boilerplate model saved by learn.
func loadModel(path string) (*boiler.Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := new(boiler.Model)
	if _, err := m.ReadFrom(bufio.NewReader(f)); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func runStrip(args []string) error {
	var c cleanConfig
	fs := newFlagSet("strip")
	c.in.register(fs)
	c.run.register(fs)
	fs.StringVar(&c.model, "model", "", "the boilerplate model `MODEL` written by learn")
	fs.StringVar(&c.out, "o", "", "write the stripped corpus to `OUT` (- for stdout)")
	fs.StringVar(&c.log, "log", "", "write the removal log to `PATH` (default OUT.removed.jsonl)")
	inputs, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case c.model == "":
		return usagef("strip: missing -model MODEL")
	case c.out == "":
		return usagef("strip: missing -o OUT")
	case len(inputs) == 0:
		return usagef("strip: no INPUT")
	}
	c.sim = simFlags{threshold: 0.8, k: 5, numPerm: 128, normalize: "fold"}
	c.rep = repeatFlags{threshold: 0.8, minWords: 10}
	c.noRepeats, c.noDup = true, true
	stop, err := c.run.profile()
	if err != nil {
		return err
	}
	defer stop()
	return c.clean(inputs)
}
