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
