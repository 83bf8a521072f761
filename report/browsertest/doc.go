// Package browsertest tests the HTML report of package report in a real
// browser: headless Chromium driven by chromedp.
//
// It is a module of its own so that the users of dedupe inherit neither
// chromedp nor the Go version it needs (1.25). Run it with
//
//	cd report/browsertest && go test ./...
//
// The test skips when Chromium is absent (/usr/bin/chromium, or the path in
// DEDUPE_CHROMIUM), unless DEDUPE_BROWSER_TEST=1, which CI sets: then its
// absence is a failure. DEDUPE_REPORT_SCREENSHOTS=DIR keeps the screenshots
// (PNG) in DIR instead of a temporary folder.
//
// The report of a real run (the shared boiler dev pages and the Reuters
// corpus, cleaned by the command built from this checkout) is tested when
// ../shared/data is beside the clone, or in the folder DEDUPE_SHARED_DATA
// names.
package browsertest
