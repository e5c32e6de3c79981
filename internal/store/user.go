package store

import (
	"context"
	"database/sql"
	"net/mail"
	"strings"

	"github.com/pluttra/pluttra/internal/pluttra"
)

const userColumns = `u.id, u.org_id, u.kind, u.email, u.name, u.language, u.password_hash, u.active, u.created_at`

func scanUser(r interface{ Scan(...any) error }) (pluttra.User, error) {
	var u pluttra.User
	err := r.Scan(&u.ID, &u.OrgID, &u.Kind, &u.Email, &u.Name, &u.Language, &u.PasswordHash, &u.Active, &u.CreatedAt)
	return u, err
}

// CreateUser adds an active account; the email is stored normalised.
func (s *Store) CreateUser(ctx context.Context, orgID int64, u *pluttra.User) error {
	u.Email = pluttra.NormalizeEmail(u.Email)
	if addr, err := mail.ParseAddress(u.Email); err != nil || addr.Address != u.Email {
		return pluttra.Invalid("email", "error.email")
	}
	if strings.TrimSpace(u.Name) == "" {
		return pluttra.Invalid("name", "error.required")
	}
	if !u.Kind.Valid() {
		return pluttra.Invalid("kind", "error.invalid")
	}
	u.CreatedAt = s.now().UTC()
	u.Active = true
	err := s.change(ctx, orgID, pluttra.ChangeUserCreate, "user", func(tx *txn) (int64, int64, error) {
		id, err := tx.insert(ctx, `INSERT INTO users (org_id, kind, email, name, language, password_hash, active, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			orgID, u.Kind, u.Email, u.Name, u.Language, u.PasswordHash, u.Active, u.CreatedAt)
		u.ID = id
		return id, 0, err
	})
	if err != nil {
		return domainError(err, "organisation", "error.email_taken")
	}
	u.OrgID = orgID
	return nil
}

// User reads one account of the organisation.
func (s *Store) User(ctx context.Context, orgID, userID int64) (*pluttra.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users u
		WHERE u.org_id = ? AND u.id = ?`, orgID, userID))
	if err != nil {
		return nil, domainError(err, "user", "")
	}
	return &u, nil
}

// Users lists the organisation's accounts by kind, then name.
func (s *Store) Users(ctx context.Context, orgID int64) ([]pluttra.User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users u WHERE u.org_id = ? ORDER BY u.kind, u.name, u.id`, orgID)
	return collect(rows, err, func(r *sql.Rows) (pluttra.User, error) { return scanUser(r) })
}

// UsersByEmail finds an address's accounts in every organisation, for login.
func (s *Store) UsersByEmail(ctx context.Context, email string) ([]pluttra.User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email = ? ORDER BY u.id`,
		pluttra.NormalizeEmail(email))
	return collect(rows, err, func(r *sql.Rows) (pluttra.User, error) { return scanUser(r) })
}

// SetPasswordHash replaces the user's password hash.
func (s *Store) SetPasswordHash(ctx context.Context, orgID, userID int64, hash string) error {
	return s.change(ctx, orgID, pluttra.ChangeUserPassword, "user", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE users SET password_hash = ? WHERE org_id = ? AND id = ?`, hash, orgID, userID)
		return userID, 0, requireOne(res, err, "user")
	})
}

// SetLanguage stores the user's chosen language ("" follows the browser).
func (s *Store) SetLanguage(ctx context.Context, orgID, userID int64, lang string) error {
	res, err := s.exec(ctx, `UPDATE users SET language = ? WHERE org_id = ? AND id = ?`, lang, orgID, userID)
	return requireOne(res, err, "user")
}

// DeactivateUser ends the account and every session of it in one transaction.
func (s *Store) DeactivateUser(ctx context.Context, orgID, userID int64) error {
	return s.change(ctx, orgID, pluttra.ChangeUserDeactivate, "user", func(tx *txn) (int64, int64, error) {
		res, err := tx.exec(ctx, `UPDATE users SET active = ? WHERE org_id = ? AND id = ?`, false, orgID, userID)
		if err := requireOne(res, err, "user"); err != nil {
			return 0, 0, err
		}
		_, err = tx.exec(ctx, `DELETE FROM sessions WHERE org_id = ? AND user_id = ?`, orgID, userID)
		return userID, 0, err
	})
}
