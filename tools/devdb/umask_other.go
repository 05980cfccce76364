//go:build !unix

package main

// restrictNewFiles has nothing to do where there is no umask; the directory's
// own permissions (ACLs on Windows) decide who may read the files.
func restrictNewFiles() {}
