//go:build !unix

package media

// lowerPriority does nothing where processes have no nice level.
func lowerPriority(int) {}
