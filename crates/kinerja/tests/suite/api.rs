//! The JSON API: tokens, errors as {code, message}, reads, admin writes, and the OpenAPI
//! document kept in step with the routes.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_auth_and_error_bodies() {
    let (t, _) = TestApp::with_fixture().await;
    let http = reqwest::Client::new();
    let res = http
        .post(format!("{}/api/v1/auth/token", t.base))
        .json(&json!({"username": Fixture::nip("p1"), "password": "salah"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body,
        json!({"code": "bad-credentials", "message": "NIP atau kata sandi salah."})
    );
    // English on request.
    let res = http
        .post(format!("{}/api/v1/auth/token", t.base))
        .header("accept-language", "en-US,en;q=0.9")
        .json(&json!({"username": Fixture::nip("p1"), "password": "salah"}))
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["message"], "Wrong NIP or password.");
    // Malformed JSON is an API error too, not a framework message.
    let res = http
        .post(format!("{}/api/v1/auth/token", t.base))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "invalid");
    // No token, a bad token.
    let res = http
        .get(format!("{}/api/v1/me", t.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "unauthorized");
    let bad = t.api("tidak-sah");
    assert_eq!(bad.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    // A good token.
    let api = t.api(&t.token(Fixture::nip("kabid_a")).await);
    let (s, me) = api.get("/api/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["username"], Fixture::nip("kabid_a"));
    assert_eq!(me["led_unit_paths"].as_array().unwrap().len(), 1);
    // Unknown routes under the API answer in the same shape.
    let (s, body) = api.get("/api/v1/tidak-ada").await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("no-route"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_sessions_may_read_but_not_write_the_api() {
    let (t, f) = TestApp::with_fixture().await;
    let c = t.login("admin").await;
    let cookie = c
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let http = reqwest::Client::new();
    let res = http
        .get(format!("{}/api/v1/me", t.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = http
        .put(format!("{}/api/v1/employees/{}", t.base, f.id("p1")))
        .header("cookie", &cookie)
        .json(&json!({"version": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn units_and_employees_read_with_penilai_chain() {
    let (t, f) = TestApp::with_fixture().await;
    let api = t.api(&t.token("admin").await);
    let (s, units) = api.get("/api/v1/units").await;
    assert_eq!(s, StatusCode::OK);
    let names: Vec<&str> = units
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["nama"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Dinas Alpha", "Dinas Beta"]);
    let alpha = units[0]["id"].as_i64().unwrap();
    let (_, detail) = api.get(&format!("/api/v1/units/{alpha}")).await;
    assert_eq!(detail["employee_count"], 9);
    assert_eq!(detail["ancestors"][0]["kode"], "99.01");
    let (_, page) = api.get("/api/v1/employees?q=pelaksana&per_page=2").await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let (_, e) = api.get(&format!("/api/v1/employees/{}", f.id("p1"))).await;
    assert_eq!(e["employee"]["nip"], Fixture::nip("p1"));
    assert_eq!(e["employee"]["tanggal_lahir"], "1995-05-05");
    assert_eq!(e["penilai"]["person"]["nama_lengkap"], "Kasi Alpha");
    assert_eq!(e["penilai"]["person"]["source"], "tree");
    assert_eq!(e["atasan_penilai"]["person"]["nama_lengkap"], "Kabid Alpha");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_create_and_update_with_optimistic_concurrency() {
    let (t, f) = TestApp::with_fixture().await;
    let api = t.api(&t.token(Fixture::nip("admin_a")).await);
    let new = json!({
        "nip": "199201012019031050", "jenis_asn": "pns", "nama": "Pegawai Api",
        "golongan": "III/a", "unit_kode": "A.2.1", "jabatan": "Analis Data", "jenis_jabatan": "fungsional",
        "jenjang": "ahli_pertama"
    });
    let (s, created) = api.send(Method::POST, "/api/v1/employees", &new).await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    assert_eq!(created["jenis_kelamin"], "L");
    let id = created["id"].as_i64().unwrap();
    // Duplicate NIP, and an OPD admin creating outside their OPD.
    let (s, body) = api.send(Method::POST, "/api/v1/employees", &new).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["code"], "nip-duplicate");
    let mut outside = new.clone();
    outside["nip"] = json!("199201012019031051");
    outside["unit_kode"] = json!("B.1");
    let (s, body) = api.send(Method::POST, "/api/v1/employees", &outside).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["problems"][0]["code"], "unit-outside-scope");
    // Several problems at once, each with a message.
    let mut bad = new.clone();
    bad["nip"] = json!("199213012019031050");
    bad["golongan"] = json!("III/q");
    let (_, body) = api.send(Method::POST, "/api/v1/employees", &bad).await;
    let codes: Vec<&str> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        vec!["nip-birth-date-invalid", "golongan-unknown-pns"]
    );
    assert!(
        body["problems"][1]["message"]
            .as_str()
            .unwrap()
            .contains("III/q")
    );

    let mut upd = new.clone();
    upd["version"] = created["version"].clone();
    upd["golongan"] = json!("III/b");
    let (s, updated) = api
        .send(Method::PUT, &format!("/api/v1/employees/{id}"), &upd)
        .await;
    assert_eq!(s, StatusCode::OK, "{updated}");
    assert_eq!(updated["golongan"], "III/b");
    assert_eq!(updated["version"], 2);
    // The same old version again: someone changed it meanwhile.
    upd["golongan"] = json!("III/c");
    let (s, body) = api
        .send(Method::PUT, &format!("/api/v1/employees/{id}"), &upd)
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(body["code"], "stale");
    let e = kinerja::store::org::employee_get(&t.app.db, f.instansi_id, id)
        .await
        .unwrap();
    assert_eq!(e.golongan.as_deref(), Some("III/b"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_matches_the_routes() {
    let (t, f) = TestApp::with_fixture().await;
    let doc: Value = reqwest::get(format!("{}/api/v1/openapi.json", t.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"].as_str().unwrap().chars().next(), Some('3'));
    let paths = doc["paths"].as_object().unwrap();
    let mut documented = Vec::new();
    for (path, item) in paths {
        assert!(path.starts_with("/api/v1/"), "{path}");
        for method in item.as_object().unwrap().keys() {
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    documented.sort();
    // A parameter is in the path exactly when the path names it; every other is a query
    // parameter (a wrapper extractor once made them all required path parameters).
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap();
                let where_ = p["in"].as_str().unwrap();
                let in_path = path.contains(&format!("{{{name}}}"));
                assert_eq!(
                    where_,
                    if in_path { "path" } else { "query" },
                    "{method} {path}: {name}"
                );
            }
        }
    }
    let expected = vec![
        ("GET", "/api/v1/employees"),
        ("GET", "/api/v1/employees/{id}"),
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/units"),
        ("GET", "/api/v1/units/{id}"),
        ("POST", "/api/v1/auth/token"),
        ("POST", "/api/v1/employees"),
        ("PUT", "/api/v1/employees/{id}"),
        ("GET", "/api/v1/skp"),
        ("POST", "/api/v1/skp"),
        ("GET", "/api/v1/skp-queue"),
        ("GET", "/api/v1/skp/{id}"),
        ("GET", "/api/v1/skp/{id}/pdf"),
        ("POST", "/api/v1/skp/{id}/rhk"),
        ("PUT", "/api/v1/skp/{id}/rhk/{rid}"),
        ("DELETE", "/api/v1/skp/{id}/rhk/{rid}"),
        ("POST", "/api/v1/skp/{id}/rhk/{rid}/indikator"),
        ("PUT", "/api/v1/skp/{id}/indikator/{iid}"),
        ("DELETE", "/api/v1/skp/{id}/indikator/{iid}"),
        ("POST", "/api/v1/skp/{id}/transitions"),
        ("GET", "/api/v1/skp/{id}/umpan-balik"),
        ("POST", "/api/v1/skp/{id}/umpan-balik"),
        ("POST", "/api/v1/evaluasi"),
        ("GET", "/api/v1/evaluasi/{id}"),
        ("PUT", "/api/v1/evaluasi/{id}/diri"),
        ("PUT", "/api/v1/evaluasi/{id}/penilaian"),
        ("POST", "/api/v1/evaluasi/{id}/transitions"),
        ("GET", "/api/v1/evaluasi/{id}/pdf"),
        ("GET", "/api/v1/evaluasi/{id}/keberatan"),
        ("POST", "/api/v1/evaluasi/{id}/keberatan"),
        ("PUT", "/api/v1/evaluasi/{id}/keberatan/penjelasan"),
        ("PUT", "/api/v1/evaluasi/{id}/keberatan/putusan"),
        ("GET", "/api/v1/dasbor"),
        ("GET", "/api/v1/progres"),
        ("POST", "/api/v1/progres"),
        ("GET", "/api/v1/progres/tim"),
        ("GET", "/api/v1/progres/ekspor"),
        ("POST", "/api/v1/progres/pengakuan-minggu"),
        ("GET", "/api/v1/progres/{id}"),
        ("PUT", "/api/v1/progres/{id}"),
        ("DELETE", "/api/v1/progres/{id}"),
        ("PUT", "/api/v1/progres/{id}/pengakuan"),
        ("GET", "/api/v1/skp/{id}/rencana-aksi"),
        ("POST", "/api/v1/skp/{id}/rencana-aksi"),
        ("PUT", "/api/v1/rencana-aksi/{id}"),
        ("DELETE", "/api/v1/rencana-aksi/{id}"),
        ("PUT", "/api/v1/rencana-aksi/{id}/catatan"),
    ];
    let mut expected = expected;
    expected.sort();
    assert_eq!(
        documented
            .iter()
            .map(|(m, p)| (m.as_str(), p.as_str()))
            .collect::<Vec<_>>(),
        expected
    );
    // Every documented operation is served (never "no-route" or 405) ...
    let api = t.api(&t.token("admin").await);
    for (method, path) in &documented {
        let concrete = path
            .replace("{id}", &f.id("p1").to_string())
            .replace("{rid}", "1")
            .replace("{iid}", "1");
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        let (s, body) = api.send(m, &concrete, &json!({})).await;
        assert_ne!(s, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_ne!(body["code"], "no-route", "{method} {path}");
    }
    // ... and every route of the API is documented: an undocumented method is refused.
    let (s, _) = api
        .send(
            Method::DELETE,
            &format!("/api/v1/employees/{}", f.id("p1")),
            &json!({}),
        )
        .await;
    assert!(s == StatusCode::METHOD_NOT_ALLOWED || s == StatusCode::NOT_FOUND);
    // The committed copy in docs/ is the current document.
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/openapi.json"
        ))
        .unwrap_or_default(),
    )
    .unwrap_or(Value::Null);
    if committed != doc {
        std::fs::write(
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json.new"),
            serde_json::to_string_pretty(&doc).unwrap(),
        )
        .unwrap();
        panic!("docs/openapi.json is out of date: review docs/openapi.json.new and rename it");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_through_the_api() {
    let (t, _, year) = TestApp::with_year().await;
    let kasi = t.api(&t.token(Fixture::nip("kasi_a")).await);
    let (s, kp) = kasi
        .send(
            Method::POST,
            "/api/v1/skp",
            &json!({"year_id": year, "start": "kosong"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{kp}");
    let kid = kp["id"].as_i64().unwrap();
    let (_, kp) = kasi
        .send(
            Method::POST,
            &format!("/api/v1/skp/{kid}/rhk"),
            &json!({"version": kp["version"], "jenis": "utama", "teks": "RHK kasi"}),
        )
        .await;
    let parent = kp["content"]["rhk"][0]["id"].as_i64().unwrap();

    let p1 = t.api(&t.token(Fixture::nip("p1")).await);
    let (_, plan) = p1
        .send(
            Method::POST,
            "/api/v1/skp",
            &json!({"year_id": year, "start": "kosong"}),
        )
        .await;
    let id = plan["id"].as_i64().unwrap();
    assert_eq!(plan["role"], "owner");
    assert_eq!(plan["missing"], json!(["skp-missing-utama"]));
    let (s, plan) = p1
        .send(Method::POST, &format!("/api/v1/skp/{id}/rhk"), &json!({"version": plan["version"], "jenis": "utama", "teks": "RHK saya", "parent_rhk_id": parent}))
        .await;
    assert_eq!(s, StatusCode::OK, "{plan}");
    let rid = plan["content"]["rhk"][0]["id"].as_i64().unwrap();
    // A stale version is refused with 409.
    let (s, body) = p1
        .send(
            Method::POST,
            &format!("/api/v1/skp/{id}/rhk/{rid}/indikator"),
            &json!({"version": 1, "aspek": "Kuantitas", "iki": "x", "target": "1", "satuan": "a"}),
        )
        .await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("stale"))
    );
    let (s, body) = p1
        .send(Method::POST, &format!("/api/v1/skp/{id}/rhk/{rid}/indikator"), &json!({"version": plan["version"], "aspek": "Kuantitas", "iki": "Jumlah", "target": "2-3", "satuan": "dokumen"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["content"]["rhk"][0]["indikator"][0]["target_max"], 3.0);
    assert!(
        body["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("submit"))
    );
    let (s, body) = p1
        .send(
            Method::POST,
            &format!("/api/v1/skp/{id}/transitions"),
            &json!({"action": "approve", "version": body["version"]}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
    let (_, plan) = p1.get(&format!("/api/v1/skp/{id}")).await;
    let (s, plan) = p1
        .send(
            Method::POST,
            &format!("/api/v1/skp/{id}/transitions"),
            &json!({"action": "submit", "version": plan["version"]}),
        )
        .await;
    assert_eq!(
        (s, plan["status"].as_str()),
        (StatusCode::OK, Some("diajukan"))
    );
    let (_, q) = kasi.get("/api/v1/skp-queue").await;
    assert_eq!(q[0]["skp_id"], id);
    let (s, plan) = kasi
        .send(
            Method::POST,
            &format!("/api/v1/skp/{id}/transitions"),
            &json!({"action": "approve", "version": plan["version"]}),
        )
        .await;
    assert_eq!(
        (s, plan["status"].as_str()),
        (StatusCode::OK, Some("disetujui"))
    );
    let res = reqwest::Client::new()
        .get(format!("{}/api/v1/skp/{id}/pdf", t.base))
        .bearer_auth(&p1.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));
    // Another OPD reads nothing.
    let q1 = t.api(&t.token(Fixture::nip("q1")).await);
    assert_eq!(
        q1.get(&format!("/api/v1/skp/{id}")).await.0,
        StatusCode::FORBIDDEN
    );
}
