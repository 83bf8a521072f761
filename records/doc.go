// Package records reads and writes the documents of a corpus: record
// sources (JSON Lines files, plain or gzip- or zstd-compressed, standard
// input, plain text files, folders, Parquet files, WARC and WET files) and
// sinks (JSON Lines written atomically, optionally compressed, and Parquet
// files).
//
// A Record carries its id, text, url and site, where it was read (file and
// line, for error messages), and its input bytes, so that an encoder writes
// it back with only the text changed: every other member of a JSON object,
// or every other column of a Parquet row, is carried through unchanged.
// Field (and column) names are set with Fields.
//
// Sources are read with Each, in a fixed order, as often as needed: the
// cleaning engine reads its input twice (learning, then cleaning). Records
// of JSON Lines are decoded lazily (Record.Decode), so that a consumer
// parses on all its workers, and their input lines are copied into
// recycled buffers (Record.Release).
//
// JSON is scanned by hand rather than with encoding/json: the engine only
// needs four members and carries the others through as raw bytes, and
// json.Decoder token by token ran at about 60 MB/s on generated records,
// this scanner at several hundred (FuzzObjectFields checks it against
// encoding/json).
package records
