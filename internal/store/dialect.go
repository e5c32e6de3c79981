package store

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/pluttra/pluttra/internal/pluttra"
)

// dialect holds what differs between SQLite and PostgreSQL: placeholders,
// and how constraint violations, a full disk and a database that does not
// answer are reported. Everything else is shared SQL.
type dialect struct {
	name      string
	dollarArg bool // PostgreSQL numbers its placeholders: $1, $2, ...
}

// rebind turns ? placeholders into $n for PostgreSQL. Our SQL never has a
// question mark inside a string literal, so a plain scan is enough.
func (d dialect) rebind(q string) string {
	if !d.dollarArg || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// constraint kinds a driver error can be, independent of the database.
const (
	violationNone = iota
	violationUnique
	violationForeignKey
	violationCheck
)

func violation(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return violationUnique
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return violationForeignKey
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return violationCheck
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return violationUnique
		case "23503":
			return violationForeignKey
		case "23514", "23502":
			return violationCheck
		}
	}
	return violationNone
}

// domainError turns driver errors into the domain's: no rows and a
// reference into another organisation read as not found, a duplicate as a
// conflict explained by conflictKey.
func domainError(err error, what, conflictKey string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return pluttra.NotFound(what)
	}
	switch violation(err) {
	case violationUnique:
		return pluttra.Conflict(conflictKey, err)
	case violationForeignKey:
		return &pluttra.Error{Code: pluttra.ENOTFOUND, Key: "error.not_found", Err: err}
	case violationCheck:
		return &pluttra.Error{Code: pluttra.EINVALID, Key: "error.invalid", Err: err}
	}
	return storageError(err)
}

// storageError turns the driver's reports that the database cannot take a
// call now into the domain's: a full disk (SQLite's SQLITE_FULL,
// PostgreSQL's disk_full, 53100) becomes StorageFull, and a deadline
// passed, a server that cannot be reached, a statement or lock timeout or
// a server shutting down become Unavailable. Anything else, including
// sql.ErrNoRows and errors already the domain's, is returned unchanged.
func storageError(err error) error {
	if err == nil {
		return nil
	}
	var de *pluttra.Error
	if errors.As(err, &de) {
		return err
	}
	switch {
	case diskFull(err):
		return pluttra.StorageFull(err)
	case unanswered(err):
		return pluttra.Unavailable(err)
	}
	return err
}

// diskFull reports a write the database refused for want of disk space.
// SQLite says so for the file it could not grow, the main database or its
// write-ahead log alike.
func diskFull(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_FULL {
		return true
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "53100"
}

// unanswered reports a call that got no answer in time: its deadline
// passed (the driver's own timeouts included), the server could not be
// reached, PostgreSQL ended it by statement_timeout (57014) or
// lock_timeout (55P03) or is shutting down or starting (57P01, 57P03), or
// SQLite found the file locked by another process past its busy timeout.
func unanswered(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "57014", "55P03", "57P01", "57P03":
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// requireOne reports NotFound when an UPDATE or DELETE matched no row, which
// is how a foreign organisation's id shows up.
func requireOne(res sql.Result, err error, what string) error {
	if err != nil {
		return domainError(err, what, "error.conflict")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return pluttra.NotFound(what)
	}
	return nil
}

// redactURL drops the password from a database URL before it reaches a message.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return u.Redacted()
}
