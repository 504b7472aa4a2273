use super::safe_next;
use proptest::prelude::*;

#[test]
fn redirect_targets_stay_on_the_site() {
    for ok in [
        "/",
        "/skp/12",
        "/pegawai?q=budi&unit=3",
        "/a/%2F%2Fevil.example",
        "/#x",
    ] {
        assert_eq!(safe_next(ok), ok, "{ok:?}");
    }
    // Known bypasses of naive checks (OWASP, PortSwigger lists).
    for bad in [
        "",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/ /evil.example",
        "/\u{0}/evil.example",
        "/\u{7f}/evil.example",
        "/\u{a0}/evil.example",
        "/\u{3000}/evil.example",
        "/\u{ff0f}/evil.example",
        " /evil",
        "\t//evil.example",
        "https://evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/a\\b",
        "///evil.example",
        "/\\/evil.example",
    ] {
        assert_eq!(safe_next(bad), "/", "{bad:?}");
    }
}

proptest! {
    #[test]
    fn any_text_gives_a_local_path(s in "\\PC*") {
        let out = safe_next(&s);
        prop_assert!(out.starts_with('/'));
        prop_assert!(!out.starts_with("//") && !out.contains('\\'));
        prop_assert!(out.bytes().all(|c| c.is_ascii_graphic()));
        prop_assert!(axum::http::HeaderValue::from_str(out).is_ok());
    }
}
