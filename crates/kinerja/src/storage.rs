//! Where evidence files live. Content-addressed by SHA-256: the same file uploaded twice is
//! stored once, and the hash in the database proves the bytes were not changed.
//!
//! Through `object_store`: a local directory (`<data_dir>/bukti`) by default, or an
//! S3-compatible bucket named by `KINERJA_STORAGE_URL` that every server reaches, so a file
//! uploaded through one server is served by any other. Generated documents (PDF, XLSX,
//! ZIP) are rendered per request from the database and never stored.

use crate::error::{AppError, AppResult};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use sha2::{Digest, Sha256};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct BlobStore {
    store: Arc<dyn ObjectStore>,
    /// Inside the bucket (S3) or directory (local): where the files go.
    prefix: ObjectPath,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn config_error(e: impl std::fmt::Display) -> AppError {
    AppError::Config(format!("KINERJA_STORAGE_URL: {e}"))
}

fn storage_error(e: object_store::Error) -> AppError {
    match e {
        object_store::Error::NotFound { .. } => AppError::NotFound,
        e => AppError::Internal(format!("storage: {e}")),
    }
}

impl BlobStore {
    /// The store `KINERJA_STORAGE_URL` names, or `<data_dir>/bukti` without it.
    pub fn open(url: Option<&str>, data_dir: &std::path::Path) -> AppResult<BlobStore> {
        let Some(url) = url else {
            return Self::local(&data_dir.join("bukti"));
        };
        let parsed = url::Url::parse(url).map_err(config_error)?;
        match parsed.scheme() {
            "file" => {
                let dir = parsed
                    .to_file_path()
                    .map_err(|_| config_error("file:///… harus jalur absolut"))?;
                Self::local(&dir)
            }
            "s3" => Self::s3(&parsed),
            other => Err(config_error(format!(
                "skema '{other}' tidak dikenal (file:// atau s3://)"
            ))),
        }
    }

    fn local(dir: &std::path::Path) -> AppResult<BlobStore> {
        std::fs::create_dir_all(dir)
            .map_err(|e| config_error(format!("{}: {e}", dir.display())))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(config_error)?
            .with_automatic_cleanup(true);
        Ok(BlobStore {
            store: Arc::new(store),
            prefix: ObjectPath::default(),
        })
    }

    /// `s3://bucket/prefix?endpoint=http://minio:9000&region=…&access_key_id=…`: every
    /// query pair is an option of the S3 client; the rest comes from the `AWS_*`
    /// environment variables. An `http://` endpoint (inside the network) is allowed.
    fn s3(url: &url::Url) -> AppResult<BlobStore> {
        use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
        let bucket = url
            .host_str()
            .filter(|b| !b.is_empty())
            .ok_or_else(|| config_error("s3://NAMA-BUCKET/… tanpa nama bucket"))?;
        let mut b = AmazonS3Builder::from_env().with_bucket_name(bucket);
        for (k, v) in url.query_pairs() {
            let key: AmazonS3ConfigKey = k
                .parse()
                .map_err(|_| config_error(format!("opsi '{k}' tidak dikenal")))?;
            b = b.with_config(key, v.to_string());
        }
        if url
            .query_pairs()
            .any(|(k, v)| k.contains("endpoint") && v.starts_with("http://"))
        {
            b = b.with_allow_http(true);
        }
        let store = b.build().map_err(config_error)?;
        let prefix = ObjectPath::parse(url.path().trim_matches('/')).map_err(config_error)?;
        Ok(BlobStore {
            store: Arc::new(store),
            prefix,
        })
    }

    fn path(&self, key: &str) -> AppResult<ObjectPath> {
        if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::Internal(format!("bad blob key {key}")));
        }
        // Two-level layout as on disk since the first version: files already stored stay
        // where they are.
        Ok(self.prefix.clone().join(&key[..2]).join(key))
    }

    /// Stores `bytes` under their hash and returns it. A file already there is not sent
    /// again; the local store writes to a temporary file and renames it, and S3 stores an
    /// object whole, so a crash never leaves half a file under a valid key.
    pub async fn put(&self, bytes: &[u8]) -> AppResult<String> {
        let key = sha256_hex(bytes);
        let path = self.path(&key)?;
        match self.store.head(&path).await {
            Ok(_) => return Ok(key),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(storage_error(e)),
        }
        self.store
            .put(&path, PutPayload::from(bytes.to_vec()))
            .await
            .map_err(storage_error)?;
        Ok(key)
    }

    pub async fn get(&self, key: &str) -> AppResult<Vec<u8>> {
        let path = self.path(key)?;
        let got = self.store.get(&path).await.map_err(storage_error)?;
        Ok(got.bytes().await.map_err(storage_error)?.to_vec())
    }

    /// Whether the store answers (the readiness check).
    pub async fn reachable(&self) -> bool {
        match self.store.head(&self.prefix.clone().join("ready")).await {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => true,
            Err(_) => false,
        }
    }
}
