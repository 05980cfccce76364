// Command devdb runs an embedded FerretDB (a MongoDB wire-protocol server) on a
// loopback port, so that the project can start with a real MongoDB-compatible
// database on machines where no MongoDB is installed.
//
// It prints one JSON line {"uri": "..."} on stdout once it accepts connections,
// and exits when stdin is closed or on SIGINT/SIGTERM, so a parent process that
// dies never leaves it running.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	_ "net/http/pprof" // served only when -pprof (or DEVDB_PPROF) names an address
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	handler := flag.String("handler", "sqlite", "storage handler: sqlite or postgresql")
	dir := flag.String("dir", ".data/devdb", "directory for SQLite files (sqlite handler)")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL URL (postgresql handler)")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error")
	pprofAddr := flag.String("pprof", os.Getenv("DEVDB_PPROF"), "address for Go's profiler endpoints (/debug/pprof/), off when empty")
	flag.Parse()
	restrictNewFiles()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	cfg := ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *addr},
		Handler:  *handler,
		Logger:   logger,
	}
	switch *handler {
	case "sqlite":
		abs, err := filepath.Abs(*dir)
		if err != nil {
			fail("bad -dir: %v", err)
		}
		if err := os.MkdirAll(abs, 0o700); err != nil {
			fail("cannot create %s: %v", abs, err)
		}
		if err := ownerOnly(abs); err != nil {
			fail("cannot restrict %s to its owner: %v", abs, err)
		}
		cfg.SQLiteURL = "file:" + abs + "/"
	case "postgresql":
		if *pgURL == "" {
			fail("-postgresql-url is required with -handler postgresql")
		}
		cfg.PostgreSQLURL = *pgURL
	default:
		fail("unknown -handler %q", *handler)
	}

	if *pprofAddr != "" {
		// For finding where the database spends its time under a benchmark.
		go func() { logger.Warn("devdb: profiler stopped", "err", http.ListenAndServe(*pprofAddr, nil)) }()
	}

	f, err := ferretdb.New(&cfg)
	if err != nil {
		fail("%v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)

	// The parent holds our stdin open; EOF means it is gone.
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel()
	}()

	done := make(chan struct{})
	go func() {
		_ = f.Run(ctx)
		close(done)
	}()

	// MongoDBURI blocks until the listener is bound, which makes it the readiness signal.
	uri := f.MongoDBURI()
	if idIndexesEnabled() {
		ix, err := newIDIndexer(logger, *handler, strings.TrimPrefix(cfg.SQLiteURL, "file:"), *pgURL)
		if err != nil {
			fail("%v", err)
		}
		// The first pass runs before we report ready, so existing collections are
		// indexed before the first query (once per table: later passes find nothing to do).
		if err := ix.pass(ctx); err != nil {
			logger.Warn("devdb: could not add _id lookup indexes", "err", err)
		}
		go ix.run(ctx)
	}
	line, _ := json.Marshal(map[string]string{"uri": uri})
	fmt.Println(string(line))

	<-done
}

// ownerOnly takes read access away from everyone but the owner, for data
// directories made before devdb set its umask (they were 0755, files 0644).
func ownerOnly(dir string) error {
	return filepath.WalkDir(dir, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if entry.IsDir() {
			return os.Chmod(path, 0o700)
		}
		if entry.Type().IsRegular() {
			return os.Chmod(path, 0o600)
		}
		return nil
	})
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "devdb: "+format+"\n", args...)
	os.Exit(2)
}
