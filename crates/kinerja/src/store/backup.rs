//! A consistent copy of the whole database while servers keep running: SQLite's
//! `VACUUM INTO` (one transaction's snapshot, compacted) or PostgreSQL's `pg_dump` (custom
//! format, for `pg_restore`). Restoring is described in docs/operations.md and drilled in
//! the tests.

use super::Db;
use crate::error::{AppError, AppResult};
use std::path::Path;

pub async fn backup(db: &Db, database_url: &str, to: &Path) -> AppResult<()> {
    if to.exists() {
        return Err(AppError::Config(format!(
            "{}: berkas sudah ada; cadangan tidak menimpa berkas",
            to.display()
        )));
    }
    let target = to
        .to_str()
        .ok_or_else(|| AppError::Config(format!("{}: nama berkas bukan UTF-8", to.display())))?;
    match db {
        Db::Sqlite(p) => {
            sqlx::query("VACUUM INTO $1")
                .bind(target)
                .execute(&p.read)
                .await?;
        }
        Db::Postgres(_) => {
            let out = tokio::process::Command::new("pg_dump")
                .args([
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    target,
                    "--dbname",
                ])
                .arg(database_url)
                .output()
                .await
                .map_err(|e| AppError::Config(format!("pg_dump tidak dapat dijalankan: {e}")))?;
            if !out.status.success() {
                let _ = std::fs::remove_file(to);
                return Err(AppError::Internal(format!(
                    "pg_dump: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                )));
            }
        }
    }
    Ok(())
}
