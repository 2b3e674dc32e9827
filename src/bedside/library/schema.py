"""The library's SQLite schema as an ordered list of migrations.

A small versioned-migration scheme rather than Alembic: the schema is a handful of tables plus
an FTS5 virtual table, which SQLAlchemy/Alembic cannot describe anyway, and ingest speed
depends on issuing plain `executemany` statements. Each migration is a list of statements run
in one transaction; `PRAGMA user_version` records how many have been applied, so opening an
older library upgrades it in place and opening a newer one is refused with a clear message.
"""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
    # 1: records, their lexical index, ingest log and deletion tombstones.
    [
        """
        CREATE TABLE records (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            year INTEGER,
            pub_date TEXT NOT NULL DEFAULT '',
            retracted INTEGER NOT NULL DEFAULT 0,
            version INTEGER NOT NULL DEFAULT 1,
            revised TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            publication_types TEXT NOT NULL DEFAULT '[]',
            digest TEXT NOT NULL,
            doc TEXT NOT NULL,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX records_kind ON records(kind)",
        "CREATE INDEX records_year ON records(year)",
        # The lexical index: rowid = records.rowid, written in the same transaction as the record.
        """
        CREATE VIRTUAL TABLE records_fts USING fts5(
            title, abstract, mesh,
            tokenize = 'porter unicode61 remove_diacritics 2'
        )
        """,
        """
        CREATE TABLE ingests (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            added INTEGER NOT NULL DEFAULT 0,
            replaced INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            deleted INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0
        )
        """,
        "CREATE TABLE deletions (id TEXT PRIMARY KEY, deleted_at TEXT NOT NULL, source TEXT NOT NULL)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO meta(key, value) VALUES ('generation', '0')",
    ],
    # 2: dense vectors, one row per record: the whole-document vector and one per sentence.
    [
        """
        CREATE TABLE vectors (
            rowid INTEGER PRIMARY KEY REFERENCES records(rowid) ON DELETE CASCADE,
            model TEXT NOT NULL,
            digest TEXT NOT NULL,
            doc BLOB NOT NULL,
            sentences BLOB NOT NULL,
            n_sentences INTEGER NOT NULL
        )
        """,
    ],
    # 3: articles (asked questions kept as overviews, with their review status and follow-up
    # thread) and their re-compositions for other audiences ("Which best describes you?").
    [
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            question TEXT NOT NULL,
            search_text TEXT NOT NULL DEFAULT '',
            audience TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'submitted',
            overview TEXT NOT NULL,
            parent_id TEXT REFERENCES articles(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX articles_created ON articles(created_at)",
        "CREATE INDEX articles_parent ON articles(parent_id)",
        """
        CREATE TABLE article_versions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            audience TEXT NOT NULL,
            overview TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (article_id, audience)
        )
        """,
    ],
    # 4: the lexical index in one spelling (`text.spelling.fold`, registered on every connection
    # as bedside_fold): British and American forms and Greek letters index as one word. The
    # index keeps its own copy of the text, so it is rebuilt from that copy.
    [
        "CREATE TEMP TABLE fts_plain AS SELECT rowid AS r, title, abstract, mesh FROM records_fts",
        "DELETE FROM records_fts",
        "INSERT INTO records_fts(rowid, title, abstract, mesh)"
        " SELECT r, bedside_fold(title), bedside_fold(abstract), bedside_fold(mesh) FROM temp.fts_plain",
        "DROP TABLE temp.fts_plain",
    ],
    # 5: token vectors beside the record's vectors (`bedside.library.tokens`): int8, TOKEN_DIM wide,
    # and the token ids they belong to. Rows from before have none and are embedded again.
    [
        "ALTER TABLE vectors ADD COLUMN tokens BLOB",
        "ALTER TABLE vectors ADD COLUMN token_ids BLOB",
    ],
    # 6: token vectors in 4 bits a dimension instead of 8 (half the size, the same ranking): those
    # written under schema 5 are dropped, so their records are embedded again.
    [
        "UPDATE vectors SET tokens = NULL, token_ids = NULL",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
