//go:build tools

// Package tools pins the SMTP server the tests send mail through (mailpit,
// with an API to read what arrived). It is its own module so its
// dependencies stay out of Pluttra's; scripts/test.sh builds it once.
package tools

import _ "github.com/axllent/mailpit"
