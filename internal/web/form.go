package web

import "github.com/pluttra/pluttra/internal/pluttra"

// formErrors maps a form field to the i18n key of what is wrong with it;
// the "" field holds an error about the form as a whole.
type formErrors map[string]string

// add records err against its field; errors that are not about input
// are returned for the caller to fail with.
func (f formErrors) add(err error) error {
	if pluttra.ErrorCode(err) != pluttra.EINVALID {
		return err
	}
	f[pluttra.ErrorField(err)] = pluttra.ErrorKey(err)
	return nil
}
