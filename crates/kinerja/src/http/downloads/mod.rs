//! Files sent as downloads (pages and API): never kept by a cache, always saved rather
//! than shown; long tables streamed a chunk at a time as CSV or a constant-memory XLSX.

pub mod progres;

use crate::error::{AppError, AppResult};
use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use kinerja_documents::table::{self, Cell, Column, XlsxStream};

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV: &str = "text/csv; charset=utf-8";

/// A generated file as a download that no cache keeps.
pub fn download(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> AppResult<Response> {
    download_body(axum::body::Body::from(bytes), content_type, filename)
}

/// A download whose body may still be streaming.
pub fn download_body(
    body: axum::body::Body,
    content_type: &'static str,
    filename: &str,
) -> AppResult<Response> {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
            .map_err(|e| AppError::Internal(e.to_string()))?,
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

/// Rows read a chunk at a time, for the streamed downloads.
pub trait Chunks: Send + Sync + 'static {
    fn sheet(&self) -> String;
    fn columns(&self) -> Vec<Column>;
    /// The rows from `offset`, and whether more may follow.
    fn chunk(
        &self,
        offset: i64,
    ) -> impl std::future::Future<Output = AppResult<(Vec<Vec<Cell>>, bool)>> + Send;
}

/// Writes every row as a constant-memory workbook into `out` (a temporary file), reading
/// the rows a chunk at a time. Returns the file rewound and the row count.
pub async fn write_xlsx<S: Chunks>(src: &S, out: std::fs::File) -> AppResult<(std::fs::File, u32)> {
    let columns = src.columns();
    let name = src.sheet();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<Vec<Cell>>>(2);
    let writer = tokio::task::spawn_blocking(move || {
        let mut x = XlsxStream::new(&name, &columns)?;
        while let Some(chunk) = rx.blocking_recv() {
            for row in &chunk {
                x.push(row)?;
            }
        }
        let rows = x.rows();
        let mut out = out;
        x.finish(&mut out)?;
        Ok::<_, table::TableError>((out, rows))
    });
    let mut offset = 0;
    loop {
        let (cells, more) = src.chunk(offset).await?;
        offset += cells.len() as i64;
        if !cells.is_empty() && tx.send(cells).await.is_err() {
            // The writer failed; its error is reported below.
            break;
        }
        if !more {
            break;
        }
    }
    drop(tx);
    let (mut file, n) = writer
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    use std::io::Seek;
    file.rewind()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((file, n))
}

/// The CSV of a row source as a stream: each chunk is read when the client is ready for it.
pub fn csv_body<S: Chunks>(src: S) -> Body {
    let header = table::csv_header(&src.columns());
    let state = (std::sync::Arc::new(src), Some(0i64));
    let rest = futures_util::stream::try_unfold(state, |(src, offset)| async move {
        let Some(offset) = offset else {
            return Ok(None);
        };
        let (cells, more) = src.chunk(offset).await?;
        let mut out = String::new();
        for r in &cells {
            table::csv_row(&mut out, r);
        }
        let next = more.then_some(offset + cells.len() as i64);
        Ok::<_, AppError>(Some((axum::body::Bytes::from(out), (src, next))))
    });
    let first =
        futures_util::stream::once(
            async move { Ok::<_, AppError>(axum::body::Bytes::from(header)) },
        );
    use futures_util::StreamExt;
    Body::from_stream(first.chain(rest))
}

/// A download of every row: XLSX (the default) or CSV.
pub async fn download_rows<S: Chunks>(
    src: S,
    format: Option<&str>,
    stem: &str,
) -> AppResult<Response> {
    match format {
        Some("csv") => download_body(csv_body(src), CSV, &format!("{stem}.csv")),
        Some("xlsx") | None => {
            let tmp = tempfile::tempfile().map_err(|e| AppError::Internal(e.to_string()))?;
            let (file, _) = write_xlsx(&src, tmp).await?;
            let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
            download_body(Body::from_stream(stream), XLSX, &format!("{stem}.xlsx"))
        }
        Some(_) => Err(AppError::NotFound),
    }
}
