package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// A progress shows documents, megabytes, MB/s and, when the total input size
// is known, the ETA on one line of stderr, redrawn a few times a second. It is
// only shown when stderr is a terminal.
type progress struct {
	docs, bytes atomic.Int64
	total       int64 // input bytes, 0 if unknown
	label       string
	start       time.Time
	w           io.Writer
	stopc       chan struct{}
	wg          sync.WaitGroup
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// startProgress starts a progress line on stderr if enabled and stderr is a
// terminal; the result is nil-safe.
func startProgress(enabled bool, label string, total int64) *progress {
	p := &progress{label: label, total: total, start: time.Now()}
	if !enabled || !isTerminal(stderr) {
		return p
	}
	p.w = stderr
	p.stopc = make(chan struct{})
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.draw()
			case <-p.stopc:
				p.draw()
				fmt.Fprintln(p.w)
				return
			}
		}
	}()
	return p
}

func (p *progress) add(docs, bytes int64) {
	p.docs.Add(docs)
	p.bytes.Add(bytes)
}

func (p *progress) draw() {
	el := time.Since(p.start)
	n := p.bytes.Load()
	line := fmt.Sprintf("\r%s: %d docs  %s  %s", p.label, p.docs.Load(), bytesHuman(n), rate(n, el))
	if p.total > 0 && n > 0 && n <= p.total {
		frac := float64(n) / float64(p.total)
		const width = 20
		bar := make([]byte, width)
		for i := range bar {
			bar[i] = ' '
			if float64(i) < frac*width {
				bar[i] = '#'
			}
		}
		eta := time.Duration(float64(el) * (1/frac - 1))
		line += fmt.Sprintf("  [%s] %3.0f%%  ETA %s", bar, frac*100, eta.Round(time.Second))
	}
	fmt.Fprintf(p.w, "%-78s", line)
}

func (p *progress) stop() {
	if p.stopc != nil {
		close(p.stopc)
		p.wg.Wait()
		p.stopc = nil
	}
}

// inputSize returns the total size of the inputs if every one is an
// uncompressed regular file or folder of such files (so that bytes read can
// be compared with it), else 0.
func inputSize(inputs []string) int64 {
	var total int64
	for _, in := range inputs {
		fi, err := os.Stat(in)
		if err != nil || !fi.Mode().IsRegular() {
			return 0
		}
		f, err := os.Open(in)
		if err != nil {
			return 0
		}
		var head [4]byte
		n, _ := io.ReadFull(f, head[:])
		f.Close()
		if n >= 2 && head[0] == 0x1f && head[1] == 0x8b || n == 4 && head == [4]byte{0x28, 0xb5, 0x2f, 0xfd} {
			return 0
		}
		total += fi.Size()
	}
	return total
}
