//! The daily log as a streamed download, for the pages and the API alike.

use super::Chunks;
use crate::app::App;
use crate::error::AppResult;
use crate::services::progres::{self as svc, EXPORT_COLUMNS, ExportKey, ExportSubject};
use kinerja_documents::table::{Cell, Column};

/// The export's rows, read by key a page at a time as the download streams.
pub struct ProgresRows {
    pub app: App,
    pub subject: ExportSubject,
    pub after: std::sync::Mutex<Option<ExportKey>>,
}

impl ProgresRows {
    pub fn new(app: App, subject: ExportSubject) -> ProgresRows {
        ProgresRows {
            app,
            subject,
            after: std::sync::Mutex::new(None),
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

    /// The offset is the number of rows already sent; the key of the last one says
    /// where to go on.
    async fn chunk(&self, offset: i64) -> AppResult<(Vec<Vec<Cell>>, bool)> {
        let after = if offset == 0 {
            None
        } else {
            *self.after.lock().expect("not poisoned")
        };
        let rows = svc::export_page(&self.app, &self.subject, after).await?;
        let more = rows.len() as i64 == svc::EXPORT_PAGE;
        if let Some(r) = rows.last() {
            *self.after.lock().expect("not poisoned") =
                Some((r.employee_id, r.tanggal, r.jam_mulai, r.id));
        }
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
