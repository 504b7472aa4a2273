use super::*;

#[test]
fn generation_is_deterministic_and_nips_are_valid_and_unique() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let (u1, e1, c1, _) = generate(7, today);
    let (u2, e2, _, _) = generate(7, today);
    assert_eq!(u1, u2);
    assert_eq!(e1, e2);
    let (_, e3, _, _) = generate(8, today);
    assert_ne!(e1, e3);
    let mut seen = HashSet::new();
    let mut n = 0;
    let mut reader = csv::Reader::from_reader(e1.as_bytes());
    for rec in reader.records() {
        let rec = rec.unwrap();
        let nip = &rec[0];
        let jenis = JenisAsn::parse(&rec[4]).unwrap();
        kinerja_domain::Nip::parse(nip, jenis, today).unwrap_or_else(|e| panic!("{nip}: {e}"));
        assert!(seen.insert(nip.to_string()), "duplicate {nip}");
        n += 1;
    }
    assert!(
        (13_000..=17_000).contains(&n),
        "about 15,000 employees, got {n}"
    );
    assert!(!c1.guru.is_empty() && !c1.kasi.is_empty() && !c1.pelaksana.is_empty());
}

#[test]
fn rng_is_stable() {
    let mut r = Rng::new(1);
    assert_eq!(r.next_u64(), Rng::new(1).next_u64());
    let v: Vec<i64> = (0..1000).map(|_| r.range(3, 5)).collect();
    assert!(v.iter().all(|x| (3..=5).contains(x)));
    assert!(v.contains(&3) && v.contains(&5));
}

#[test]
fn copy_kodes_are_distinct_and_read_as_region_codes() {
    use super::copies::copy_kode;
    assert_eq!(copy_kode(1), "90.01");
    assert_eq!(copy_kode(99), "90.99");
    assert_eq!(copy_kode(100), "91.01");
    let all: HashSet<String> = (1..=999).map(copy_kode).collect();
    assert_eq!(all.len(), 999);
    assert!(!all.contains(DEMO_KODE));
}

#[test]
fn copied_nips_keep_birth_tmt_and_sex_and_are_distinct_across_copies() {
    use super::copies::distinct_nip;
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let (_, employees, _, _) = generate(7, today);
    let mut reader = csv::Reader::from_reader(employees.as_bytes());
    let source: Vec<(String, JenisAsn)> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[0].to_string(), JenisAsn::parse(&r[4]).unwrap()))
        .take(3000)
        .collect();
    let mut used: HashSet<String> = source.iter().map(|(n, _)| n.clone()).collect();
    for k in 1..=20 {
        for (nip, jenis) in &source {
            let new = distinct_nip(nip, k, &mut used).expect("a free sequence number");
            assert_eq!(new[..15], nip[..15], "birth date, TMT and sex are kept");
            assert_ne!(&new, nip);
            kinerja_domain::Nip::parse(&new, *jenis, today)
                .unwrap_or_else(|e| panic!("{new}: {e}"));
        }
    }
    assert_eq!(used.len(), 21 * source.len(), "no NIP given twice");
    // Anything that is not eighteen digits has no copy.
    for bad in [
        "",
        "12345",
        "19800101200501100١",
        "ab8001012005011001",
        "1980010120050110011",
    ] {
        assert_eq!(distinct_nip(bad, 1, &mut used), None, "{bad}");
    }
}

#[test]
fn rewriting_moves_ids_in_paths_json_fields_and_json_keys() {
    use super::copies::rewrite;
    use crate::store::copy::Rewrite;
    let nips = HashMap::from([(
        "198001012005011001".to_string(),
        "198001012005011002".to_string(),
    )]);
    assert_eq!(
        rewrite(Rewrite::Path, "/1/2/5/", 100, &nips),
        "/101/102/105/"
    );
    let snapshot = r#"{"pegawai":{"employee_id":2,"nip":"198001012005011001","nama":"A"},"penilai":{"employee_id":1,"nip":"–"},"atasan":null,"rhk":[{"id":7,"parent_rhk_id":null,"indikator":[{"id":9,"target_min":3}]}]}"#;
    let moved: serde_json::Value =
        serde_json::from_str(&rewrite(Rewrite::Json, snapshot, 100, &nips)).unwrap();
    assert_eq!(
        moved,
        json!({"pegawai":{"employee_id":102,"nip":"198001012005011002","nama":"A"},"penilai":{"employee_id":101,"nip":"–"},"atasan":null,"rhk":[{"id":107,"parent_rhk_id":null,"indikator":[{"id":109,"target_min":3}]}]})
    );
    let keys: serde_json::Value = serde_json::from_str(&rewrite(
        Rewrite::JsonKeys,
        r#"{"7":"kurang jelas","x":"y"}"#,
        100,
        &nips,
    ))
    .unwrap();
    assert_eq!(keys, json!({"107":"kurang jelas","x":"y"}));
    // Text that is not JSON is kept as it is.
    assert_eq!(
        rewrite(Rewrite::Json, "bukan json", 100, &nips),
        "bukan json"
    );
}

#[test]
fn the_copy_plan_refuses_what_it_cannot_place_and_orders_parents_first() {
    use crate::store::copy::{Column, plan_of};
    let row =
        |t: &str, c: &str, r: Option<&str>| (t.to_string(), c.to_string(), r.map(String::from));
    let base = vec![
        row("instansi", "id", None),
        row("skps", "id", None),
        row("skps", "instansi_id", Some("instansi")),
        row("skps", "employee_id", Some("employees")),
        row("employees", "id", None),
        row("employees", "instansi_id", Some("instansi")),
        row("employees", "nip", None),
        row("employees", "penilai_override_id", Some("employees")),
        row("kalender", "tanggal", None),
    ];
    let plan = plan_of(&base).unwrap();
    let names: Vec<&str> = plan.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["employees", "skps"],
        "parents first; global tables are not copied"
    );
    let employees = &plan.tables[0];
    assert!(employees.columns.contains(&("nip".into(), Column::Nip)));
    assert!(
        employees
            .columns
            .contains(&("penilai_override_id".into(), Column::Id))
    );
    let (sql, _) = plan.tables[1].insert_sql();
    assert_eq!(
        sql,
        "INSERT INTO skps (id, instansi_id, employee_id) SELECT s.id + $3, $2, s.employee_id + $3 \
         FROM skps s WHERE s.instansi_id = $1"
    );
    // An id with no foreign key, or JSON nobody has looked at, stops the copy.
    let mut unknown = base.clone();
    unknown.push(row("skps", "atasan_id", None));
    assert!(plan_of(&unknown).is_err());
    let mut json_col = base.clone();
    json_col.push(row("skps", "isi_json", None));
    assert!(plan_of(&json_col).is_err());
    // Tables that reference each other cannot be ordered.
    let mut cycle = base;
    cycle.push(row("employees", "skp_id", Some("skps")));
    assert!(plan_of(&cycle).is_err());
}

proptest::proptest! {
    /// Text read back from the database may be anything: no text panics the rewrite (an id
    /// near i64::MAX once overflowed), and only eighteen ASCII digits get a copied NIP.
    #[test]
    fn any_text_is_rewritten_or_kept_and_never_panics(
        text in "\\PC*",
        digits in "[0-9]{1,20}",
        offset in proptest::prelude::any::<i64>(),
        k in 1usize..2000,
    ) {
        use super::copies::{distinct_nip, rewrite};
        use crate::store::copy::Rewrite;
        let nips = HashMap::new();
        for how in [Rewrite::Path, Rewrite::Json, Rewrite::JsonKeys] {
            let _ = rewrite(how, &text, offset, &nips);
            let _ = rewrite(how, &format!("/{digits}/"), offset, &nips);
            let _ = rewrite(how, &format!("{{\"id\":{digits},\"{digits}\":1}}"), offset, &nips);
        }
        let mut used = HashSet::new();
        let ok = |s: &str| s.len() == 18 && s.bytes().all(|b| b.is_ascii_digit());
        proptest::prop_assert_eq!(distinct_nip(&text, k, &mut used).is_some(), ok(&text));
        proptest::prop_assert_eq!(distinct_nip(&digits, k, &mut used).is_some(), ok(&digits));
    }
}

#[test]
fn an_id_that_would_overflow_is_kept_as_it_is() {
    use super::copies::rewrite;
    use crate::store::copy::Rewrite;
    let nips = HashMap::new();
    let max = i64::MAX.to_string();
    assert_eq!(
        rewrite(Rewrite::Path, &format!("/{max}/2/"), 10, &nips),
        format!("/{max}/12/")
    );
    let v: serde_json::Value = serde_json::from_str(&rewrite(
        Rewrite::Json,
        &format!("{{\"id\":{max}}}"),
        1,
        &nips,
    ))
    .unwrap();
    assert_eq!(v, json!({"id": i64::MAX}));
}
