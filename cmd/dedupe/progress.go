package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/neardup/dedupe"
)

// A progress shows the pass, documents, megabytes, MB/s and, when the total
// input size is known, the ETA on one line of stderr, redrawn a few times a
// second; each pass gets its own line. It is only shown when stderr is a
// terminal. The zero value and a nil *progress show nothing.
type progress struct {
	mu    sync.Mutex
	cur   dedupe.Progress
	total int64 // input bytes, 0 if unknown
	start time.Time
	w     io.Writer
	stopc chan struct{}
	wg    sync.WaitGroup
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	if p, ok := w.(pipeExit); ok {
		w = p.File
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// startProgress starts a progress line on stderr if enabled and stderr is a
// terminal; label names the first pass until the first update.
func startProgress(enabled bool, label string, total int64) *progress {
	p := &progress{total: total, start: time.Now(), cur: dedupe.Progress{Pass: label}}
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

// update records the progress of a pass (dedupe.Options.Progress); a new
// pass starts a new line.
func (p *progress) update(u dedupe.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if u.Pass != p.cur.Pass && p.w != nil && p.cur.Docs > 0 {
		p.drawLocked()
		fmt.Fprintln(p.w)
		p.start = time.Now()
	}
	p.cur = u
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.drawLocked()
}

func (p *progress) drawLocked() {
	el := time.Since(p.start)
	n := p.cur.Bytes
	line := fmt.Sprintf("\r%s: %d docs  %s  %s", p.cur.Pass, p.cur.Docs, bytesHuman(n), rate(n, el))
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
