package web

import (
	"time"

	"github.com/pluttra/pluttra/internal/access"
)

// formatStockholm shows an instant as the date and time on a clock in
// Sweden, as every page writes when something happened.
func formatStockholm(t time.Time) string {
	return t.In(access.Stockholm).Format("2006-01-02 15:04")
}
