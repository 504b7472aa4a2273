//! The daily log as a streamed download, for the pages and the API alike.

use super::Chunks;
use crate::app::App;
use crate::error::AppResult;
use crate::services::progres::{self as svc, EXPORT_COLUMNS, ExportSubject};
use kinerja_documents::table::{Cell, Column};

/// The export's rows, read a group of people at a time as the download streams.
pub struct ProgresRows {
    pub app: App,
    pub subject: ExportSubject,
    /// The next read (the offset the streams pass counts rows, not people).
    pub next: std::sync::atomic::AtomicUsize,
}

impl ProgresRows {
    pub fn new(app: App, subject: ExportSubject) -> ProgresRows {
        ProgresRows {
            app,
            subject,
            next: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

impl Chunks for ProgresRows {
    fn sheet(&self) -> String {
        "Progres Harian".into()
    }

    fn columns(&self) -> Vec<Column> {
        let widths = [20.0, 12.0, 10.0, 10.0, 40.0, 50.0, 10.0, 14.0, 40.0];
        EXPORT_COLUMNS
            .iter()
            .zip(widths)
            .map(|(h, w)| Column::new(*h, w))
            .collect()
    }

    async fn chunk(&self, _offset: i64) -> AppResult<(Vec<Vec<Cell>>, bool)> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (rows, more) = svc::export_page(&self.app, &self.subject, n).await?;
        let cells = rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.nip.clone().unwrap_or_default()),
                    Cell::Text(r.tanggal.to_string()),
                    Cell::Text(svc::jam(r.jam_mulai)),
                    Cell::Text(svc::jam(r.jam_selesai)),
                    Cell::Text(r.rencana_aksi.clone()),
                    Cell::Text(r.kegiatan.clone()),
                    Cell::Num(r.realisasi),
                    Cell::Text(r.satuan.clone()),
                    Cell::Text(svc::link_of(&self.app, r)),
                ]
            })
            .collect();
        Ok((cells, more))
    }
}
