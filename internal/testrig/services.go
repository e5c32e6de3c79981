package testrig

import (
	"os"
	"testing"
)

// RequireServicesVar, when "1", turns a missing service into a failure: the
// full test command sets it, so nothing it promises to test is skipped.
const RequireServicesVar = "PLUTTRA_REQUIRE_SERVICES"

// Service returns the value of the environment variable that locates a
// service (a database URL, a browser path). Without it the test is skipped
// with a one-line reason, or fails when services are required.
func Service(t testing.TB, envVar, what string) string {
	t.Helper()
	if v := os.Getenv(envVar); v != "" {
		return v
	}
	if os.Getenv(RequireServicesVar) == "1" {
		t.Fatalf("%s is required but %s is not set", what, envVar)
	}
	t.Skipf("%s not available: set %s (make test does)", what, envVar)
	return ""
}
