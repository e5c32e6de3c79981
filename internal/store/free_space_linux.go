package store

import "syscall"

// freeSpace is the space an unprivileged writer may still use on the file
// system holding dir. known is false for a file system that does not
// count its blocks (some network and FUSE file systems report none).
func freeSpace(dir string) (free uint64, known bool, err error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false, err
	}
	if st.Blocks == 0 {
		return 0, false, nil
	}
	return st.Bavail * uint64(st.Bsize), true, nil
}
