package store

import (
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

// dialect holds what differs between SQLite and PostgreSQL: placeholders and
// how constraint violations are reported. Everything else is shared SQL.
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
	return err
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
