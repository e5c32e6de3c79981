// Package csvsafe writes the CSV files Pluttra exports so that a
// spreadsheet opens every cell as text. Exports carry what users typed
// (names of children and staff), and a spreadsheet runs a cell that
// starts with = + - or @ (or a tab or carriage return before one) as a
// formula: a child named =HYPERLINK(...) would become a link, or worse,
// in the admin's spreadsheet. Every export writes through this package.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strings"
)

// formulaStarts are the first characters a spreadsheet may read as the
// start of a formula.
const formulaStarts = "=+-@\t\r"

// Cell returns s as it is safe to write: with a leading apostrophe when it
// starts like a formula, which spreadsheets show as text and do not run.
func Cell(s string) string {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// Writer is encoding/csv's writer with every cell passed through Cell.
type Writer struct {
	w   *csv.Writer
	row []string
}

// NewWriter writes CSV to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record, each cell made safe.
func (w *Writer) Write(record []string) error {
	w.row = w.row[:0]
	for _, c := range record {
		w.row = append(w.row, Cell(c))
	}
	return w.w.Write(w.row)
}

// Flush writes what is buffered to the underlying writer.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports an error of an earlier Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
