//! Workflow.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkpStatus {
    Draft,
    Diajukan,
    Disetujui,
    Dikembalikan,
}

impl SkpStatus {
    pub const ALL: [SkpStatus; 4] = [
        SkpStatus::Draft,
        SkpStatus::Diajukan,
        SkpStatus::Disetujui,
        SkpStatus::Dikembalikan,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SkpStatus::Draft => "draft",
            SkpStatus::Diajukan => "diajukan",
            SkpStatus::Disetujui => "disetujui",
            SkpStatus::Dikembalikan => "dikembalikan",
        }
    }

    pub fn parse(s: &str) -> Option<SkpStatus> {
        SkpStatus::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The owner may change the content.
    pub fn editable(self) -> bool {
        matches!(self, SkpStatus::Draft | SkpStatus::Dikembalikan)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkpAction {
    /// Change the content (rows, lampiran, pendekatan).
    Edit,
    /// Send to the penilai (ajukan).
    Submit,
    /// Take a submitted plan back before the penilai decides.
    Withdraw,
    /// Approve (setujui).
    Approve,
    /// Return with notes (kembalikan).
    Return,
    /// Open a new revision of an approved plan.
    Revise,
    /// The penilai writes the ekspektasi khusus pimpinan.
    WriteExpectations,
}

impl SkpAction {
    pub const ALL: [SkpAction; 7] = [
        SkpAction::Edit,
        SkpAction::Submit,
        SkpAction::Withdraw,
        SkpAction::Approve,
        SkpAction::Return,
        SkpAction::Revise,
        SkpAction::WriteExpectations,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SkpAction::Edit => "edit",
            SkpAction::Submit => "submit",
            SkpAction::Withdraw => "withdraw",
            SkpAction::Approve => "approve",
            SkpAction::Return => "return",
            SkpAction::Revise => "revise",
            SkpAction::WriteExpectations => "write_expectations",
        }
    }
}

/// The actor's relation to the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkpRole {
    Owner,
    /// The derived penilai (or acting PLT/PLH, or admin override) of the owner.
    Penilai,
    /// Anyone else, admins included: they may read, never act.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("only the owner of the plan may do this")]
    NotOwner,
    #[error("only the pejabat penilai may do this")]
    NotPenilai,
    #[error("not possible in this status")]
    WrongStatus,
}

impl TransitionError {
    pub fn code(self) -> &'static str {
        match self {
            TransitionError::NotOwner => "skp-not-owner",
            TransitionError::NotPenilai => "skp-not-penilai",
            TransitionError::WrongStatus => "skp-wrong-status",
        }
    }
}

/// The workflow: `draft → diajukan → disetujui`, or `diajukan → dikembalikan → (edit) →
/// draft`. Changing an approved plan opens a new revision (`revise`).
pub fn transition(
    status: SkpStatus,
    action: SkpAction,
    role: SkpRole,
) -> Result<SkpStatus, TransitionError> {
    use SkpAction as A;
    use SkpStatus as S;
    let needs = match action {
        A::Edit | A::Submit | A::Withdraw | A::Revise => SkpRole::Owner,
        A::Approve | A::Return | A::WriteExpectations => SkpRole::Penilai,
    };
    if role != needs {
        return Err(match needs {
            SkpRole::Owner => TransitionError::NotOwner,
            _ => TransitionError::NotPenilai,
        });
    }
    match (action, status) {
        (A::Edit, S::Draft | S::Dikembalikan) => Ok(S::Draft),
        (A::Submit, S::Draft | S::Dikembalikan) => Ok(S::Diajukan),
        (A::Withdraw, S::Diajukan) => Ok(S::Draft),
        (A::Approve, S::Diajukan) => Ok(S::Disetujui),
        (A::Return, S::Diajukan) => Ok(S::Dikembalikan),
        (A::Revise, S::Disetujui) => Ok(S::Draft),
        // The penilai states expectations before deciding; the status does not change.
        (A::WriteExpectations, s @ (S::Draft | S::Diajukan | S::Dikembalikan)) => Ok(s),
        _ => Err(TransitionError::WrongStatus),
    }
}
