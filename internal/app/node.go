package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// nodeFile holds the node's name in the data directory.
const nodeFile = "node-id"

// nodeID is this server's name among the nodes sharing a database, the
// same across its restarts: made at first start and kept in the data
// directory, which is the node's own (its uploads gather there). A node
// that restarts knows by it which media claims were its own and takes
// them back at once; it never touches another node's. A node started
// afresh on an empty data directory is a new node, and what the old one
// held is free when its short claims run out.
func nodeID(dataDir string) (string, error) {
	path := filepath.Join(dataDir, nodeFile)
	b, err := os.ReadFile(path)
	if err == nil && len(strings.TrimSpace(string(b))) > 0 {
		return strings.TrimSpace(string(b)), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("node id: %w", err)
	}
	var r [16]byte
	rand.Read(r[:])
	id := hex.EncodeToString(r[:])
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return "", fmt.Errorf("node id: %w", err)
	}
	// Written aside and renamed, so a crash never leaves half a name.
	tmp := path + ".new"
	if err := os.WriteFile(tmp, []byte(id+"\n"), 0o640); err != nil {
		return "", fmt.Errorf("node id: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("node id: %w", err)
	}
	return id, nil
}
