use super::*;
use proptest::prelude::*;

fn ind(id: i64, min: Option<f64>) -> Indikator {
    Indikator {
        id,
        aspek: "Kuantitas".into(),
        iki: "Jumlah laporan".into(),
        target_min: min,
        target_max: None,
        satuan: "laporan".into(),
        target_teks: String::new(),
    }
}

fn rhk(id: i64, jenis: JenisRhk, parent: Option<i64>, inds: Vec<Indikator>) -> Rhk {
    Rhk {
        id,
        jenis,
        teks: format!("Hasil kerja {id}"),
        parent_rhk_id: parent,
        parent_teks: parent.map(|p| format!("RHK atasan {p}")),
        link_ok: true,
        pk_target: String::new(),
        perspektif: String::new(),
        indikator: inds,
    }
}

fn complete() -> SkpContent {
    SkpContent {
        pendekatan: Pendekatan::Kuantitatif,
        rhk: vec![
            rhk(1, JenisRhk::Utama, Some(10), vec![ind(11, Some(12.0))]),
            rhk(
                2,
                JenisRhk::Utama,
                Some(20),
                vec![ind(21, Some(4.0)), ind(22, Some(100.0))],
            ),
            rhk(3, JenisRhk::Tambahan, None, vec![ind(31, Some(1.0))]),
        ],
        lampiran: Lampiran::default(),
        ekspektasi: vec![],
    }
}

const STATUSES: [SkpStatus; 4] = SkpStatus::ALL;
const ROLES: [SkpRole; 3] = [SkpRole::Owner, SkpRole::Penilai, SkpRole::Other];

#[test]
fn every_transition_by_role_is_as_specified() {
    use SkpAction as A;
    use SkpRole as R;
    use SkpStatus as S;
    let allowed: &[(S, A, R, S)] = &[
        (S::Draft, A::Edit, R::Owner, S::Draft),
        (S::Dikembalikan, A::Edit, R::Owner, S::Draft),
        (S::Draft, A::Submit, R::Owner, S::Diajukan),
        (S::Dikembalikan, A::Submit, R::Owner, S::Diajukan),
        (S::Diajukan, A::Withdraw, R::Owner, S::Draft),
        (S::Diajukan, A::Approve, R::Penilai, S::Disetujui),
        (S::Diajukan, A::Return, R::Penilai, S::Dikembalikan),
        (S::Disetujui, A::Revise, R::Owner, S::Draft),
        (S::Draft, A::WriteExpectations, R::Penilai, S::Draft),
        (S::Diajukan, A::WriteExpectations, R::Penilai, S::Diajukan),
        (
            S::Dikembalikan,
            A::WriteExpectations,
            R::Penilai,
            S::Dikembalikan,
        ),
    ];
    let mut checked = 0;
    for s in STATUSES {
        for a in SkpAction::ALL {
            for r in ROLES {
                let expected = allowed
                    .iter()
                    .find(|(fs, fa, fr, _)| *fs == s && *fa == a && *fr == r)
                    .map(|x| x.3);
                let got = transition(s, a, r);
                match expected {
                    Some(to) => assert_eq!(got, Ok(to), "{s:?} {a:?} {r:?}"),
                    None => assert!(
                        got.is_err(),
                        "{s:?} {a:?} {r:?} must be refused, got {got:?}"
                    ),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 4 * 7 * 3);
}

#[test]
fn refusals_say_why() {
    assert_eq!(
        transition(SkpStatus::Draft, SkpAction::Approve, SkpRole::Owner),
        Err(TransitionError::NotPenilai)
    );
    assert_eq!(
        transition(SkpStatus::Draft, SkpAction::Submit, SkpRole::Penilai),
        Err(TransitionError::NotOwner)
    );
    assert_eq!(
        transition(SkpStatus::Draft, SkpAction::Edit, SkpRole::Other),
        Err(TransitionError::NotOwner)
    );
    assert_eq!(
        transition(SkpStatus::Disetujui, SkpAction::Edit, SkpRole::Owner),
        Err(TransitionError::WrongStatus)
    );
    assert_eq!(
        transition(SkpStatus::Disetujui, SkpAction::Approve, SkpRole::Penilai),
        Err(TransitionError::WrongStatus)
    );
    assert_eq!(
        transition(SkpStatus::Diajukan, SkpAction::Edit, SkpRole::Owner),
        Err(TransitionError::WrongStatus)
    );
    assert!(SkpStatus::Draft.editable() && SkpStatus::Dikembalikan.editable());
    assert!(!SkpStatus::Diajukan.editable() && !SkpStatus::Disetujui.editable());
}

#[test]
fn a_complete_plan_has_nothing_missing() {
    assert!(missing(&complete(), false).is_empty());
}

#[test]
fn every_gap_is_named_with_its_place() {
    let mut c = complete();
    c.rhk[1].parent_rhk_id = None;
    c.rhk[0].indikator[0].target_min = None;
    c.rhk[2].indikator.clear();
    c.rhk[0].teks = " ".into();
    let m = missing(&c, false);
    assert!(m.contains(&Missing::NotLinked { no: 2 }));
    assert!(m.contains(&Missing::IndicatorNoTarget {
        jenis: JenisRhk::Utama,
        no: 1,
        ind: 1
    }));
    assert!(m.contains(&Missing::NoIndicator {
        jenis: JenisRhk::Tambahan,
        no: 1
    }));
    assert!(m.contains(&Missing::EmptyText {
        jenis: JenisRhk::Utama,
        no: 1
    }));
    assert_eq!(m.len(), 4);
    c.rhk[1].parent_rhk_id = Some(20);
    c.rhk[1].link_ok = false;
    assert!(missing(&c, false).contains(&Missing::BrokenLink { no: 2 }));
    let empty = SkpContent {
        rhk: vec![],
        ..complete()
    };
    assert_eq!(missing(&empty, false), vec![Missing::NoUtama]);
}

#[test]
fn tambahan_needs_no_link_and_jpt_needs_pk_and_perspektif() {
    let mut c = complete();
    for r in &mut c.rhk {
        r.parent_rhk_id = None;
    }
    let m = missing(&c, true);
    assert_eq!(
        m,
        vec![
            Missing::JptIncomplete { no: 1 },
            Missing::JptIncomplete { no: 2 }
        ]
    );
    for r in c.rhk.iter_mut().filter(|r| r.jenis == JenisRhk::Utama) {
        r.pk_target = "Indeks kepuasan masyarakat 85".into();
        r.perspektif = "Perspektif Penerima Layanan".into();
    }
    assert!(missing(&c, true).is_empty());
}

#[test]
fn kualitatif_plans_take_narrative_targets() {
    let mut c = complete();
    c.pendekatan = Pendekatan::Kualitatif;
    for r in &mut c.rhk {
        for i in &mut r.indikator {
            i.target_min = None;
            i.target_teks = "Laporan diterima tepat waktu tanpa revisi".into();
        }
    }
    assert!(missing(&c, false).is_empty());
    c.rhk[0].indikator[0].target_teks.clear();
    assert_eq!(missing(&c, false).len(), 1);
}

#[test]
fn targets_parse_and_print_the_indonesian_way() {
    assert_eq!(parse_target("12"), Ok((12.0, None)));
    assert_eq!(parse_target(" 2 - 3 "), Ok((2.0, Some(3.0))));
    assert_eq!(parse_target("2–3"), Ok((2.0, Some(3.0))));
    assert_eq!(parse_target("2,5"), Ok((2.5, None)));
    assert_eq!(parse_target("1.000"), Ok((1000.0, None)));
    assert_eq!(parse_target("0.5"), Ok((0.5, None)));
    assert_eq!(parse_target("5-5"), Ok((5.0, None)));
    assert_eq!(parse_target("3-2"), Err(TargetError::RangeReversed));
    assert_eq!(parse_target("banyak"), Err(TargetError::NotANumber));
    assert_eq!(parse_target("-4"), Err(TargetError::Negative));
    assert_eq!(format_target(12.0, None, "laporan"), "12 laporan");
    assert_eq!(format_target(2.0, Some(3.0), "dokumen"), "2–3 dokumen");
    assert_eq!(format_target(2.5, None, "%"), "2,5 %");
    assert_eq!(target_input(Some(2.0), Some(3.0)), "2-3");
}

proptest! {
    #[test]
    fn printed_targets_parse_back(min in 0u32..100_000, extra in 0u32..1000, hundredths in 0u32..100) {
        let min = min as f64 + hundredths as f64 / 100.0;
        let max = if extra == 0 { None } else { Some(min + extra as f64) };
        let typed = target_input(Some(min), max);
        let (pmin, pmax) = parse_target(&typed.replace('.', ",")).unwrap();
        prop_assert!((pmin - min).abs() < 1e-9);
        prop_assert_eq!(pmax.is_some(), max.is_some());
    }
}

#[test]
fn diff_names_what_changed_between_revisions() {
    let old = complete();
    let mut new = complete();
    new.rhk[0].teks = "Hasil kerja 1 yang diperbaiki".into();
    new.rhk[1].indikator[0].target_min = Some(6.0);
    new.rhk[1].indikator.remove(1);
    new.rhk.remove(2);
    new.rhk
        .push(rhk(4, JenisRhk::Tambahan, None, vec![ind(41, Some(2.0))]));
    new.lampiran
        .dukungan
        .push("Anggaran perjalanan dinas".into());
    let d = diff(&old, &new);
    assert!(d.contains(&Change::RhkChanged {
        teks: "Hasil kerja 1 yang diperbaiki".into(),
        field: "teks",
        before: "Hasil kerja 1".into(),
        after: "Hasil kerja 1 yang diperbaiki".into()
    }));
    assert!(d.contains(&Change::IndicatorChanged {
        rhk: "Hasil kerja 2".into(),
        field: "target",
        before: "4 laporan".into(),
        after: "6 laporan".into()
    }));
    assert!(d.contains(&Change::IndicatorRemoved {
        rhk: "Hasil kerja 2".into(),
        iki: "Jumlah laporan".into()
    }));
    assert!(d.contains(&Change::RhkRemoved {
        jenis: JenisRhk::Tambahan,
        teks: "Hasil kerja 3".into()
    }));
    assert!(d.contains(&Change::RhkAdded {
        jenis: JenisRhk::Tambahan,
        teks: "Hasil kerja 4".into()
    }));
    assert!(matches!(
        d.last(),
        Some(Change::Lampiran {
            bagian: "dukungan",
            ..
        })
    ));
    assert_eq!(d.len(), 6);
    assert!(diff(&old, &old).is_empty());
}
