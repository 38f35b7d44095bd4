#!/usr/bin/env bash
# Adds a migration for every database provider and regenerates the idempotent SQL scripts DBAs apply by hand.
# Usage: db/add-migration.sh <Name>     (db/add-migration.sh --scripts-only regenerates the scripts)
set -euo pipefail
name=${1:?usage: db/add-migration.sh <MigrationName>|--scripts-only}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
ef() { local provider=$1; shift; dotnet ef "$@" --project "db/MoveCenter.Migrations.$provider" --startup-project "db/MoveCenter.Migrations.$provider"; }
if [ "$name" != "--scripts-only" ]; then
  for provider in Sqlite SqlServer PostgreSql; do ef "$provider" migrations add "$name" --output-dir Migrations; done
fi
ef SqlServer migrations script --idempotent --output db/scripts/movecenter.sqlserver.sql
ef PostgreSql migrations script --idempotent --output db/scripts/movecenter.postgresql.sql
# EF cannot write idempotent scripts for SQLite; SQLite's own IF NOT EXISTS and INSERT OR IGNORE make the full script safe to rerun.
ef Sqlite migrations script --output db/scripts/movecenter.sqlite.sql
sed -i -E \
  -e 's/^CREATE TABLE "/CREATE TABLE IF NOT EXISTS "/' \
  -e 's/^CREATE (UNIQUE )?INDEX "/CREATE \1INDEX IF NOT EXISTS "/' \
  -e 's/^INSERT INTO "__EFMigrationsHistory"/INSERT OR IGNORE INTO "__EFMigrationsHistory"/' \
  db/scripts/movecenter.sqlite.sql
