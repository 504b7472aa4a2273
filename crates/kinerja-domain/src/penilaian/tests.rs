use super::*;
use Predikat::*;
use Rating::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn all_nine_cells_of_the_matrix() {
    let m = MatriksPredikat::permenpanrb_6_2022();
    let expected = [
        (DiAtasEkspektasi, DiBawahEkspektasi, Kurang),
        (DiAtasEkspektasi, SesuaiEkspektasi, Baik),
        (DiAtasEkspektasi, DiAtasEkspektasi, SangatBaik),
        (SesuaiEkspektasi, DiBawahEkspektasi, Kurang),
        (SesuaiEkspektasi, SesuaiEkspektasi, Baik),
        (SesuaiEkspektasi, DiAtasEkspektasi, Baik),
        (DiBawahEkspektasi, DiBawahEkspektasi, SangatKurang),
        (DiBawahEkspektasi, SesuaiEkspektasi, ButuhPerbaikan),
        (DiBawahEkspektasi, DiAtasEkspektasi, ButuhPerbaikan),
    ];
    for (h, p, want) in expected {
        assert_eq!(m.predikat(h, p), want, "{h:?} × {p:?}");
    }
}

#[test]
fn a_different_version_gives_its_own_matrix() {
    // A hypothetical later regulation that rates Sesuai × Di Atas as Sangat Baik: the
    // result follows the version's data, not the code.
    let mut m = MatriksPredikat::permenpanrb_6_2022();
    m.cells[1][2] = SangatBaik;
    assert_eq!(m.predikat(SesuaiEkspektasi, DiAtasEkspektasi), SangatBaik);
    assert_eq!(
        MatriksPredikat::permenpanrb_6_2022().predikat(SesuaiEkspektasi, DiAtasEkspektasi),
        Baik
    );
    let json = serde_json::to_string(&AturanPenilaian::default()).unwrap();
    let back: AturanPenilaian = serde_json::from_str(&json).unwrap();
    assert_eq!(back, AturanPenilaian::default());
}

#[test]
fn codes_round_trip() {
    for r in Rating::ALL {
        assert_eq!(Rating::parse(r.code()), Some(r));
    }
    for p in Predikat::ALL {
        assert_eq!(Predikat::parse(p.code()), Some(p));
        assert_eq!(Predikat::ALL[p.index()], p);
    }
    for c in CapaianOrganisasi::ALL {
        assert_eq!(CapaianOrganisasi::parse(c.code()), Some(c));
    }
    for s in EvaluasiStatus::ALL {
        assert_eq!(EvaluasiStatus::parse(s.code()), Some(s));
    }
}

fn rows(spec: &[(Blok, Rating)]) -> Vec<(Blok, Rating)> {
    spec.to_vec()
}

#[test]
fn hasil_suggestion_rules() {
    let a = AturanRatingHasil::default();
    use Blok::*;
    assert_eq!(saran_hasil(&[], &a), None);
    // All above, no Utama below → Di Atas.
    let s = saran_hasil(
        &rows(&[(Utama, DiAtasEkspektasi), (Utama, DiAtasEkspektasi)]),
        &a,
    )
    .unwrap();
    assert_eq!(
        (s.rating, s.alasan),
        (DiAtasEkspektasi, "saran-hasil-mayoritas-di-atas")
    );
    // Most above but one Utama below → not Di Atas; 1 of 4 Utama is a small part.
    let s = saran_hasil(
        &rows(&[
            (Utama, DiAtasEkspektasi),
            (Utama, DiAtasEkspektasi),
            (Utama, DiAtasEkspektasi),
            (Utama, DiBawahEkspektasi),
        ]),
        &a,
    )
    .unwrap();
    assert_eq!(s.rating, SesuaiEkspektasi);
    assert_eq!((s.utama, s.utama_di_bawah), (4, 1));
    // Exactly half above is not "most".
    let s = saran_hasil(
        &rows(&[(Utama, DiAtasEkspektasi), (Utama, SesuaiEkspektasi)]),
        &a,
    )
    .unwrap();
    assert_eq!(s.rating, SesuaiEkspektasi);
    // A Tambahan row below does not stop Di Atas.
    let s = saran_hasil(
        &rows(&[
            (Utama, DiAtasEkspektasi),
            (Utama, DiAtasEkspektasi),
            (Tambahan, DiBawahEkspektasi),
        ]),
        &a,
    )
    .unwrap();
    assert_eq!(s.rating, DiAtasEkspektasi);
    // Most below → Di Bawah.
    let s = saran_hasil(
        &rows(&[
            (Utama, DiBawahEkspektasi),
            (Utama, DiBawahEkspektasi),
            (Utama, SesuaiEkspektasi),
        ]),
        &a,
    )
    .unwrap();
    assert_eq!(
        (s.rating, s.alasan),
        (DiBawahEkspektasi, "saran-hasil-mayoritas-di-bawah")
    );
    // Not most below, but more than a small part of Utama below → Di Bawah.
    let s = saran_hasil(
        &rows(&[
            (Utama, DiBawahEkspektasi),
            (Utama, SesuaiEkspektasi),
            (Utama, DiAtasEkspektasi),
        ]),
        &a,
    )
    .unwrap();
    assert_eq!(
        (s.rating, s.alasan),
        (DiBawahEkspektasi, "saran-hasil-utama-di-bawah")
    );
    // Exactly 25 % of Utama below is still a small part.
    let s = saran_hasil(
        &rows(&[
            (Utama, DiBawahEkspektasi),
            (Utama, SesuaiEkspektasi),
            (Utama, SesuaiEkspektasi),
            (Utama, SesuaiEkspektasi),
        ]),
        &a,
    )
    .unwrap();
    assert_eq!(s.rating, SesuaiEkspektasi);
}

#[test]
fn perilaku_suggestion_rules() {
    assert_eq!(saran_perilaku(&[]), None);
    let s = saran_perilaku(&[DiAtasEkspektasi; 7]).unwrap();
    assert_eq!(s.rating, DiAtasEkspektasi);
    let mut v = vec![SesuaiEkspektasi; 4];
    v.extend([DiAtasEkspektasi; 3]);
    assert_eq!(saran_perilaku(&v).unwrap().rating, SesuaiEkspektasi);
    let mut v = vec![DiBawahEkspektasi; 4];
    v.extend([SesuaiEkspektasi; 3]);
    assert_eq!(saran_perilaku(&v).unwrap().rating, DiBawahEkspektasi);
    // A tie between the extremes leans to the middle and says so.
    let s = saran_perilaku(&[
        DiAtasEkspektasi,
        DiAtasEkspektasi,
        DiBawahEkspektasi,
        DiBawahEkspektasi,
    ])
    .unwrap();
    assert_eq!(
        (s.rating, s.alasan),
        (SesuaiEkspektasi, "saran-perilaku-seri")
    );
}

proptest! {
    #[test]
    fn suggestions_never_contradict_unanimity(n in 1usize..20, r in 0usize..3) {
        let r = Rating::ALL[r];
        let hasil = saran_hasil(&vec![(Blok::Utama, r); n], &AturanRatingHasil::default()).unwrap();
        prop_assert_eq!(hasil.rating, r);
        prop_assert_eq!(saran_perilaku(&vec![r; n]).unwrap().rating, r);
    }

    #[test]
    fn hasil_suggestion_counts_add_up(v in proptest::collection::vec((any::<bool>(), 0usize..3), 1..30)) {
        let rows: Vec<(Blok, Rating)> = v.iter().map(|(u, r)| (if *u { Blok::Utama } else { Blok::Tambahan }, Rating::ALL[*r])).collect();
        let s = saran_hasil(&rows, &AturanRatingHasil::default()).unwrap();
        prop_assert_eq!((s.di_atas + s.sesuai + s.di_bawah) as usize, rows.len());
        // Di Atas is never suggested with an Utama row below expectation.
        if s.rating == DiAtasEkspektasi {
            prop_assert_eq!(s.utama_di_bawah, 0);
        }
    }
}

fn h(counts: [u32; 5]) -> Histogram {
    Histogram { counts }
}

fn broken(c: CapaianOrganisasi, counts: [u32; 5]) -> usize {
    PolaDistribusi::permenpanrb_6_2022()
        .check(c, &h(counts))
        .len()
}

#[test]
fn curve_rules_at_their_boundaries() {
    use CapaianOrganisasi as C;
    // Istimewa: Sangat Baik at most 70 %: 7 of 10 is allowed, 8 of 10 is not.
    assert_eq!(broken(C::Istimewa, [7, 3, 0, 0, 0]), 0);
    assert_eq!(broken(C::Istimewa, [8, 2, 0, 0, 0]), 1);
    // Baik: Baik at most 70 %, and some Butuh Perbaikan or Kurang.
    assert_eq!(broken(C::Baik, [2, 7, 1, 0, 0]), 0);
    assert_eq!(broken(C::Baik, [2, 7, 0, 1, 0]), 0);
    assert_eq!(broken(C::Baik, [1, 8, 1, 0, 0]), 1);
    assert_eq!(broken(C::Baik, [3, 7, 0, 0, 0]), 1);
    assert_eq!(broken(C::Baik, [2, 8, 0, 0, 0]), 2);
    // Butuh Perbaikan: Sangat Baik at most 10 %, Butuh Perbaikan at least 60 %.
    assert_eq!(broken(C::ButuhPerbaikan, [1, 3, 6, 0, 0]), 0);
    assert_eq!(broken(C::ButuhPerbaikan, [2, 2, 6, 0, 0]), 1);
    assert_eq!(broken(C::ButuhPerbaikan, [1, 4, 5, 0, 0]), 1);
    // Kurang: SB ≤ 10 %, BP ≥ 10 %, Kurang ≥ 60 %.
    assert_eq!(broken(C::Kurang, [1, 2, 1, 6, 0]), 0);
    assert_eq!(broken(C::Kurang, [0, 4, 0, 6, 0]), 1);
    assert_eq!(broken(C::Kurang, [0, 4, 1, 5, 0]), 1);
    // Sangat Kurang: no Sangat Baik; BP + K ≥ 10 %; SK ≥ 60 %.
    assert_eq!(broken(C::SangatKurang, [0, 3, 1, 0, 6]), 0);
    assert_eq!(broken(C::SangatKurang, [0, 3, 0, 1, 6]), 0);
    assert_eq!(broken(C::SangatKurang, [1, 2, 1, 0, 6]), 1);
    assert_eq!(broken(C::SangatKurang, [0, 4, 0, 0, 6]), 1);
    assert_eq!(broken(C::SangatKurang, [0, 3, 2, 0, 5]), 1);
}

#[test]
fn empty_units_and_units_of_one() {
    use CapaianOrganisasi as C;
    for c in C::ALL {
        assert_eq!(broken(c, [0; 5]), 0, "{c:?}");
    }
    // One person: a Baik unit needs someone below Baik, so a lone Baik breaks that rule
    // and needs the leader's justification; a lone Butuh Perbaikan is fine.
    let v = PolaDistribusi::permenpanrb_6_2022().check(C::Baik, &h([0, 1, 0, 0, 0]));
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].persen_aktual(), 100.0);
    assert_eq!(broken(C::Baik, [0, 0, 1, 0, 0]), 0);
    assert_eq!(broken(C::Istimewa, [1, 0, 0, 0, 0]), 1);
}

#[test]
fn histogram_counts_predikat() {
    let hist = Histogram::from_predikat([Baik, Baik, SangatKurang]);
    assert_eq!(hist.counts, [0, 2, 0, 0, 1]);
    assert_eq!(hist.total(), 3);
}

#[test]
fn keberatan_deadline_in_calendar_days() {
    let a = AturanPenilaian::default();
    let received = d(2026, 1, 5);
    let batas = a.batas_keberatan(received, &[]);
    assert_eq!(batas, d(2026, 1, 19));
    assert!(keberatan_tepat_waktu(batas, d(2026, 1, 19)));
    assert!(!keberatan_tepat_waktu(batas, d(2026, 1, 20)));
    assert!(keberatan_tepat_waktu(batas, received));
}

#[test]
fn keberatan_deadline_in_working_days_skips_weekends_and_holidays() {
    // Friday 2 January 2026 + 14 working days, with 1 January already past.
    let received = d(2026, 1, 2);
    assert_eq!(
        batas_keberatan(received, 14, JenisHari::Kerja, &[]),
        d(2026, 1, 22)
    );
    // A holiday inside the window pushes the end by one working day.
    assert_eq!(
        batas_keberatan(received, 14, JenisHari::Kerja, &[d(2026, 1, 16)]),
        d(2026, 1, 23)
    );
    // Received on a Friday, one working day → Monday.
    assert_eq!(
        batas_keberatan(received, 1, JenisHari::Kerja, &[]),
        d(2026, 1, 5)
    );
}

#[test]
fn angka_kredit_by_jenjang_and_predikat() {
    use Jenjang::*;
    assert_eq!(angka_kredit(AhliPertama, Baik), Some(AngkaKredit(125_000)));
    assert_eq!(
        angka_kredit(AhliPertama, SangatBaik).unwrap().as_f64(),
        18.75
    );
    assert_eq!(
        angka_kredit(Pemula, ButuhPerbaikan).unwrap().as_f64(),
        2.8125
    );
    assert_eq!(
        angka_kredit(Pemula, ButuhPerbaikan).unwrap().format_id(),
        "2,813"
    );
    assert_eq!(
        angka_kredit(AhliUtama, SangatKurang).unwrap().as_f64(),
        12.5
    );
    assert_eq!(
        angka_kredit(Penyelia, Kurang).unwrap().format_id(),
        "12,500"
    );
    assert_eq!(angka_kredit(Pratama, Baik), None);
    assert_eq!(angka_kredit(Operator, Baik), None);
}

fn all_roles() -> [EvaluasiRole; 6] {
    use EvaluasiRole::*;
    [Pegawai, Penilai, AtasanPenilai, Pimpinan, Admin, Other]
}

#[test]
fn workflow_every_allowed_and_forbidden_transition() {
    use EvaluasiAction as A;
    use EvaluasiRole as R;
    use EvaluasiStatus as S;
    let actions = [
        A::WriteSelf,
        A::SubmitSelf,
        A::Assess,
        A::SubmitAssessment,
        A::ReopenAssessment,
        A::Finalise,
        A::Object,
        A::Decide,
        A::AdminReopen,
    ];
    // (status, action, role, deadline passed, objection in time) → result
    let allowed: &[(S, A, R, S)] = &[
        (S::Draft, A::WriteSelf, R::Pegawai, S::Draft),
        (S::Draft, A::SubmitSelf, R::Pegawai, S::DinilaiSendiri),
        (S::DinilaiSendiri, A::Assess, R::Penilai, S::DinilaiSendiri),
        (
            S::DinilaiSendiri,
            A::SubmitAssessment,
            R::Penilai,
            S::Dinilai,
        ),
        (
            S::Dinilai,
            A::ReopenAssessment,
            R::Penilai,
            S::DinilaiSendiri,
        ),
        (S::Dinilai, A::Finalise, R::Pimpinan, S::Ditetapkan),
        (S::Ditetapkan, A::Object, R::Pegawai, S::Keberatan),
        (S::Keberatan, A::Decide, R::AtasanPenilai, S::Diputuskan),
        (S::Ditetapkan, A::AdminReopen, R::Admin, S::DinilaiSendiri),
        (S::Keberatan, A::AdminReopen, R::Admin, S::DinilaiSendiri),
        (S::Diputuskan, A::AdminReopen, R::Admin, S::DinilaiSendiri),
    ];
    for s in S::ALL {
        for a in actions {
            for r in all_roles() {
                let got = evaluasi_transition(s, a, r, false, true);
                match allowed
                    .iter()
                    .find(|(s2, a2, r2, _)| (*s2, *a2, *r2) == (s, a, r))
                {
                    Some((_, _, _, to)) => assert_eq!(got, Ok(*to), "{s:?} {a:?} {r:?}"),
                    None => assert!(got.is_err(), "{s:?} {a:?} {r:?} gave {got:?}"),
                }
            }
        }
    }
}

#[test]
fn a_silent_employee_does_not_block_the_penilai_after_the_deadline() {
    use EvaluasiAction as A;
    use EvaluasiRole as R;
    use EvaluasiStatus as S;
    assert_eq!(
        evaluasi_transition(S::Draft, A::SubmitAssessment, R::Penilai, false, true),
        Err(EvaluasiError::WrongStatus)
    );
    assert_eq!(
        evaluasi_transition(S::Draft, A::SubmitAssessment, R::Penilai, true, true),
        Ok(S::Dinilai)
    );
    assert_eq!(
        evaluasi_transition(S::Draft, A::Assess, R::Penilai, true, true),
        Ok(S::Draft)
    );
    // The employee can no longer self-assess once the penilai has submitted.
    assert_eq!(
        evaluasi_transition(S::Dinilai, A::WriteSelf, R::Pegawai, true, true),
        Err(EvaluasiError::WrongStatus)
    );
}

#[test]
fn a_late_objection_is_refused_with_its_own_code() {
    let got = evaluasi_transition(
        EvaluasiStatus::Ditetapkan,
        EvaluasiAction::Object,
        EvaluasiRole::Pegawai,
        true,
        false,
    );
    assert_eq!(got, Err(EvaluasiError::LateObjection));
    assert_eq!(EvaluasiError::LateObjection.code(), "keberatan-late");
}

#[test]
fn locked_and_visible_statuses() {
    use EvaluasiStatus as S;
    assert!(!S::Draft.result_visible());
    assert!(!S::DinilaiSendiri.result_visible());
    assert!(S::Dinilai.result_visible());
    assert!(!S::Dinilai.locked());
    assert!(S::Ditetapkan.locked() && S::Keberatan.locked() && S::Diputuskan.locked());
}

#[test]
fn colleagues_input_opens_at_three_answers_and_never_below() {
    let mut a = AturanPenilaian::default();
    assert!(!a.masukan_terbuka(0));
    assert!(!a.masukan_terbuka(2));
    assert!(a.masukan_terbuka(3));
    a.masukan_minimum = 1;
    assert!(
        !a.masukan_terbuka(2),
        "a lower setting cannot expose one answer"
    );
    a.masukan_minimum = 5;
    assert!(!a.masukan_terbuka(4));
    assert!(a.masukan_terbuka(5));
    // Reference data stored before the setting existed reads as the default.
    let mut json = serde_json::to_value(AturanPenilaian::default()).unwrap();
    json.as_object_mut().unwrap().remove("masukan_minimum");
    let back: AturanPenilaian = serde_json::from_value(json).unwrap();
    assert_eq!(back.masukan_minimum, MASUKAN_MINIMUM);
}
