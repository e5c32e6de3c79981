// Package pluttra holds the domain: the organisation model, the error codes
// every layer speaks, and the small interfaces through which the web layer
// reaches storage. It imports nothing of Pluttra's own, so every other package
// can depend on it without cycles.
package pluttra
