//! Revisions.

use super::*;

/// One difference between two revisions, for people to read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Change {
    Pendekatan {
        before: Pendekatan,
        after: Pendekatan,
    },
    RhkAdded {
        jenis: JenisRhk,
        teks: String,
    },
    RhkRemoved {
        jenis: JenisRhk,
        teks: String,
    },
    /// `field`: teks, jenis, intervensi, perspektif, pk_target.
    RhkChanged {
        teks: String,
        field: &'static str,
        before: String,
        after: String,
    },
    IndicatorAdded {
        rhk: String,
        iki: String,
    },
    IndicatorRemoved {
        rhk: String,
        iki: String,
    },
    /// `field`: aspek, iki, target.
    IndicatorChanged {
        rhk: String,
        field: &'static str,
        before: String,
        after: String,
    },
    Lampiran {
        bagian: &'static str,
        before: Vec<String>,
        after: Vec<String>,
    },
    Ekspektasi {
        nilai: u8,
        before: String,
        after: String,
    },
}

/// What changed from `old` to `new`. Rows keep their ids across revisions, so a changed text
/// is a change, not a removal and an addition.
pub fn diff(old: &SkpContent, new: &SkpContent) -> Vec<Change> {
    let mut out = Vec::new();
    if old.pendekatan != new.pendekatan {
        out.push(Change::Pendekatan {
            before: old.pendekatan,
            after: new.pendekatan,
        });
    }
    for o in &old.rhk {
        if !new.rhk.iter().any(|n| n.id == o.id) {
            out.push(Change::RhkRemoved {
                jenis: o.jenis,
                teks: o.teks.clone(),
            });
        }
    }
    for n in &new.rhk {
        let Some(o) = old.rhk.iter().find(|o| o.id == n.id) else {
            out.push(Change::RhkAdded {
                jenis: n.jenis,
                teks: n.teks.clone(),
            });
            continue;
        };
        let mut field = |name: &'static str, before: String, after: String| {
            if before != after {
                out.push(Change::RhkChanged {
                    teks: n.teks.clone(),
                    field: name,
                    before,
                    after,
                });
            }
        };
        field("teks", o.teks.clone(), n.teks.clone());
        field("jenis", o.jenis.code().into(), n.jenis.code().into());
        field(
            "intervensi",
            o.parent_teks.clone().unwrap_or_default(),
            n.parent_teks.clone().unwrap_or_default(),
        );
        field("perspektif", o.perspektif.clone(), n.perspektif.clone());
        field("pk_target", o.pk_target.clone(), n.pk_target.clone());
        for oi in &o.indikator {
            if !n.indikator.iter().any(|ni| ni.id == oi.id) {
                out.push(Change::IndicatorRemoved {
                    rhk: n.teks.clone(),
                    iki: oi.iki.clone(),
                });
            }
        }
        for ni in &n.indikator {
            let Some(oi) = o.indikator.iter().find(|oi| oi.id == ni.id) else {
                out.push(Change::IndicatorAdded {
                    rhk: n.teks.clone(),
                    iki: ni.iki.clone(),
                });
                continue;
            };
            for (f, b, a) in [
                ("aspek", oi.aspek.clone(), ni.aspek.clone()),
                ("iki", oi.iki.clone(), ni.iki.clone()),
                ("target", oi.target_label(), ni.target_label()),
            ] {
                if b != a {
                    out.push(Change::IndicatorChanged {
                        rhk: n.teks.clone(),
                        field: f,
                        before: b,
                        after: a,
                    });
                }
            }
        }
    }
    for (bagian, b, a) in [
        ("dukungan", &old.lampiran.dukungan, &new.lampiran.dukungan),
        ("skema", &old.lampiran.skema, &new.lampiran.skema),
        (
            "konsekuensi",
            &old.lampiran.konsekuensi,
            &new.lampiran.konsekuensi,
        ),
    ] {
        if b != a {
            out.push(Change::Lampiran {
                bagian,
                before: b.clone(),
                after: a.clone(),
            });
        }
    }
    for (k, after) in &new.ekspektasi {
        let before = old
            .ekspektasi
            .iter()
            .find(|(ok, _)| ok == k)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        if &before != after {
            out.push(Change::Ekspektasi {
                nilai: *k,
                before,
                after: after.clone(),
            });
        }
    }
    out
}
