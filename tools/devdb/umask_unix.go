//go:build unix

package main

import "syscall"

// restrictNewFiles makes every file and directory this process creates
// readable by its owner only: the SQLite files hold password hashes and emails.
func restrictNewFiles() {
	syscall.Umask(0o077)
}
