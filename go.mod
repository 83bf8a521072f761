module github.com/neardup/dedupe

go 1.24.0

require (
	github.com/RoaringBitmap/roaring/v2 v2.30.0
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/klauspost/compress v1.19.0
	github.com/stretchr/testify v1.12.1
	github.com/zeebo/xxh3 v1.0.2
	golang.org/x/text v0.34.0
)

require (
	github.com/bits-and-blooms/bitset v1.24.4 // indirect
	github.com/klauspost/cpuid/v2 v2.0.9 // indirect
	github.com/mschoch/smat v0.2.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/sys v0.30.0 // indirect
)
