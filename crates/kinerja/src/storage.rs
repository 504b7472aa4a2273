//! Where evidence files live. Content-addressed by SHA-256: the same file uploaded twice is
//! stored once, and the hash in the database proves the bytes were not changed.
//!
//! Local disk under `<data_dir>/bukti` is the default; an S3-compatible store becomes
//! another variant with the same two operations, so callers never change.

use crate::error::{AppError, AppResult};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum BlobStore {
    Local { root: PathBuf },
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl BlobStore {
    pub fn local(data_dir: &std::path::Path) -> BlobStore {
        BlobStore::Local {
            root: data_dir.join("bukti"),
        }
    }

    fn path(root: &std::path::Path, key: &str) -> AppResult<PathBuf> {
        if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::Internal(format!("bad blob key {key}")));
        }
        Ok(root.join(&key[..2]).join(key))
    }

    /// Stores `bytes` under their hash and returns it. Written to a temporary file and
    /// renamed, so a crash never leaves half a file under a valid key.
    pub async fn put(&self, bytes: &[u8]) -> AppResult<String> {
        let key = sha256_hex(bytes);
        match self {
            BlobStore::Local { root } => {
                let path = Self::path(root, &key)?;
                if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                    return Ok(key);
                }
                let dir = path.parent().expect("has a parent");
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| AppError::Internal(format!("storage: {e}")))?;
                let tmp = dir.join(format!(".{key}.{}", std::process::id()));
                tokio::fs::write(&tmp, bytes)
                    .await
                    .map_err(|e| AppError::Internal(format!("storage: {e}")))?;
                tokio::fs::rename(&tmp, &path)
                    .await
                    .map_err(|e| AppError::Internal(format!("storage: {e}")))?;
                Ok(key)
            }
        }
    }

    pub async fn get(&self, key: &str) -> AppResult<Vec<u8>> {
        match self {
            BlobStore::Local { root } => {
                let path = Self::path(root, key)?;
                tokio::fs::read(&path).await.map_err(|e| match e.kind() {
                    std::io::ErrorKind::NotFound => AppError::NotFound,
                    _ => AppError::Internal(format!("storage: {e}")),
                })
            }
        }
    }
}
