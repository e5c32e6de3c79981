package pluttra

// TOTP is a user's second factor. Secret is sealed with the installation's
// key; LastStep is the newest time step accepted, so no code works twice.
type TOTP struct {
	OrgID     int64
	UserID    int64
	Sealed    []byte
	Confirmed bool
	LastStep  int64
}

// NeedsMFA reports whether a user must give a second factor to log in:
// staff and admins, when their organisation requires it.
func NeedsMFA(u *User, o *Organisation) bool {
	return o.RequireStaffMFA && (u.Kind == KindStaff || u.Kind == KindOrgAdmin)
}
