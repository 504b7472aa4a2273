//! The workbook offered on each import page: the columns the import reads, one example
//! row, and a sheet saying in plain words what each column holds.

use crate::error::{AppError, AppResult};
use crate::services::accounts::CurrentUser;
use kinerja_domain::table::{
    DISIPLIN_COLUMNS, DISIPLIN_REQUIRED, EMPLOYEE_COLUMNS, EMPLOYEE_REQUIRED, PROGRES_COLUMNS,
    PROGRES_REQUIRED, UNIT_COLUMNS, UNIT_REQUIRED,
};

/// The imports that have a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    Pegawai,
    Unit,
    Disiplin,
    Progres,
}

impl TemplateKind {
    pub fn parse(s: &str) -> Option<TemplateKind> {
        match s {
            "pegawai" => Some(TemplateKind::Pegawai),
            "unit" => Some(TemplateKind::Unit),
            "disiplin" => Some(TemplateKind::Disiplin),
            "progres" => Some(TemplateKind::Progres),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            TemplateKind::Pegawai => "pegawai",
            TemplateKind::Unit => "unit",
            TemplateKind::Disiplin => "disiplin",
            TemplateKind::Progres => "progres",
        }
    }

    /// The columns the import reads, in the template's order.
    pub fn columns(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            TemplateKind::Pegawai => EMPLOYEE_COLUMNS,
            TemplateKind::Unit => UNIT_COLUMNS,
            TemplateKind::Disiplin => DISIPLIN_COLUMNS,
            TemplateKind::Progres => PROGRES_COLUMNS,
        }
    }

    /// The columns a file must have (as the import checks them).
    pub fn required(self) -> &'static [&'static str] {
        match self {
            TemplateKind::Pegawai => EMPLOYEE_REQUIRED,
            TemplateKind::Unit => UNIT_REQUIRED,
            TemplateKind::Disiplin => DISIPLIN_REQUIRED,
            TemplateKind::Progres => PROGRES_REQUIRED,
        }
    }

    /// One row as a person would fill it, column by column.
    pub fn example(self) -> &'static [&'static str] {
        match self {
            TemplateKind::Pegawai => &[
                "199001012015032001",
                "Siti Aminah",
                "",
                "S.E.",
                "pns",
                "III/b",
                "Analis Sumber Daya Manusia Aparatur",
                "fungsional",
                "",
                "ahli pertama",
                "tidak",
                "1.05.02",
                "Bidang Mutasi dan Promosi",
                "siti.aminah@lampungutarakab.go.id",
                "ya",
                "",
            ],
            TemplateKind::Unit => &[
                "1.05.02",
                "Bidang Mutasi dan Promosi",
                "bidang",
                "1.05",
                "2",
            ],
            TemplateKind::Disiplin => &["199001012015032001", "", "21", "20"],
            TemplateKind::Progres => &[
                "199001012015032001",
                "2026-01-05",
                "08:00",
                "10:00",
                "Menyusun usulan kenaikan pangkat",
                "Memeriksa berkas usulan kenaikan pangkat",
                "12",
                "berkas",
                "",
            ],
        }
    }
}

/// Who may fetch a template: those who may use its import.
pub fn may_fetch(user: &CurrentUser, kind: TemplateKind) -> AppResult<()> {
    let ok = match kind {
        TemplateKind::Pegawai | TemplateKind::Unit | TemplateKind::Disiplin => {
            user.actor.can_admin_instansi(user.instansi_id())
        }
        TemplateKind::Progres => user.writes_skp(),
    };
    if ok { Ok(()) } else { Err(AppError::Forbidden) }
}
