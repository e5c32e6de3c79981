// Package testrig gives tests what they stand on: a fresh store on either
// database, the services the test command starts, and the fixture world of
// the access policy, written in Go so it loads into SQLite and PostgreSQL.
package testrig
