//! Workflow of one employee's evaluation in one period.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluasiStatus {
    /// Realisasi and self-assessment being written.
    Draft,
    /// The employee submitted the self-assessment; the penilai may assess.
    DinilaiSendiri,
    /// The penilai submitted ratings; the employee sees the result.
    Dinilai,
    /// The unit's predikat were set (penetapan); locked.
    Ditetapkan,
    /// The employee objected; waiting for the atasan penilai.
    Keberatan,
    /// The atasan penilai decided; final.
    Diputuskan,
}

impl EvaluasiStatus {
    pub const ALL: [EvaluasiStatus; 6] = [
        EvaluasiStatus::Draft,
        EvaluasiStatus::DinilaiSendiri,
        EvaluasiStatus::Dinilai,
        EvaluasiStatus::Ditetapkan,
        EvaluasiStatus::Keberatan,
        EvaluasiStatus::Diputuskan,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EvaluasiStatus::Draft => "draft",
            EvaluasiStatus::DinilaiSendiri => "dinilai_sendiri",
            EvaluasiStatus::Dinilai => "dinilai",
            EvaluasiStatus::Ditetapkan => "ditetapkan",
            EvaluasiStatus::Keberatan => "keberatan",
            EvaluasiStatus::Diputuskan => "diputuskan",
        }
    }

    pub fn parse(s: &str) -> Option<EvaluasiStatus> {
        EvaluasiStatus::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The penilai's ratings are visible to the employee.
    pub fn result_visible(self) -> bool {
        !matches!(self, EvaluasiStatus::Draft | EvaluasiStatus::DinilaiSendiri)
    }

    /// Results may no longer change except through keberatan or an admin reopening.
    pub fn locked(self) -> bool {
        matches!(
            self,
            EvaluasiStatus::Ditetapkan | EvaluasiStatus::Keberatan | EvaluasiStatus::Diputuskan
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluasiAction {
    /// The employee records realisasi and self-assessment.
    WriteSelf,
    SubmitSelf,
    /// The penilai writes feedback, judgements and ratings.
    Assess,
    SubmitAssessment,
    /// The penilai takes the submitted assessment back before penetapan.
    ReopenAssessment,
    /// The leader sets the unit's predikat (penetapan).
    Finalise,
    /// The employee objects in time.
    Object,
    /// The atasan penilai decides the objection.
    Decide,
    /// An admin reopens a finalised result with a written reason.
    AdminReopen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluasiRole {
    Pegawai,
    Penilai,
    AtasanPenilai,
    /// The leader of the unit who signs the penetapan.
    Pimpinan,
    Admin,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EvaluasiError {
    #[error("not allowed for this person")]
    Forbidden,
    #[error("not possible in this status")]
    WrongStatus,
    #[error("the period's deadline for a keberatan has passed")]
    LateObjection,
}

impl EvaluasiError {
    pub fn code(self) -> &'static str {
        match self {
            EvaluasiError::Forbidden => "evaluasi-forbidden",
            EvaluasiError::WrongStatus => "evaluasi-wrong-status",
            EvaluasiError::LateObjection => "keberatan-late",
        }
    }
}

/// The evaluation workflow: `draft → dinilai_sendiri → dinilai → ditetapkan → keberatan →
/// diputuskan`. The penilai may also assess from `draft` when the employee never submits
/// (`self_deadline_passed`), so that a silent employee cannot block the unit.
pub fn evaluasi_transition(
    status: EvaluasiStatus,
    action: EvaluasiAction,
    role: EvaluasiRole,
    self_deadline_passed: bool,
    objection_in_time: bool,
) -> Result<EvaluasiStatus, EvaluasiError> {
    use EvaluasiAction as A;
    use EvaluasiRole as R;
    use EvaluasiStatus as S;
    let allowed = match action {
        A::WriteSelf | A::SubmitSelf | A::Object => role == R::Pegawai,
        A::Assess | A::SubmitAssessment | A::ReopenAssessment => role == R::Penilai,
        A::Finalise => role == R::Pimpinan,
        A::Decide => role == R::AtasanPenilai,
        A::AdminReopen => role == R::Admin,
    };
    if !allowed {
        return Err(EvaluasiError::Forbidden);
    }
    match (action, status) {
        (A::WriteSelf, S::Draft) => Ok(S::Draft),
        (A::SubmitSelf, S::Draft) => Ok(S::DinilaiSendiri),
        (A::Assess, S::DinilaiSendiri) => Ok(S::DinilaiSendiri),
        (A::Assess, S::Draft) if self_deadline_passed => Ok(S::Draft),
        (A::SubmitAssessment, S::DinilaiSendiri) => Ok(S::Dinilai),
        (A::SubmitAssessment, S::Draft) if self_deadline_passed => Ok(S::Dinilai),
        (A::ReopenAssessment, S::Dinilai) => Ok(S::DinilaiSendiri),
        (A::Finalise, S::Dinilai) => Ok(S::Ditetapkan),
        (A::Object, S::Ditetapkan) if objection_in_time => Ok(S::Keberatan),
        (A::Object, S::Ditetapkan) => Err(EvaluasiError::LateObjection),
        (A::Decide, S::Keberatan) => Ok(S::Diputuskan),
        (A::AdminReopen, S::Ditetapkan | S::Keberatan | S::Diputuskan) => Ok(S::DinilaiSendiri),
        _ => Err(EvaluasiError::WrongStatus),
    }
}
