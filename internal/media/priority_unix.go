//go:build unix

package media

import "syscall"

// lowerPriority gives a tool the lowest CPU priority: a transcode uses
// whatever the pages leave, so pages answer as fast while one runs. A
// failure (a platform that refuses) leaves the tool at normal priority.
func lowerPriority(pid int) {
	syscall.Setpriority(syscall.PRIO_PROCESS, pid, 19)
}
