//go:build tools

// Package tools pins the S3-compatible server the tests store objects in
// (versitygw, serving a plain directory). It is its own module so its
// dependencies stay out of Pluttra's; scripts/test.sh builds it once.
package tools

import _ "github.com/versity/versitygw/cmd/versitygw"
