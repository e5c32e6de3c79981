package media

import (
	"os/exec"
	"runtime"
	"syscall"
)

// bindToServer makes a tool that cannot outlive the server: it runs in a
// process group of its own, which is killed whole when its context ends
// (a cancelled item, a server shutting down), and the kernel kills it when
// the server dies (SIGKILL as parent-death signal), even by kill -9.
func bindToServer(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

// holdThread keeps the calling goroutine on its OS thread until release
// is called. Linux sends the parent-death signal when the thread that
// started the child ends, not the process: Go ends a thread when a
// goroutine locked to it returns, so any goroutine that happened to run on
// the starting thread later could kill the tool mid-way. Held from before
// the start until the tool is reaped, the thread runs nothing else and
// outlives the tool.
func holdThread() (release func()) {
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}
