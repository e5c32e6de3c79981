//go:build !linux

package media

import "os/exec"

// bindToServer leaves the tool as exec makes it where there is no
// parent-death signal: killed when its context ends.
func bindToServer(*exec.Cmd) {}

// holdThread has nothing to hold where no parent-death signal is set.
func holdThread() (release func()) { return func() {} }
