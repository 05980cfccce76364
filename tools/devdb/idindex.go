package main

// FerretDB 1.24 creates an index for `_id` on both backends, but neither matches
// the SQL it sends for an `_id` lookup, so every lookup and every update by `_id`
// reads the whole table:
//
//   - SQLite: the index is on `_ferretdb_sjson->"_id"`, the WHERE clause is
//     `_ferretdb_sjson->'$._id' = ?`. SQLite only uses an expression index whose
//     expression matches the query's, so it scans (EXPLAIN QUERY PLAN: SCAN).
//   - PostgreSQL: the index is a btree on `(_jsonb->'_id')`, the WHERE clause is
//     `_jsonb->'_id' @> $1`, an operator a btree cannot serve (EXPLAIN: Seq Scan).
//
// FerretDB keeps its own list of indexes in its metadata and ignores tables'
// other indexes, so devdb adds one index per collection table that matches the
// pushed-down expression: an expression index on `_ferretdb_sjson->'$._id'` on
// SQLite, a GIN (jsonb_path_ops) index on `(_jsonb->'_id')` on PostgreSQL.
// Collections appear while the server runs (and in tests, all the time), so the
// catalogue is looked at again every idIndexInterval for tables without the index;
// a dropped collection drops its index with its table.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // the "sqlite" driver FerretDB itself uses
)

const idIndexInterval = time.Second

// idIndexer adds the matching `_id` index to collection tables that lack it.
type idIndexer struct {
	logger *slog.Logger
	// sqliteDir is the SQLite handler's directory ("" with PostgreSQL).
	sqliteDir string
	// pg is the PostgreSQL handler's database (nil with SQLite).
	pg *sql.DB
}

func newIDIndexer(logger *slog.Logger, handler, sqliteDir, pgURL string) (*idIndexer, error) {
	ix := &idIndexer{logger: logger}
	switch handler {
	case "sqlite":
		ix.sqliteDir = sqliteDir
	case "postgresql":
		db, err := sql.Open("pgx", pgURL)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(1)
		ix.pg = db
	}
	return ix, nil
}

// run indexes what exists, then keeps looking until ctx ends.
func (ix *idIndexer) run(ctx context.Context) {
	ticker := time.NewTicker(idIndexInterval)
	defer ticker.Stop()
	for {
		if err := ix.pass(ctx); err != nil && ctx.Err() == nil {
			ix.logger.Warn("devdb: could not add _id lookup indexes", "err", err)
		}
		select {
		case <-ctx.Done():
			ix.close()
			return
		case <-ticker.C:
		}
	}
}

func (ix *idIndexer) close() {
	if ix.pg != nil {
		_ = ix.pg.Close()
	}
}

func (ix *idIndexer) pass(ctx context.Context) error {
	if ix.pg != nil {
		return ix.passPostgreSQL(ctx)
	}
	return ix.passSQLite(ctx)
}

func (ix *idIndexer) passSQLite(ctx context.Context) error {
	files, err := filepath.Glob(filepath.Join(ix.sqliteDir, "*.sqlite"))
	if err != nil {
		return err
	}
	for _, file := range files {
		if err := indexSQLiteFile(ctx, file); err != nil {
			return err
		}
	}
	return nil
}

// indexSQLiteFile opens the file for this pass only: FerretDB deletes a database's file
// when the database is dropped, and a connection kept open would go on writing to the
// deleted file rather than to the new one of the same name.
func indexSQLiteFile(ctx context.Context, file string) error {
	// Same pragmas as FerretDB's own connections: WAL lets this one write an index
	// while FerretDB reads, and the busy timeout waits out FerretDB's writes.
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tables, err := stringColumn(ctx, db,
		`SELECT m.name FROM sqlite_master m
		 WHERE m.type = 'table' AND m.name NOT LIKE '\_ferretdb\_%' ESCAPE '\'
		   AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = '_ferretdb_sjson')
		   AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.name = m.name || '_id_lookup')`)
	if err != nil {
		return err
	}
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (_ferretdb_sjson->'$._id')`,
			quoteSQLite(table+"_id_lookup"), quoteSQLite(table))
		if _, err := db.ExecContext(ctx, q); err != nil && !isGone(err) {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	return nil
}

func (ix *idIndexer) passPostgreSQL(ctx context.Context) error {
	rows, err := ix.pg.QueryContext(ctx,
		`SELECT c.table_schema, c.table_name FROM information_schema.columns c
		 WHERE c.column_name = '_jsonb' AND c.table_name NOT LIKE '\_ferretdb\_%'
		   AND NOT EXISTS (SELECT 1 FROM pg_indexes i WHERE i.schemaname = c.table_schema
		                   AND i.tablename = c.table_name AND i.indexname = left(c.table_name, 50) || '_id_gin')`)
	if err != nil {
		return err
	}
	type table struct{ schema, name string }
	var tables []table
	for rows.Next() {
		var t table
		if err := rows.Scan(&t.schema, &t.name); err != nil {
			_ = rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	_ = rows.Close()
	for _, t := range tables {
		// PostgreSQL limits names to 63 bytes; FerretDB's table names are short enough plus a hash.
		index := pgx.Identifier{left(t.name, 50) + "_id_gin"}.Sanitize()
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((_jsonb->'_id') jsonb_path_ops)`,
			index, pgx.Identifier{t.schema, t.name}.Sanitize())
		if _, err := ix.pg.ExecContext(ctx, q); err != nil {
			if isGone(err) {
				continue
			}
			return fmt.Errorf("%s.%s: %w", t.schema, t.name, err)
		}
	}
	return nil
}

func stringColumn(ctx context.Context, db *sql.DB, q string) ([]string, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func quoteSQLite(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// left is PostgreSQL's left(): the catalogue query above names the index the same way.
func left(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// isGone says whether a table vanished between listing and indexing (a dropped collection).
func isGone(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "no such table") || strings.Contains(msg, "does not exist")
}

// idIndexesEnabled lets the extra indexes be switched off (DEVDB_ID_INDEXES=0), to measure without them.
func idIndexesEnabled() bool {
	return os.Getenv("DEVDB_ID_INDEXES") != "0"
}
