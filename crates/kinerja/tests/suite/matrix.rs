//! The role × route matrix: every page route and every API operation, enumerated from the
//! router itself, tried by every kind of account, with the answer the access rules
//! (`kinerja_domain::access`) give. The matrix is about zero unexpected grants: a refusal
//! must be a 403 or 404 (the sign-in for anonymous visitors) and a refused write must leave
//! the database as it was; a grant only has to be no refusal.
//!
//! Routes are read from the source of the web modules (axum's `Router` does not list its
//! paths) and from the OpenAPI document of the API; a route without a row here fails
//! `every_route_of_the_router_is_in_the_matrix` by name.
//!
//! The subjects all belong to Dinas Alpha (OPD A): p1's approved plan and annual
//! evaluation (with an evidence file and a dialog), the seksi A.2.1 that kasi_a leads, p2
//! (a plain pelaksana of A.2.1) as the record admins act on, a PLH in seksi A.2.2, and a
//! password reset of kabid_a waiting for BKPSDM.
//!
//! Roles, in the order of the rule strings below:
//!
//! | pos | role     | account                                                         |
//! |-----|----------|-----------------------------------------------------------------|
//! |  –  | anon     | no cookie, no token: always the sign-in, except public routes    |
//! |  0  | p1       | pelaksana of A.2.1, owner of the plan and the evaluation         |
//! |  1  | q1       | pelaksana of Dinas Beta (another OPD)                            |
//! |  2  | kasi_a   | head of A.2.1, p1's penilai                                      |
//! |  3  | kadis_a  | head of Dinas Alpha (supervises p1, is not their penilai)        |
//! |  4  | admin_a  | admin OPD of Dinas Alpha                                         |
//! |  5  | admin_b  | kadis_b, head of Dinas Beta and made its admin OPD here          |
//! |  6  | admin    | admin BKPSDM (no employee record)                                |
//! |  7  | bupati   | pimpinan (pejabat negara, reads everything, changes nothing)     |
//!
//! Rule letters: `A` allow (no refusal), `D` deny (403/404, nothing changed), `R` refused
//! by validation rather than by a permission check (any 4xx, nothing changed), `?` either
//! (not checked; see the list after the rules).

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

/// An id that names nothing: a refusal is then a 404, and a grant cannot be checked.
const FAKE: i64 = 999_999;

// ---------------------------------------------------------------------------------------
// Roles and expectations

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Role {
    Anon,
    P1,
    Q1,
    KasiA,
    KadisA,
    AdminA,
    AdminB,
    Admin,
    Bupati,
}

const ROLES: [Role; 9] = [
    Role::Anon,
    Role::P1,
    Role::Q1,
    Role::KasiA,
    Role::KadisA,
    Role::AdminA,
    Role::AdminB,
    Role::Admin,
    Role::Bupati,
];

impl Role {
    fn username(self) -> &'static str {
        match self {
            Role::Anon => "",
            Role::P1 => Fixture::nip("p1"),
            Role::Q1 => Fixture::nip("q1"),
            Role::KasiA => Fixture::nip("kasi_a"),
            Role::KadisA => Fixture::nip("kadis_a"),
            Role::AdminA => Fixture::nip("admin_a"),
            Role::AdminB => Fixture::nip("kadis_b"),
            Role::Admin => "admin",
            Role::Bupati => "bupati",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Role::Anon => "anonymous",
            Role::P1 => "p1",
            Role::Q1 => "q1 (OPD B)",
            Role::KasiA => "kasi_a",
            Role::KadisA => "kadis_a",
            Role::AdminA => "admin_a",
            Role::AdminB => "admin OPD B",
            Role::Admin => "admin BKPSDM",
            Role::Bupati => "bupati",
        }
    }

    /// The position of the role's letter in a rule.
    fn pos(self) -> Option<usize> {
        match self {
            Role::Anon => None,
            Role::P1 => Some(0),
            Role::Q1 => Some(1),
            Role::KasiA => Some(2),
            Role::KadisA => Some(3),
            Role::AdminA => Some(4),
            Role::AdminB => Some(5),
            Role::Admin => Some(6),
            Role::Bupati => Some(7),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Open to everyone, signed in or not.
    Public,
    /// Anonymous: 303 to /masuk for pages, 401 for the API.
    SignIn,
    /// Granted: no 401/403/404, no redirect to the sign-in, no server error.
    Allow,
    /// Refused: 403 or 404; a write changes nothing.
    Deny,
    /// Refused by validation (the rule lives there): any 4xx; a write changes nothing.
    Refused,
    /// Not checked.
    Either,
}

/// Public by design.
const PUBLIC: &str = "public";

// Rules: p1 q1 kasi_a kadis_a admin_a admin_b admin bupati.

/// Any signed-in account (their own data, their own lists).
const ANY: &str = "AAAAAAAA";
/// Who may see p1's records (`can_view_employee`): p1, their supervisors (kasi_a,
/// kadis_a), the admins of OPD A and BKPSDM, the pimpinan. Evaluations add the snapshotted
/// penilai, who is kasi_a anyway.
const VIEW_P1: &str = "ADAAADAA";
/// Lists scoped to unit A.2.1 (`read_scope` covers it): its supervisors, the admins of
/// OPD A and BKPSDM, the pimpinan.
const SCOPE_A21: &str = "DDAAADAA";
/// Anyone with some read scope (instansi-wide pages: reports index, catalogue).
const HAS_SCOPE: &str = "DDAAAAAA";
/// The owner of the plan / evaluation only (SKP `Owner`, evaluation `Pegawai`).
const OWNER: &str = "ADDDDDDD";
/// The owner, but only while the plan is editable: p1's plan is approved, so the RHK
/// editor refuses them by state, not by right.
const OWNER_IF_EDITABLE: &str = "?DDDDDDD";
/// p1's penilai only (SKP `Penilai`, evaluation `Penilai`, masukan).
const PENILAI: &str = "DDADDDDD";
/// The leader of unit A.2.1 (penetapan) or the owner of the kasi's plan (its cascades):
/// kasi_a.
const KASI: &str = "DDADDDDD";
const OWNER_OR_PENILAI: &str = "ADADDDDD";
/// The admins who administer OPD A (`can_edit_unit`, `can_act_on` for p2, evaluation role
/// `Admin`): admin_a and BKPSDM.
const ADMIN_OF_A: &str = "DDDDADAD";
/// Any admin, each in their own scope (`admin_scope`, `is_admin`).
const ANY_ADMIN: &str = "DDDDAAAD";
/// Instansi-wide acts (`can_admin_instansi`).
const BKPSDM: &str = "DDDDDDAD";
/// The TPP page: BKPSDM and the pimpinan.
const BKPSDM_OR_PIMPINAN: &str = "DDDDDDAA";
/// Reference data: admins and pimpinan.
const ADMIN_OR_PIMPINAN: &str = "DDDDAAAA";
/// TPP lists of A.2.1 (`tpp_scope`): admins of OPD A, BKPSDM, pimpinan; supervisors not.
const TPP_A21: &str = "DDDDADAA";
/// The unit ZIP of A.2.1: its leader, the admins who can see the unit, the pimpinan.
const ZIP_A21: &str = "DDADADAA";
/// Accounts with an employee record that may plan (not the admin account, not the
/// pejabat negara).
const EMPLOYEE: &str = "AAAAAADD";
/// Creating an employee in A.2.1 through the API: admin_a and BKPSDM; the admin of
/// OPD B is refused by the scope check inside the validation (422).
const CREATE_EMPLOYEE_A21: &str = "DDDDARAD";
/// Nobody in the matrix (e.g. the atasan penilai kabid_a, or p2 as responder).
const NOBODY: &str = "DDDDDDDD";
/// Everyone with an employee record keeps a daily log (the Bupati's record included);
/// the admin BKPSDM account has none.
const LOG: &str = "AAAAAADA";
/// Heads of a unit and whoever rates someone: the team's daily log.
const LEADS: &str = "DDAADADA";
/// Anyone with a log of their own may send an entry; a bad one is refused by validation.
const LOG_WRITE: &str = "RRRRRRDR";
/// p1 has nothing before today to copy: refused by validation for everyone with a log.
const LOG_REFUSED: &str = "RRRRRRDR";
/// The owner's write is refused by validation (p1 rates nobody), everyone else's by right.
const OWNER_REFUSED: &str = "RDDDDDDD";

// Where the matrix does not decide, and why (kept in sync with the `?` in the rules):
//
// - `GET /skp/{id}/rhk/{rid}` for p1: the RHK editor opens only while the plan is
//   editable; p1's plan is approved, so p1 gets 403 for the state, not for a right.
//
// Grants that cannot be checked (the probe is `soft`: a 404 also counts as granted):
//
// - `POST /laporan/rencana-pengembangan/{id}/hapus`: nobody is on the development plan,
//   the id is `FAKE`;
// - `GET /api/v1/evaluasi/{id}/keberatan`: no objection was filed (404 for readers);
// - any probe whose id could not be created in the setup (then `FAKE`).

fn expect(rule: &str, role: Role) -> Expect {
    if rule == PUBLIC {
        return Expect::Public;
    }
    let Some(pos) = role.pos() else {
        return Expect::SignIn;
    };
    match rule.as_bytes().get(pos) {
        Some(b'A') => Expect::Allow,
        Some(b'D') => Expect::Deny,
        Some(b'R') => Expect::Refused,
        Some(b'?') => Expect::Either,
        _ => panic!("malformed rule {rule:?}"),
    }
}

fn check_rule(rule: &str) {
    assert!(
        rule == PUBLIC || (rule.len() == 8 && rule.bytes().all(|b| b"ADR?".contains(&b))),
        "malformed rule {rule:?}"
    );
}

/// Why a result breaks the expectation, if it does.
fn verdict(
    e: Expect,
    status: StatusCode,
    location: Option<&str>,
    soft: bool,
    api: bool,
) -> Option<&'static str> {
    let to_login =
        status == StatusCode::SEE_OTHER && location.is_some_and(|l| l.starts_with("/masuk?"));
    let refused = to_login
        || matches!(
            status,
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        );
    if status.is_server_error() {
        return Some("a server error");
    }
    match e {
        Expect::Public if refused => Some("a public route refused"),
        Expect::SignIn if api && status != StatusCode::UNAUTHORIZED => {
            Some("expected 401 without a token")
        }
        Expect::SignIn if !api && !to_login => Some("expected the redirect to /masuk"),
        Expect::Allow if refused && !(soft && status == StatusCode::NOT_FOUND) => {
            Some("an unexpected denial")
        }
        Expect::Deny if !matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) => {
            Some("AN UNEXPECTED GRANT (expected 403 or 404)")
        }
        Expect::Refused if !status.is_client_error() || to_login => {
            Some("AN UNEXPECTED GRANT (expected a 4xx)")
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Probes: one request per route (some routes have several, e.g. per report kind)

enum Body {
    None,
    Form(Vec<(String, String)>),
    /// Multipart with the CSRF token, these fields and one file (`berkas`).
    Upload(Vec<(String, String)>, Vec<u8>),
    Json(serde_json::Value),
}

struct Probe {
    method: &'static str,
    /// The pattern as the router has it.
    route: &'static str,
    /// The concrete path, with ids of OPD A.
    path: String,
    rule: &'static str,
    body: Body,
    /// A 404 also counts as a grant (the id names nothing, or the thing is absent).
    soft: bool,
}

impl Probe {
    fn soft(mut self, yes: bool) -> Probe {
        self.soft = self.soft || yes;
        self
    }
}

fn owned(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn get(route: &'static str, path: impl Into<String>, rule: &'static str) -> Probe {
    Probe {
        method: "GET",
        route,
        path: path.into(),
        rule,
        body: Body::None,
        soft: false,
    }
}

fn post(
    route: &'static str,
    path: impl Into<String>,
    rule: &'static str,
    fields: &[(&str, &str)],
) -> Probe {
    Probe {
        method: "POST",
        route,
        path: path.into(),
        rule,
        body: Body::Form(owned(fields)),
        soft: false,
    }
}

fn upload(
    route: &'static str,
    path: impl Into<String>,
    rule: &'static str,
    fields: &[(&str, &str)],
    file: &[u8],
) -> Probe {
    Probe {
        method: "POST",
        route,
        path: path.into(),
        rule,
        body: Body::Upload(owned(fields), file.to_vec()),
        soft: false,
    }
}

fn call(
    method: &'static str,
    route: &'static str,
    path: impl Into<String>,
    rule: &'static str,
    body: Option<serde_json::Value>,
) -> Probe {
    Probe {
        method,
        route,
        path: path.into(),
        rule,
        body: body.map(Body::Json).unwrap_or(Body::None),
        soft: false,
    }
}

/// The ids the probes use; all of OPD A. `Default` gives placeholders for the test that
/// only compares route lists.
#[derive(Default)]
struct Ids {
    year: i64,
    tahun: i32,
    /// The annual (AKHIR) period of the year.
    period: i64,
    /// p1's approved plan, one of its RHK and one of its indicators.
    skp: i64,
    rhk: i64,
    ind: i64,
    /// p1's annual evaluation, its evidence file, the plan's dialog.
    ev: i64,
    bid: i64,
    did: i64,
    /// The kasi's RHK handed down to p1.
    cid: i64,
    /// p2's request for input on p1.
    rid: i64,
    /// p2 as PLH of seksi A.2.2.
    acting: i64,
    /// admin_a's password reset of kabid_a, waiting for BKPSDM.
    pending: i64,
    katalog: i64,
    reference: i64,
    p1: i64,
    p2: i64,
    ua21: i64,
    ua22: i64,
    /// A second session of p1 (the first 16 characters of its hash).
    handle: String,
    /// p1's rencana aksi in today's period, an entry of today under it with a file, and
    /// a favourite made from it.
    ra: i64,
    ra_period: i64,
    entry: i64,
    template: i64,
    today: String,
}

/// Pages (including the public routes of the whole router).
fn page_probes(x: &Ids) -> Vec<Probe> {
    let (skp, ev, rhk, ind, bid, did) = (x.skp, x.ev, x.rhk, x.ind, x.bid, x.did);
    let (cid, rid, acting, pending) = (x.cid, x.rid, x.acting, x.pending);
    let (ua21, ua22, period, year) = (x.ua21, x.ua22, x.period, x.year);
    let (s_skp, s_period, s_year) = (skp.to_string(), period.to_string(), year.to_string());
    let (s_ua21, s_ua22, s_ind, s_rhk) = (
        ua21.to_string(),
        ua22.to_string(),
        ind.to_string(),
        rhk.to_string(),
    );
    let s_tahun = x.tahun.to_string();
    let s_katalog = x.katalog.to_string();
    let kelompok = format!("unit-{ua21}");
    let v0: &[(&str, &str)] = &[("version", "0")];
    let rhk_form: &[(&str, &str)] = &[
        ("version", "0"),
        ("jenis", "utama"),
        ("teks", "Terarsipnya dokumen matriks"),
    ];
    let ind_form: &[(&str, &str)] = &[
        ("version", "0"),
        ("aspek", "Kuantitas"),
        ("iki", "Jumlah dokumen"),
        ("target", "10"),
        ("satuan", "dokumen"),
    ];
    // p2's record as it is, at a version that is not current: a grant ends in 409/422.
    let employee_form: &[(&str, &str)] = &[
        ("version", "0"),
        ("nip", Fixture::nip("p2")),
        ("jenis_asn", "pns"),
        ("nama", "Pelaksana Dua"),
        ("golongan", "II/c"),
        ("unit_kode", "A.2.1"),
        ("jabatan", "Pengadministrasi Perkantoran"),
        ("jenis_jabatan", "pelaksana"),
        ("aktif", "1"),
    ];
    vec![
        // --- Public by design.
        get("/healthz", "/healthz", PUBLIC),
        get("/readyz", "/readyz", PUBLIC),
        // For the monitoring servers of KINERJA_METRICS_FROM (loopback by default, where the
        // matrix's clients are); refused from elsewhere (scale_out).
        get("/metrics", "/metrics", PUBLIC),
        get("/static/{file}", "/static/app.css", PUBLIC),
        get("/api/v1/openapi.json", "/api/v1/openapi.json", PUBLIC),
        get("/masuk", "/masuk", PUBLIC),
        post(
            "/masuk",
            "/masuk",
            PUBLIC,
            &[
                ("username", Fixture::nip("p2")),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        ),
        get("/bahasa/{code}", "/bahasa/id?next=/", PUBLIC),
        // Mail is off in the matrix's server: the reset pages answer, the request is a 404.
        get("/akun/lupa-kata-sandi", "/akun/lupa-kata-sandi", PUBLIC),
        post(
            "/akun/lupa-kata-sandi",
            "/akun/lupa-kata-sandi",
            PUBLIC,
            &[("nip", Fixture::nip("p2"))],
        ),
        get("/akun/atur-ulang", "/akun/atur-ulang?token=x", PUBLIC),
        post(
            "/akun/atur-ulang",
            "/akun/atur-ulang",
            PUBLIC,
            &[("token", "x"), ("password", "p"), ("confirm", "p")],
        ),
        // --- One's own account and lists.
        get("/", "/", ANY),
        post("/keluar", "/keluar", ANY, &[]),
        get("/akun/kata-sandi", "/akun/kata-sandi", ANY),
        post(
            "/akun/kata-sandi",
            "/akun/kata-sandi",
            ANY,
            &[
                ("current", "bukan-sandinya-1234"),
                ("password", "sandi-baru-yang-panjang-2026"),
                ("confirm", "sandi-baru-yang-panjang-2026"),
            ],
        ),
        get("/akun/sesi", "/akun/sesi", ANY),
        get("/akun/notifikasi", "/akun/notifikasi", ANY),
        post(
            "/akun/notifikasi",
            "/akun/notifikasi",
            ANY,
            &[("email_mode", "ringkasan"), ("email_pengingat", "1")],
        ),
        // Before "lainnya": that one ends p1's second session in the pass of grants.
        post(
            "/akun/sesi/{handle}/akhiri",
            format!("/akun/sesi/{}/akhiri", x.handle),
            OWNER,
            &[],
        ),
        post(
            "/akun/sesi/lainnya/akhiri",
            "/akun/sesi/lainnya/akhiri",
            ANY,
            &[],
        ),
        get("/notifikasi", "/notifikasi", ANY),
        get("/panduan", "/panduan", ANY),
        get("/persetujuan", "/persetujuan", ANY),
        get("/masukan", "/masukan", ANY),
        get("/penilaian", "/penilaian", ANY),
        get("/skp", "/skp", ANY),
        // --- Organisation.
        get("/pegawai", format!("/pegawai?unit={ua21}"), SCOPE_A21),
        get(
            "/pegawai/unduh",
            format!("/pegawai/unduh?unit={ua21}"),
            SCOPE_A21,
        ),
        get("/pegawai/{id}", format!("/pegawai/{}", x.p1), VIEW_P1),
        get("/unor", format!("/unor?id={ua21}"), SCOPE_A21),
        get(
            "/admin/pegawai/{id}/ubah",
            format!("/admin/pegawai/{}/ubah", x.p2),
            ADMIN_OF_A,
        ),
        post(
            "/admin/pegawai/{id}/ubah",
            format!("/admin/pegawai/{}/ubah", x.p2),
            ADMIN_OF_A,
            employee_form,
        ),
        post(
            "/admin/pegawai/{id}/reset-kata-sandi",
            format!("/admin/pegawai/{}/reset-kata-sandi", x.p2),
            ADMIN_OF_A,
            &[],
        ),
        get("/admin/plt", "/admin/plt", ANY_ADMIN),
        // Without a NIP: a grant ends in 422.
        post(
            "/admin/plt",
            "/admin/plt",
            ADMIN_OF_A,
            &[
                ("unit_id", &s_ua22),
                ("nip", ""),
                ("jenis", "PLH"),
                ("mulai", ""),
            ],
        ),
        post(
            "/admin/plt/{id}/akhiri",
            format!("/admin/plt/{acting}/akhiri"),
            ADMIN_OF_A,
            &[],
        )
        .soft(acting == FAKE),
        get("/admin/impor", "/admin/impor", BKPSDM),
        get("/templat-impor/{jenis}", "/templat-impor/pegawai", BKPSDM),
        get("/templat-impor/{jenis}", "/templat-impor/progres", EMPLOYEE),
        // A dry run ("uji"): a grant changes nothing.
        upload(
            "/admin/impor",
            "/admin/impor",
            BKPSDM,
            &[("jenis", "pegawai"), ("uji", "1")],
            b"nip,nama\n",
        ),
        get("/admin/riwayat", "/admin/riwayat", BKPSDM),
        get(
            "/admin/riwayat",
            format!("/admin/riwayat?pegawai={}", x.p1),
            ADMIN_OF_A,
        ),
        get("/admin/konfirmasi", "/admin/konfirmasi", ANY_ADMIN),
        post(
            "/admin/konfirmasi/{id}/setujui",
            format!("/admin/konfirmasi/{pending}/setujui"),
            BKPSDM,
            &[],
        )
        .soft(pending == FAKE),
        post(
            "/admin/konfirmasi/{id}/tolak",
            format!("/admin/konfirmasi/{pending}/tolak"),
            BKPSDM,
            &[("note", "Tidak diperlukan.")],
        )
        .soft(pending == FAKE),
        // --- Planning (p1's approved plan; versions are stale on purpose, so that a
        // grant ends in 409/422 and changes nothing).
        post(
            "/skp/baru",
            "/skp/baru",
            EMPLOYEE,
            &[("year_id", &s_year), ("mulai_dari", "kosong")],
        ),
        get("/skp/{id}", format!("/skp/{skp}"), VIEW_P1),
        get("/skp/{id}/riwayat", format!("/skp/{skp}/riwayat"), VIEW_P1),
        get("/skp/{id}/cetak", format!("/skp/{skp}/cetak"), VIEW_P1),
        get("/skp/{id}/pdf", format!("/skp/{skp}/pdf"), VIEW_P1),
        get("/skp/{id}/matriks", format!("/skp/{skp}/matriks"), OWNER),
        // Nobody chosen: a grant ends in 422.
        post(
            "/skp/{id}/matriks",
            format!("/skp/{skp}/matriks"),
            OWNER,
            &[("rhk_id", &s_rhk), ("teks", "")],
        ),
        get(
            "/skp/{id}/rhk/{rid}",
            format!("/skp/{skp}/rhk/{rhk}"),
            OWNER_IF_EDITABLE,
        ),
        post("/skp/{id}/rhk", format!("/skp/{skp}/rhk"), OWNER, rhk_form),
        post(
            "/skp/{id}/rhk/{rid}",
            format!("/skp/{skp}/rhk/{rhk}"),
            OWNER,
            rhk_form,
        ),
        post(
            "/skp/{id}/rhk/{rid}/hapus",
            format!("/skp/{skp}/rhk/{rhk}/hapus"),
            OWNER,
            v0,
        ),
        post(
            "/skp/{id}/rhk/{rid}/indikator",
            format!("/skp/{skp}/rhk/{rhk}/indikator"),
            OWNER,
            ind_form,
        ),
        post(
            "/skp/{id}/indikator/{iid}",
            format!("/skp/{skp}/indikator/{ind}"),
            OWNER,
            ind_form,
        ),
        post(
            "/skp/{id}/indikator/{iid}/hapus",
            format!("/skp/{skp}/indikator/{ind}/hapus"),
            OWNER,
            v0,
        ),
        post(
            "/skp/{id}/pendekatan",
            format!("/skp/{skp}/pendekatan"),
            OWNER,
            &[("version", "0"), ("pendekatan", "kualitatif")],
        ),
        post(
            "/skp/{id}/lampiran",
            format!("/skp/{skp}/lampiran"),
            OWNER,
            &[
                ("version", "0"),
                ("bagian", "dukungan"),
                ("isi", "Ruang arsip"),
            ],
        ),
        post(
            "/skp/{id}/usulan/{cid}/ambil",
            format!("/skp/{skp}/usulan/{cid}/ambil"),
            OWNER,
            v0,
        )
        .soft(cid == FAKE),
        post("/skp/{id}/ajukan", format!("/skp/{skp}/ajukan"), OWNER, v0),
        post("/skp/{id}/tarik", format!("/skp/{skp}/tarik"), OWNER, v0),
        post(
            "/skp/{id}/revisi-baru",
            format!("/skp/{skp}/revisi-baru"),
            OWNER,
            v0,
        ),
        post(
            "/skp/{id}/keputusan",
            format!("/skp/{skp}/keputusan"),
            PENILAI,
            &[
                ("version", "0"),
                ("keputusan", "kembalikan"),
                ("catatan", "Perbaiki."),
            ],
        ),
        post(
            "/skp/{id}/ekspektasi",
            format!("/skp/{skp}/ekspektasi"),
            PENILAI,
            &[("version", "0"), ("e1", "Lebih ramah.")],
        ),
        post(
            "/skp/turunan/{cid}/hapus",
            format!("/skp/turunan/{cid}/hapus"),
            KASI,
            &[("skp_id", &s_skp)],
        )
        .soft(cid == FAKE),
        get("/monitoring", format!("/monitoring?unit={ua21}"), SCOPE_A21),
        get(
            "/monitoring/unduh",
            format!("/monitoring/unduh?unit={ua21}"),
            SCOPE_A21,
        ),
        get("/admin/tahun", "/admin/tahun", BKPSDM),
        post(
            "/admin/tahun",
            "/admin/tahun",
            BKPSDM,
            &[("tahun", "bukan-tahun")],
        ),
        post(
            "/admin/tahun/{yid}/periode/{pid}",
            format!("/admin/tahun/{year}/periode/{period}"),
            BKPSDM,
            &[("mulai", "x"), ("selesai", "x"), ("batas", "x")],
        ),
        get(
            "/admin/referensi/{id}",
            format!("/admin/referensi/{}", x.reference),
            ADMIN_OR_PIMPINAN,
        ),
        // --- Continuous feedback and dialog (p1's plan).
        get(
            "/skp/{id}/umpan-balik",
            format!("/skp/{skp}/umpan-balik"),
            VIEW_P1,
        ),
        post(
            "/skp/{id}/umpan-balik",
            format!("/skp/{skp}/umpan-balik"),
            OWNER_OR_PENILAI,
            &[("subjek", "umum"), ("subjek_id", "0"), ("pesan", "")],
        ),
        post(
            "/skp/{id}/dialog",
            format!("/skp/{skp}/dialog"),
            PENILAI,
            &[
                ("tanggal", "bukan-tanggal"),
                ("jenis", "coaching"),
                ("topik", ""),
                ("kesepakatan", ""),
            ],
        ),
        post(
            "/skp/{id}/dialog/{did}/tanggapan",
            format!("/skp/{skp}/dialog/{did}/tanggapan"),
            OWNER,
            &[("tanggapan", "")],
        ),
        // --- Evaluation (p1's annual evaluation, a draft).
        post(
            "/penilaian/buka",
            "/penilaian/buka",
            OWNER_OR_PENILAI,
            &[("skp_id", &s_skp), ("period_id", &s_period)],
        ),
        get("/penilaian/{id}", format!("/penilaian/{ev}"), VIEW_P1),
        get(
            "/penilaian/{id}/pdf",
            format!("/penilaian/{ev}/pdf"),
            VIEW_P1,
        ),
        post(
            "/penilaian/{id}/diri",
            format!("/penilaian/{ev}/diri"),
            OWNER,
            v0,
        ),
        post(
            "/penilaian/{id}/nilai",
            format!("/penilaian/{ev}/nilai"),
            PENILAI,
            v0,
        ),
        post(
            "/penilaian/{id}/pratinjau",
            format!("/penilaian/{ev}/pratinjau"),
            PENILAI,
            &[("nperilaku_1", "sesuai")],
        ),
        post(
            "/penilaian/{id}/buka-kembali",
            format!("/penilaian/{ev}/buka-kembali"),
            PENILAI,
            v0,
        ),
        // Not a file of an accepted kind: a grant ends in 422.
        upload(
            "/penilaian/{id}/bukti",
            format!("/penilaian/{ev}/bukti"),
            OWNER,
            &[("indikator_id", &s_ind)],
            b"bukan berkas bukti",
        ),
        get(
            "/penilaian/{id}/bukti/{bid}",
            format!("/penilaian/{ev}/bukti/{bid}"),
            VIEW_P1,
        ),
        post(
            "/penilaian/{id}/bukti/{bid}/hapus",
            format!("/penilaian/{ev}/bukti/{bid}/hapus"),
            OWNER,
            &[],
        ),
        post(
            "/penilaian/{id}/keberatan",
            format!("/penilaian/{ev}/keberatan"),
            OWNER,
            &[("version", "0"), ("alasan", "Tidak sesuai.")],
        ),
        post(
            "/penilaian/{id}/keberatan/penjelasan",
            format!("/penilaian/{ev}/keberatan/penjelasan"),
            OWNER_OR_PENILAI,
            &[("penjelasan", "Penjelasan.")],
        ),
        // The atasan penilai (kabid_a) decides; nobody in the matrix is.
        post(
            "/penilaian/{id}/keberatan/putusan",
            format!("/penilaian/{ev}/keberatan/putusan"),
            NOBODY,
            &[
                ("version", "0"),
                ("keputusan", "Ditolak."),
                ("putusan_hasil", "sesuai"),
                ("putusan_perilaku", "sesuai"),
            ],
        ),
        post(
            "/penilaian/{id}/buka-admin",
            format!("/penilaian/{ev}/buka-admin"),
            ADMIN_OF_A,
            &[("version", "0"), ("alasan_buka", "Salah input.")],
        ),
        get(
            "/penilaian/unit/{uid}",
            format!("/penilaian/unit/{ua21}?periode={period}"),
            SCOPE_A21,
        ),
        get(
            "/penilaian/unit/{uid}/zip",
            format!("/penilaian/unit/{ua21}/zip?periode={period}"),
            ZIP_A21,
        ),
        // The leader one level up (kabid_a) sets the capaian; nobody in the matrix is.
        post(
            "/penilaian/unit/{uid}/capaian",
            format!("/penilaian/unit/{ua21}/capaian"),
            NOBODY,
            &[("periode", &s_period), ("capaian", "baik")],
        ),
        post(
            "/penilaian/unit/{uid}/penetapan",
            format!("/penilaian/unit/{ua21}/penetapan"),
            KASI,
            &[("periode", &s_period), ("justifikasi", "")],
        ),
        // --- Colleagues' input.
        get(
            "/penilaian/{id}/masukan",
            format!("/penilaian/{ev}/masukan"),
            PENILAI,
        ),
        post(
            "/penilaian/{id}/masukan",
            format!("/penilaian/{ev}/masukan"),
            PENILAI,
            &[],
        ),
        post(
            "/penilaian/{id}/masukan/tutup",
            format!("/penilaian/{ev}/masukan/tutup"),
            PENILAI,
            &[],
        ),
        // p2 is the responder; nobody in the matrix is.
        get("/masukan/{rid}", format!("/masukan/{rid}"), NOBODY),
        post(
            "/masukan/{rid}",
            format!("/masukan/{rid}"),
            NOBODY,
            &[("rating_1", "sesuai")],
        ),
        // --- Dashboard and reports (scoped to A.2.1).
        get("/dasbor", format!("/dasbor?unit={ua21}"), SCOPE_A21),
        get(
            "/dasbor/unduh",
            format!("/dasbor/unduh?unit={ua21}"),
            SCOPE_A21,
        ),
        get(
            "/dasbor/aktivitas",
            format!("/dasbor/aktivitas?unit={ua21}"),
            SCOPE_A21,
        ),
        get(
            "/dasbor/aktivitas/unduh",
            format!("/dasbor/aktivitas/unduh?unit={ua21}&format=csv"),
            SCOPE_A21,
        ),
        get("/laporan", "/laporan", HAS_SCOPE),
        get(
            "/laporan/{jenis}",
            format!("/laporan/rekap?unit={ua21}"),
            SCOPE_A21,
        ),
        get(
            "/laporan/{jenis}",
            format!("/laporan/tpp?unit={ua21}"),
            TPP_A21,
        ),
        get(
            "/laporan/{jenis}/unduh",
            format!("/laporan/rekap/unduh?unit={ua21}"),
            SCOPE_A21,
        ),
        get(
            "/laporan/{jenis}/unduh",
            format!("/laporan/tpp/unduh?unit={ua21}"),
            TPP_A21,
        ),
        post(
            "/laporan/rencana-pengembangan/{id}/hapus",
            format!("/laporan/rencana-pengembangan/{FAKE}/hapus"),
            ADMIN_OF_A,
            &[("unit", &s_ua21)],
        )
        .soft(true),
        // --- Development.
        get(
            "/pengembangan",
            format!("/pengembangan?unit={ua21}"),
            SCOPE_A21,
        ),
        get(
            "/pengembangan/temuan",
            format!("/pengembangan/temuan?unit={ua21}&kelompok={kelompok}&sasaran=perilaku-1"),
            SCOPE_A21,
        ),
        post(
            "/pengembangan/temuan",
            "/pengembangan/temuan",
            ADMIN_OF_A,
            &[
                ("unit", &s_ua21),
                ("kelompok", &kelompok),
                ("sasaran", "perilaku-1"),
                ("katalog_id", &s_katalog),
            ],
        )
        .soft(x.katalog == FAKE),
        get("/pengembangan/katalog", "/pengembangan/katalog", HAS_SCOPE),
        post(
            "/pengembangan/katalog",
            "/pengembangan/katalog",
            BKPSDM,
            &[("kode", "")],
        ),
        get(
            "/pengembangan/katalog/{id}",
            format!("/pengembangan/katalog/{}", x.katalog),
            BKPSDM,
        )
        .soft(x.katalog == FAKE),
        post(
            "/pengembangan/katalog/{id}",
            format!("/pengembangan/katalog/{}", x.katalog),
            BKPSDM,
            &[("kode", "")],
        )
        .soft(x.katalog == FAKE),
        // --- Daily work. Reads first; what removes things comes last.
        get("/progres", "/progres", LOG),
        get(
            "/pegawai/{id}/progres",
            format!("/pegawai/{}/progres", x.p1),
            VIEW_P1,
        ),
        get("/progres/rencana-aksi", "/progres/rencana-aksi", LOG),
        get("/progres/tim", "/progres/tim", LEADS),
        get(
            "/progres/unduh",
            format!("/progres/unduh?format=csv&pegawai={}", x.p1),
            VIEW_P1,
        ),
        get(
            "/progres/{id}/berkas",
            format!("/progres/{}/berkas", x.entry),
            VIEW_P1,
        ),
        get(
            "/progres/{id}/ubah",
            format!("/progres/{}/ubah", x.entry),
            OWNER,
        ),
        get(
            "/skp/{id}/rencana-aksi",
            format!("/skp/{skp}/rencana-aksi"),
            VIEW_P1,
        ),
        get("/admin/progres", "/admin/progres", BKPSDM),
        get("/progres/impor", "/progres/impor", LOG),
        upload(
            "/progres/impor",
            "/progres/impor",
            LOG_WRITE,
            &[],
            b"tanggal,jam mulai,jam selesai,rencana aksi,kegiatan,realisasi\n2001-01-01,08:00,09:00,x,y,1\n",
        ),
        upload(
            "/progres",
            "/progres",
            LOG_WRITE,
            &[("tanggal", "2001-01-01"), ("kegiatan", "")],
            b"",
        ),
        upload(
            "/progres/{id}/ubah",
            format!("/progres/{}/ubah", x.entry),
            OWNER,
            &[("version", "0")],
            b"",
        ),
        post(
            "/progres/salin-kemarin",
            "/progres/salin-kemarin",
            LOG_REFUSED,
            &[],
        ),
        post(
            "/progres/ketidakhadiran",
            "/progres/ketidakhadiran",
            LOG,
            &[("tanggal", "2001-01-06"), ("jenis", "cuti")],
        ),
        post(
            "/progres/{id}/favorit",
            format!("/progres/{}/favorit", x.entry),
            OWNER,
            &[],
        ),
        post(
            "/progres/templat/{id}/pakai",
            format!("/progres/templat/{}/pakai", x.template),
            OWNER,
            &[],
        ),
        post(
            "/progres/{id}/pengakuan",
            format!("/progres/{}/pengakuan", x.entry),
            PENILAI,
            &[("pengakuan", "disetujui")],
        ),
        post(
            "/progres/tim/pengakuan",
            "/progres/tim/pengakuan",
            PENILAI,
            &[
                ("pegawai", &x.p1.to_string()),
                ("tanggal", &x.today),
                ("pengakuan", "disetujui"),
            ],
        ),
        post(
            "/skp/{id}/rencana-aksi",
            format!("/skp/{skp}/rencana-aksi"),
            OWNER,
            &[
                ("periode", &x.ra_period.to_string()),
                ("indikator_id", &s_ind),
                ("teks", "Memindai arsip"),
            ],
        ),
        post(
            "/skp/{id}/rencana-aksi/salin",
            format!("/skp/{skp}/rencana-aksi/salin"),
            OWNER,
            &[("periode", &x.ra_period.to_string())],
        ),
        post(
            "/skp/{id}/rencana-aksi/turunan/{tid}",
            format!("/skp/{skp}/rencana-aksi/turunan/{FAKE}"),
            OWNER,
            &[("indikator_id", &s_ind)],
        )
        .soft(true),
        post(
            "/rencana-aksi/{id}/ubah",
            format!("/rencana-aksi/{}/ubah", x.ra),
            OWNER,
            &[("teks", "Mengarsipkan surat masuk dan keluar")],
        ),
        post(
            "/rencana-aksi/{id}/catatan",
            format!("/rencana-aksi/{}/catatan", x.ra),
            PENILAI,
            &[("catatan", "Sertakan nomor agenda.")],
        ),
        post(
            "/rencana-aksi/{id}/turunkan",
            format!("/rencana-aksi/{}/turunkan", x.ra),
            OWNER_REFUSED,
            &[("pegawai", &x.p2.to_string())],
        ),
        post(
            "/admin/progres",
            "/admin/progres",
            BKPSDM,
            &[("toleransi_hari", "5"), ("pengakuan_wajib", "1")],
        ),
        post(
            "/admin/progres/libur",
            "/admin/progres/libur",
            BKPSDM,
            &[("tanggal", "2001-01-01"), ("nama", "Tahun Baru Masehi")],
        ),
        post(
            "/admin/progres/libur/hapus",
            "/admin/progres/libur/hapus",
            BKPSDM,
            &[("tanggal", "2001-01-01")],
        ),
        post(
            "/progres/templat/{id}/hapus",
            format!("/progres/templat/{}/hapus", x.template),
            OWNER,
            &[],
        ),
        post(
            "/progres/{id}/hapus",
            format!("/progres/{}/hapus", x.entry),
            OWNER,
            &[],
        ),
        post(
            "/rencana-aksi/{id}/hapus",
            format!("/rencana-aksi/{}/hapus", x.ra),
            OWNER,
            &[],
        ),
        // --- TPP.
        get("/tpp", "/tpp", BKPSDM_OR_PIMPINAN),
        post(
            "/tpp",
            "/tpp",
            BKPSDM,
            &[
                ("tahun", &s_tahun),
                ("bobot_kinerja", "100"),
                ("bobot_disiplin", "0"),
            ],
        ),
        upload(
            "/tpp/disiplin",
            "/tpp/disiplin",
            BKPSDM,
            &[("periode", &s_period), ("uji", "1")],
            b"nip,hari_kerja,hadir\n",
        ),
    ]
}

/// The JSON API under /api/v1 (the paths as the OpenAPI document has them).
fn api_probes(x: &Ids) -> Vec<Probe> {
    let (skp, ev, rhk, ind, ua21) = (x.skp, x.ev, x.rhk, x.ind, x.ua21);
    let employee = |nip: &str, version: Option<i64>| {
        let mut v = json!({
            "nip": nip,
            "jenis_asn": "pns",
            "nama": "Pegawai Matriks",
            "golongan": "II/a",
            "unit_kode": "A.2.1",
            "jabatan": "Pengadministrasi Perkantoran",
            "jenis_jabatan": "pelaksana",
        });
        if let Some(n) = version {
            v["version"] = json!(n);
        }
        v
    };
    let rhk_body = json!({"version": 0, "jenis": "utama", "teks": "Terarsipnya dokumen matriks"});
    let ind_body = json!({"version": 0, "aspek": "Kuantitas", "iki": "Jumlah dokumen",
        "target": "10", "satuan": "dokumen"});
    vec![
        call(
            "POST",
            "/api/v1/auth/token",
            "/api/v1/auth/token",
            PUBLIC,
            Some(json!({"username": Fixture::nip("p2"), "password": PASSWORD})),
        ),
        call("GET", "/api/v1/me", "/api/v1/me", ANY, None),
        call(
            "GET",
            "/api/v1/units",
            format!("/api/v1/units?parent_id={ua21}"),
            SCOPE_A21,
            None,
        ),
        call(
            "GET",
            "/api/v1/units/{id}",
            format!("/api/v1/units/{ua21}"),
            SCOPE_A21,
            None,
        ),
        call(
            "GET",
            "/api/v1/employees",
            format!("/api/v1/employees?unit_id={ua21}"),
            SCOPE_A21,
            None,
        ),
        call(
            "POST",
            "/api/v1/employees",
            "/api/v1/employees",
            CREATE_EMPLOYEE_A21,
            Some(employee("199901012020011999", None)),
        ),
        call(
            "GET",
            "/api/v1/employees/{id}",
            format!("/api/v1/employees/{}", x.p1),
            VIEW_P1,
            None,
        ),
        call(
            "PUT",
            "/api/v1/employees/{id}",
            format!("/api/v1/employees/{}", x.p2),
            ADMIN_OF_A,
            Some(employee(Fixture::nip("p2"), Some(0))),
        ),
        call(
            "GET",
            "/api/v1/skp",
            format!("/api/v1/skp?employee_id={}", x.p1),
            VIEW_P1,
            None,
        ),
        call(
            "POST",
            "/api/v1/skp",
            "/api/v1/skp",
            EMPLOYEE,
            Some(json!({"year_id": x.year, "start": "kosong"})),
        ),
        call(
            "GET",
            "/api/v1/skp/{id}",
            format!("/api/v1/skp/{skp}"),
            VIEW_P1,
            None,
        ),
        call(
            "POST",
            "/api/v1/skp/{id}/rhk",
            format!("/api/v1/skp/{skp}/rhk"),
            OWNER,
            Some(rhk_body.clone()),
        ),
        call(
            "PUT",
            "/api/v1/skp/{id}/rhk/{rid}",
            format!("/api/v1/skp/{skp}/rhk/{rhk}"),
            OWNER,
            Some(rhk_body),
        ),
        call(
            "DELETE",
            "/api/v1/skp/{id}/rhk/{rid}",
            format!("/api/v1/skp/{skp}/rhk/{rhk}?version=0"),
            OWNER,
            None,
        ),
        call(
            "POST",
            "/api/v1/skp/{id}/rhk/{rid}/indikator",
            format!("/api/v1/skp/{skp}/rhk/{rhk}/indikator"),
            OWNER,
            Some(ind_body.clone()),
        ),
        call(
            "PUT",
            "/api/v1/skp/{id}/indikator/{iid}",
            format!("/api/v1/skp/{skp}/indikator/{ind}"),
            OWNER,
            Some(ind_body),
        ),
        call(
            "DELETE",
            "/api/v1/skp/{id}/indikator/{iid}",
            format!("/api/v1/skp/{skp}/indikator/{ind}?version=0"),
            OWNER,
            None,
        ),
        call(
            "POST",
            "/api/v1/skp/{id}/transitions",
            format!("/api/v1/skp/{skp}/transitions"),
            OWNER,
            Some(json!({"action": "submit", "version": 0})),
        ),
        call(
            "POST",
            "/api/v1/skp/{id}/transitions",
            format!("/api/v1/skp/{skp}/transitions"),
            PENILAI,
            Some(json!({"action": "approve", "version": 0})),
        ),
        call(
            "GET",
            "/api/v1/skp/{id}/pdf",
            format!("/api/v1/skp/{skp}/pdf"),
            VIEW_P1,
            None,
        ),
        call("GET", "/api/v1/skp-queue", "/api/v1/skp-queue", ANY, None),
        call(
            "GET",
            "/api/v1/skp/{id}/umpan-balik",
            format!("/api/v1/skp/{skp}/umpan-balik"),
            VIEW_P1,
            None,
        ),
        call(
            "POST",
            "/api/v1/skp/{id}/umpan-balik",
            format!("/api/v1/skp/{skp}/umpan-balik"),
            OWNER_OR_PENILAI,
            Some(json!({"subjek": "umum", "subjek_id": 0, "body": ""})),
        ),
        call(
            "POST",
            "/api/v1/evaluasi",
            "/api/v1/evaluasi",
            OWNER_OR_PENILAI,
            Some(json!({"skp_id": skp, "period_id": x.period})),
        ),
        call(
            "GET",
            "/api/v1/evaluasi/{id}",
            format!("/api/v1/evaluasi/{ev}"),
            VIEW_P1,
            None,
        ),
        call(
            "PUT",
            "/api/v1/evaluasi/{id}/diri",
            format!("/api/v1/evaluasi/{ev}/diri"),
            OWNER,
            Some(json!({"version": 0})),
        ),
        call(
            "PUT",
            "/api/v1/evaluasi/{id}/penilaian",
            format!("/api/v1/evaluasi/{ev}/penilaian"),
            PENILAI,
            Some(json!({"version": 0})),
        ),
        call(
            "POST",
            "/api/v1/evaluasi/{id}/transitions",
            format!("/api/v1/evaluasi/{ev}/transitions"),
            OWNER,
            Some(json!({"action": "submit_self", "version": 0})),
        ),
        call(
            "POST",
            "/api/v1/evaluasi/{id}/transitions",
            format!("/api/v1/evaluasi/{ev}/transitions"),
            PENILAI,
            Some(json!({"action": "submit_assessment", "version": 0})),
        ),
        call(
            "POST",
            "/api/v1/evaluasi/{id}/transitions",
            format!("/api/v1/evaluasi/{ev}/transitions"),
            ADMIN_OF_A,
            Some(json!({"action": "admin_reopen", "version": 0, "alasan": "Salah input."})),
        ),
        call(
            "POST",
            "/api/v1/evaluasi/{id}/transitions",
            format!("/api/v1/evaluasi/{ev}/transitions"),
            NOBODY,
            Some(
                json!({"action": "decide", "version": 0, "keputusan": "Ditolak.",
                "rating_hasil": "sesuai", "rating_perilaku": "sesuai"}),
            ),
        ),
        call(
            "GET",
            "/api/v1/evaluasi/{id}/pdf",
            format!("/api/v1/evaluasi/{ev}/pdf"),
            VIEW_P1,
            None,
        ),
        // No objection was filed: readers get 404 too.
        call(
            "GET",
            "/api/v1/evaluasi/{id}/keberatan",
            format!("/api/v1/evaluasi/{ev}/keberatan"),
            VIEW_P1,
            None,
        )
        .soft(true),
        call(
            "POST",
            "/api/v1/evaluasi/{id}/keberatan",
            format!("/api/v1/evaluasi/{ev}/keberatan"),
            OWNER,
            Some(json!({"version": 0, "alasan": "Tidak sesuai."})),
        ),
        call(
            "PUT",
            "/api/v1/evaluasi/{id}/keberatan/penjelasan",
            format!("/api/v1/evaluasi/{ev}/keberatan/penjelasan"),
            OWNER_OR_PENILAI,
            Some(json!({"penjelasan": "Penjelasan."})),
        ),
        call(
            "PUT",
            "/api/v1/evaluasi/{id}/keberatan/putusan",
            format!("/api/v1/evaluasi/{ev}/keberatan/putusan"),
            NOBODY,
            Some(json!({"version": 0, "keputusan": "Ditolak.",
                "rating_hasil": "sesuai", "rating_perilaku": "sesuai"})),
        ),
        call(
            "GET",
            "/api/v1/dasbor",
            format!("/api/v1/dasbor?unit={ua21}"),
            SCOPE_A21,
            None,
        ),
        // --- Daily work. What removes things comes last.
        call(
            "GET",
            "/api/v1/progres",
            format!("/api/v1/progres?employee_id={}&dari={}", x.p1, x.today),
            VIEW_P1,
            None,
        ),
        call(
            "GET",
            "/api/v1/progres/tim",
            "/api/v1/progres/tim",
            LEADS,
            None,
        ),
        call(
            "GET",
            "/api/v1/progres/ekspor",
            format!("/api/v1/progres/ekspor?format=csv&employee_id={}", x.p1),
            VIEW_P1,
            None,
        ),
        call(
            "GET",
            "/api/v1/progres/{id}",
            format!("/api/v1/progres/{}", x.entry),
            VIEW_P1,
            None,
        ),
        call(
            "GET",
            "/api/v1/skp/{id}/rencana-aksi",
            format!("/api/v1/skp/{skp}/rencana-aksi"),
            VIEW_P1,
            None,
        ),
        call(
            "POST",
            "/api/v1/progres",
            "/api/v1/progres",
            LOG_WRITE,
            Some(
                json!({"tanggal": "2001-01-01", "jam_mulai": "08:00", "jam_selesai": "09:00",
                "kegiatan": "Di luar periode", "rencana_aksi_id": x.ra, "realisasi": 1}),
            ),
        ),
        call(
            "PUT",
            "/api/v1/progres/{id}",
            format!("/api/v1/progres/{}", x.entry),
            OWNER,
            Some(
                json!({"version": 1, "tanggal": x.today, "jam_mulai": "08:00",
                "jam_selesai": "10:00", "kegiatan": "Mengarsipkan 14 surat masuk",
                "rencana_aksi_id": x.ra, "realisasi": 14}),
            ),
        ),
        call(
            "PUT",
            "/api/v1/progres/{id}/pengakuan",
            format!("/api/v1/progres/{}/pengakuan", x.entry),
            PENILAI,
            Some(json!({"pengakuan": "disetujui"})),
        ),
        call(
            "POST",
            "/api/v1/progres/pengakuan-minggu",
            "/api/v1/progres/pengakuan-minggu",
            PENILAI,
            Some(json!({"employee_id": x.p1, "tanggal": x.today, "pengakuan": "disetujui"})),
        ),
        call(
            "POST",
            "/api/v1/skp/{id}/rencana-aksi",
            format!("/api/v1/skp/{skp}/rencana-aksi"),
            OWNER,
            Some(json!({"period_id": x.ra_period, "indikator_id": ind, "teks": "Memindai arsip"})),
        ),
        call(
            "PUT",
            "/api/v1/rencana-aksi/{id}",
            format!("/api/v1/rencana-aksi/{}", x.ra),
            OWNER,
            Some(json!({"teks": "Mengarsipkan surat masuk dan keluar", "target": 250})),
        ),
        call(
            "PUT",
            "/api/v1/rencana-aksi/{id}/catatan",
            format!("/api/v1/rencana-aksi/{}/catatan", x.ra),
            PENILAI,
            Some(json!({"catatan": "Sertakan nomor agenda."})),
        ),
        call(
            "DELETE",
            "/api/v1/progres/{id}",
            format!("/api/v1/progres/{}", x.entry),
            OWNER,
            None,
        ),
        call(
            "DELETE",
            "/api/v1/rencana-aksi/{id}",
            format!("/api/v1/rencana-aksi/{}", x.ra),
            OWNER,
            None,
        ),
    ]
}

// ---------------------------------------------------------------------------------------
// The routes, from the router's own source and from the OpenAPI document

/// Every source file of the HTTP layer (pages and API), read at run time so that a route
/// in a new file can never be missed.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).expect("src/http is readable") {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.display().to_string(), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http"),
        &mut out,
    );
    out
}

/// Routes checked apart from the matrix: the API's catch-all answers 404 to everyone.
const OUTSIDE_MATRIX: &[(&str, &str)] = &[("ANY", "/api/v1/{*rest}")];

/// `(METHOD, path)` of every `.route("path", get(…).post(…))` in a source file.
fn routes_in(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find(".route(") {
        let after = &rest[i + ".route(".len()..];
        // The call's arguments, up to the matching parenthesis.
        let mut depth = 1usize;
        let mut end = after.len();
        for (j, ch) in after.char_indices() {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = j;
                        break;
                    }
                }
                _ => {}
            }
        }
        let args = &after[..end];
        let q1 = args.find('"').expect("a route path");
        let q2 = q1 + 1 + args[q1 + 1..].find('"').expect("the end of the route path");
        let path = &args[q1 + 1..q2];
        let handler = &args[q2 + 1..];
        let methods = methods_in(handler);
        assert!(
            !methods.is_empty(),
            "no method found in the handler of {path}: {handler}"
        );
        for m in methods {
            out.push((m, path.to_string()));
        }
        rest = &after[end..];
    }
    out
}

/// The method routers of a handler expression: `get(a).post(b)`, `axum::routing::post(c)`.
fn methods_in(handler: &str) -> Vec<String> {
    const METHODS: [&str; 6] = ["get", "post", "put", "delete", "patch", "any"];
    let bytes = handler.as_bytes();
    let mut out = Vec::new();
    for m in METHODS {
        let pat = format!("{m}(");
        let mut from = 0;
        while let Some(k) = handler[from..].find(&pat) {
            let at = from + k;
            let prev = if at == 0 { b' ' } else { bytes[at - 1] };
            if !(prev.is_ascii_alphanumeric() || prev == b'_') {
                out.push(m.to_uppercase());
            }
            from = at + pat.len();
        }
    }
    out
}

fn page_routes() -> BTreeSet<(String, String)> {
    sources()
        .iter()
        .flat_map(|(_, src)| routes_in(src))
        .collect()
}

/// `(METHOD, path)` of every operation of the OpenAPI document.
fn api_operations() -> BTreeSet<(String, String)> {
    let doc = serde_json::to_value(kinerja::http::api::openapi()).expect("the document serialises");
    let paths = doc["paths"]
        .as_object()
        .expect("paths in the OpenAPI document");
    let mut out = BTreeSet::new();
    for (path, item) in paths {
        for m in [
            "get", "put", "post", "delete", "patch", "head", "options", "trace",
        ] {
            if item.get(m).is_some() {
                out.insert((m.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

fn compare(what: &str, found: &BTreeSet<(String, String)>, covered: &BTreeSet<(String, String)>) {
    let missing: Vec<String> = found
        .difference(covered)
        .map(|(m, r)| format!("{m} {r}"))
        .collect();
    let stale: Vec<String> = covered
        .difference(found)
        .map(|(m, r)| format!("{m} {r}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{what} without a row in the matrix (add a probe with its rule): {missing:#?}"
    );
    assert!(
        stale.is_empty(),
        "rows of the {what} matrix for routes the router does not have: {stale:#?}"
    );
}

#[test]
fn every_route_of_the_router_is_in_the_matrix() {
    let x = Ids::default();
    let found = page_routes();
    assert!(
        found.contains(&("GET".to_string(), "/skp/{id}".to_string()))
            && found.contains(&("POST".to_string(), "/admin/pegawai/{id}/ubah".to_string()))
            && found.len() > 90,
        "the route parser missed routes: {found:#?}"
    );
    let probes = page_probes(&x);
    let mut covered: BTreeSet<(String, String)> = probes
        .iter()
        .map(|p| (p.method.to_string(), p.route.to_string()))
        .collect();
    covered.extend(
        OUTSIDE_MATRIX
            .iter()
            .map(|(m, r)| (m.to_string(), r.to_string())),
    );
    compare("page routes", &found, &covered);

    let ops = api_operations();
    assert!(
        ops.contains(&("GET".to_string(), "/api/v1/me".to_string())),
        "API paths are expected under /api/v1: {ops:#?}"
    );
    let api = api_probes(&x);
    let covered: BTreeSet<(String, String)> = api
        .iter()
        .map(|p| (p.method.to_string(), p.route.to_string()))
        .collect();
    compare("API operations", &ops, &covered);

    for p in probes.iter().chain(api.iter()) {
        check_rule(p.rule);
    }
}

// ---------------------------------------------------------------------------------------
// The world the probes run in

/// One integer (or none) from the database.
async fn one(t: &TestApp, sql: &'static str, arg: i64) -> Option<i64> {
    kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, Option<i64>>(sql)
        .bind(arg)
        .fetch_one(c)
        .await)
    .unwrap()
}

async fn newest_web_session(t: &TestApp, user_id: i64) -> String {
    kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, String>(
        "SELECT token_hash FROM sessions WHERE user_id = $1 AND kind = 'web' \
         ORDER BY created_at DESC LIMIT 1"
    )
    .bind(user_id)
    .fetch_one(c)
    .await)
    .unwrap()
}

/// Builds the subjects of the probes: everything of OPD A.
async fn setup() -> (TestApp, Ids) {
    let (t, f, year) = TestApp::with_year().await;
    let (mut kasi, mut p1, skp) = approved_plan(&t, year).await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let (ra_period, ra, entry) = daily_log(&t, &mut p1, skp, Some(("foto.png", png))).await;
    let r = p1.submit(&format!("/progres/{entry}/favorit"), &[]).await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "favourite: {}",
        r.visible()
    );
    let template = one_id(
        &t,
        "SELECT MAX(id) FROM progres_templates WHERE rencana_aksi_id = $1",
        ra,
    )
    .await;
    let who = kinerja::services::audit::Who::system("test");
    // The admin of another OPD: Kadis Beta administers Dinas Beta.
    let kadis_b = kinerja::store::users::user_by_username(&t.app.db, Fixture::nip("kadis_b"))
        .await
        .unwrap()
        .unwrap();
    let unit_b = f.unit(&t, "B").await;
    kinerja::services::accounts::grant_role(
        &t.app,
        f.instansi_id,
        kadis_b.id,
        "admin_opd",
        Some(unit_b),
        &who,
    )
    .await
    .unwrap();
    let (ua21, ua22) = (f.unit(&t, "A.2.1").await, f.unit(&t, "A.2.2").await);
    let today = t.app.today().format("%Y-%m-%d").to_string();

    // p1's annual evaluation with one evidence file.
    let list = p1.get("/penilaian").await;
    let period = period_of(&list.text, "AKHIR");
    let ev = open_period(&mut p1, skp, &period).await;
    let period: i64 = period.parse().unwrap();
    let rhk = one(&t, "SELECT MIN(id) FROM skp_rhk WHERE skp_id = $1", skp)
        .await
        .expect("an RHK");
    let ind = one(
        &t,
        "SELECT MIN(i.id) FROM skp_indikator i JOIN skp_rhk r ON r.id = i.rhk_id \
         WHERE r.skp_id = $1",
        skp,
    )
    .await
    .expect("an indicator");
    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer\n%%EOF\n".to_vec();
    let r = p1
        .upload_named(
            &format!("/penilaian/{ev}/bukti"),
            &[("indikator_id", &ind.to_string())],
            "bukti.pdf",
            pdf,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "evidence: {}", r.visible());
    let bid = one(
        &t,
        "SELECT MAX(id) FROM evidence_files WHERE evaluation_id = $1",
        ev,
    )
    .await
    .expect("the evidence file");

    // A dialog kinerja on p1's plan, recorded by the kasi.
    let r = kasi
        .submit(
            &format!("/skp/{skp}/dialog"),
            &[
                ("tanggal", &today),
                ("jenis", "coaching"),
                ("topik", "Ketertiban arsip"),
                ("kesepakatan", "Arsip dipindai setiap Jumat."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "dialog: {}", r.visible());
    let did = one(
        &t,
        "SELECT MAX(id) FROM dialog_kinerja WHERE skp_id = $1",
        skp,
    )
    .await
    .expect("the dialog");

    // The kasi hands an RHK of their own plan down to p1.
    let kskp = one(
        &t,
        "SELECT MIN(id) FROM skps WHERE employee_id = $1",
        f.id("kasi_a"),
    )
    .await
    .expect("the kasi's plan");
    let k1 = one(&t, "SELECT MIN(id) FROM skp_rhk WHERE skp_id = $1", kskp)
        .await
        .expect("the kasi's RHK");
    let _ = kasi
        .submit(
            &format!("/skp/{kskp}/matriks"),
            &[
                ("rhk_id", &k1.to_string()),
                ("pegawai", &f.id("p1").to_string()),
                ("teks", ""),
            ],
        )
        .await;
    let cid = one(
        &t,
        "SELECT MAX(id) FROM skp_cascades WHERE from_rhk_id = $1",
        k1,
    )
    .await;

    // The kasi asks p2 for input on p1.
    let _ = kasi
        .submit(
            &format!("/penilaian/{ev}/masukan"),
            &[(&format!("r_{}", f.id("p2")), "1")],
        )
        .await;
    let rid = one(
        &t,
        "SELECT MAX(id) FROM masukan_requests WHERE evaluation_id = $1",
        ev,
    )
    .await;

    // Admin OPD A: p2 as PLH of the sister seksi (takes effect at once), and a password
    // reset of the Kabid (waits for BKPSDM).
    let mut admin_a = t.login(Fixture::nip("admin_a")).await;
    let _ = admin_a
        .submit(
            "/admin/plt",
            &[
                ("unit_id", &ua22.to_string()),
                ("nip", Fixture::nip("p2")),
                ("jenis", "PLH"),
                ("mulai", &today),
            ],
        )
        .await;
    let acting = one(
        &t,
        "SELECT MAX(id) FROM acting_assignments WHERE employee_id = $1",
        f.id("p2"),
    )
    .await;
    let _ = admin_a
        .submit(
            &format!("/admin/pegawai/{}/reset-kata-sandi", f.id("kabid_a")),
            &[],
        )
        .await;
    let pending = one(
        &t,
        "SELECT MAX(id) FROM pending_changes WHERE subject_employee_id = $1",
        f.id("kabid_a"),
    )
    .await;

    let katalog = one(
        &t,
        "SELECT MIN(id) FROM katalog_pengembangan WHERE instansi_id = $1",
        f.instansi_id,
    )
    .await;
    let reference = one(
        &t,
        "SELECT reference_version_id FROM evaluation_years WHERE id = $1",
        year,
    )
    .await
    .expect("the year's reference data");

    // A second session of p1, which only p1 may end.
    let p1_user = kinerja::store::users::user_by_username(&t.app.db, Fixture::nip("p1"))
        .await
        .unwrap()
        .unwrap();
    let _spare = t.login(Fixture::nip("p1")).await;
    let hash = newest_web_session(&t, p1_user.id).await;
    let handle = hash[..16].to_string();

    for (what, id) in [
        ("cascade", cid),
        ("masukan request", rid),
        ("acting assignment", acting),
        ("pending change", pending),
        ("catalogue entry", katalog),
    ] {
        if id.is_none() {
            eprintln!("matrix: no {what} could be made; its probes use a nonexistent id");
        }
    }
    let ids = Ids {
        year,
        tahun: chrono::Datelike::year(&t.app.today()),
        period,
        skp,
        rhk,
        ind,
        ev,
        bid,
        did,
        cid: cid.unwrap_or(FAKE),
        rid: rid.unwrap_or(FAKE),
        acting: acting.unwrap_or(FAKE),
        pending: pending.unwrap_or(FAKE),
        katalog: katalog.unwrap_or(FAKE),
        reference,
        p1: f.id("p1"),
        p2: f.id("p2"),
        ua21,
        ua22,
        handle,
        ra,
        ra_period,
        entry,
        template,
        today: t.app.today().to_string(),
    };
    (t, ids)
}

/// What a refused write must leave as it was. Every change writes an audit event, so the
/// chain head alone would do; the counts say what changed when it does. (Sessions are left
/// out: signing in makes them.)
const FINGERPRINT: &[&str] = &[
    "SELECT COALESCE(MAX(seq), 0) FROM audit_heads",
    "SELECT COUNT(*) FROM audit_events",
    "SELECT COUNT(*) FROM employees",
    "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM employees",
    "SELECT COUNT(*) FROM users WHERE password_expires_at IS NOT NULL",
    "SELECT COALESCE(MAX(password_changed_at), 0) FROM users",
    "SELECT COUNT(*) FROM user_roles",
    "SELECT COUNT(*) FROM acting_assignments",
    "SELECT COUNT(*) FROM acting_assignments WHERE selesai IS NOT NULL",
    "SELECT COUNT(*) FROM pending_changes",
    "SELECT COUNT(*) FROM pending_changes WHERE status <> 'menunggu'",
    "SELECT COUNT(*) FROM evaluation_years",
    "SELECT COUNT(*) FROM skps",
    "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM skps",
    "SELECT COUNT(*) FROM skp_rhk",
    "SELECT COUNT(*) FROM skp_indikator",
    "SELECT COUNT(*) FROM skp_cascades",
    "SELECT COUNT(*) FROM skp_ekspektasi",
    "SELECT COUNT(*) FROM evaluations",
    "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM evaluations",
    "SELECT COUNT(*) FROM evaluations WHERE masukan_closed_at IS NOT NULL",
    "SELECT COUNT(*) FROM evidence_files WHERE removed_at IS NULL",
    "SELECT COUNT(*) FROM keberatan",
    "SELECT COUNT(*) FROM unit_periods",
    "SELECT COUNT(*) FROM feedback_messages",
    "SELECT COUNT(*) FROM dialog_kinerja",
    "SELECT COUNT(*) FROM masukan_requests",
    "SELECT COUNT(*) FROM masukan_answers",
    "SELECT COUNT(*) FROM katalog_pengembangan",
    "SELECT COUNT(*) FROM rencana_pengembangan",
    "SELECT COUNT(*) FROM tpp_aturan",
    "SELECT COUNT(*) FROM disiplin",
    "SELECT COUNT(*) FROM rencana_aksi WHERE aktif",
    "SELECT CAST(COALESCE(SUM(updated_at % 1000003), 0) AS BIGINT) FROM rencana_aksi",
    "SELECT COUNT(*) FROM rencana_aksi_turunan",
    "SELECT COUNT(*) FROM progres_entries",
    "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM progres_entries",
    "SELECT COUNT(*) FROM progres_entries WHERE pengakuan <> 'menunggu'",
    "SELECT COUNT(*) FROM progres_templates",
    "SELECT COUNT(*) FROM progres_ketidakhadiran",
    "SELECT COUNT(*) FROM hari_libur",
    "SELECT COUNT(*) FROM progres_aturan",
];

async fn fingerprint(t: &TestApp) -> Vec<i64> {
    let mut out = Vec::with_capacity(FINGERPRINT.len());
    for sql in FINGERPRINT {
        let n: i64 = kinerja::store::on_db!(&t.app.db, |c| sqlx::query_scalar::<_, i64>(*sql)
            .fetch_one(c)
            .await)
        .unwrap();
        out.push(n);
    }
    out
}

fn changed(before: &[i64], after: &[i64]) -> Vec<&'static str> {
    FINGERPRINT
        .iter()
        .zip(before.iter().zip(after))
        .filter(|(_, (b, a))| b != a)
        .map(|(q, _)| *q)
        .collect()
}

// ---------------------------------------------------------------------------------------
// Running the probes

/// Which probes a pass sends: first every read and every write that must be refused, then
/// (`grants`) the writes that must be granted.
fn runs_in(grants: bool, write: bool, e: Expect) -> bool {
    match (grants, write) {
        (false, false) => e != Expect::Either,
        (false, true) => matches!(e, Expect::SignIn | Expect::Deny | Expect::Refused),
        (true, true) => matches!(e, Expect::Allow | Expect::Public),
        (true, false) => false,
    }
}

/// The database's fingerprint before a write that must be refused.
async fn refusal_fingerprint(t: &TestApp, grants: bool, write: bool) -> Option<Vec<i64>> {
    if write && !grants {
        Some(fingerprint(t).await)
    } else {
        None
    }
}

/// A failure line when a refused write changed the database.
async fn unchanged(t: &TestApp, role: Role, p: &Probe, before: Option<Vec<i64>>) -> Option<String> {
    let before = before?;
    let after = fingerprint(t).await;
    (after != before).then(|| {
        format!(
            "{:<13} {} {} [{}]: A REFUSED WRITE CHANGED {:?}",
            role.name(),
            p.method,
            p.path,
            p.route,
            changed(&before, &after)
        )
    })
}

async fn sign_in(t: &TestApp, role: Role) -> Client {
    match role {
        Role::Anon => t.client(),
        r => t.login(r.username()).await,
    }
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// A page request as a browser on the site sends it (with the CSRF token when signed in,
/// so that a refusal comes from the permission check).
async fn send_page(c: &mut Client, p: &Probe, anon: bool) -> Response {
    match &p.body {
        Body::None if p.method == "GET" => c.get(&p.path).await,
        Body::None => {
            if anon {
                c.post_form(&p.path, &[]).await
            } else {
                c.submit(&p.path, &[]).await
            }
        }
        Body::Form(fields) => {
            let f = pairs(fields);
            if anon {
                c.post_form(&p.path, &f).await
            } else {
                c.submit(&p.path, &f).await
            }
        }
        Body::Upload(fields, file) => {
            let f = pairs(fields);
            if anon {
                c.post_form(&p.path, &f).await
            } else {
                c.upload_named(&p.path, &f, "berkas.pdf", file.clone())
                    .await
            }
        }
        Body::Json(_) => panic!("a JSON body on a page route: {}", p.path),
    }
}

async fn send_api(
    http: &reqwest::Client,
    base: &str,
    token: Option<&str>,
    p: &Probe,
) -> StatusCode {
    let method = reqwest::Method::from_bytes(p.method.as_bytes()).expect("an HTTP method");
    let mut req = http.request(method, format!("{base}{}", p.path));
    if let Some(tok) = token {
        req = req.bearer_auth(tok);
    }
    if let Body::Json(b) = &p.body {
        req = req.json(b);
    }
    req.send().await.unwrap().status()
}

fn describe(
    role: Role,
    p: &Probe,
    e: Expect,
    status: StatusCode,
    location: Option<&str>,
    why: &str,
    text: &str,
) -> String {
    let to = location.map(|l| format!(" → {l}")).unwrap_or_default();
    let excerpt: String = text.chars().take(160).collect();
    format!(
        "{:<13} {} {} [{}] expected {e:?}, got {status}{to}: {why}. {excerpt}",
        role.name(),
        p.method,
        p.path,
        p.route
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_grant_exactly_what_the_rules_say() {
    let (t, x) = setup().await;
    let probes = page_probes(&x);
    let mut clients: HashMap<Role, Client> = HashMap::new();
    for role in ROLES {
        clients.insert(role, sign_in(&t, role).await);
    }
    let mut failures: Vec<String> = Vec::new();
    let mut checked = 0usize;

    // Reads for everyone and the writes that must be refused, with one client per role
    // (a refused write must change nothing); then the writes that must be granted, last
    // (they may change what the refusals read), each from a fresh session (some end
    // sessions).
    for grants in [false, true] {
        for p in &probes {
            let write = p.method != "GET";
            for role in ROLES {
                let e = expect(p.rule, role);
                if !runs_in(grants, write, e) {
                    continue;
                }
                let mut fresh;
                let c = if grants {
                    fresh = sign_in(&t, role).await;
                    &mut fresh
                } else {
                    clients.get_mut(&role).expect("a client per role")
                };
                let before = refusal_fingerprint(&t, grants, write).await;
                let r = send_page(c, p, role == Role::Anon).await;
                checked += 1;
                if let Some(why) = verdict(e, r.status, r.location.as_deref(), p.soft, false) {
                    failures.push(describe(
                        role,
                        p,
                        e,
                        r.status,
                        r.location.as_deref(),
                        why,
                        &r.visible(),
                    ));
                }
                failures.extend(unchanged(&t, role, p, before).await);
            }
        }
    }

    assert!(
        failures.is_empty(),
        "{} of {checked} page checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_grants_exactly_what_the_rules_say() {
    let (t, x) = setup().await;
    let probes = api_probes(&x);
    let mut tokens: HashMap<Role, String> = HashMap::new();
    for role in ROLES {
        if role != Role::Anon {
            tokens.insert(role, t.token(role.username()).await);
        }
    }
    let http = reqwest::Client::new();
    let mut failures: Vec<String> = Vec::new();
    let mut checked = 0usize;

    // The catch-all: an unknown API path is a 404 for everyone.
    for role in ROLES {
        let token = tokens.get(&role).map(String::as_str);
        let unknown = call("GET", "/api/v1/{*rest}", "/api/v1/tidak-ada", NOBODY, None);
        let status = send_api(&http, &t.base, token, &unknown).await;
        checked += 1;
        if status != StatusCode::NOT_FOUND {
            failures.push(format!(
                "{:<13} GET /api/v1/tidak-ada: expected 404, got {status}",
                role.name()
            ));
        }
    }

    // Reads for everyone and the writes that must be refused; then the granted writes.
    for grants in [false, true] {
        for p in &probes {
            let write = p.method != "GET";
            for role in ROLES {
                let e = expect(p.rule, role);
                if !runs_in(grants, write, e) {
                    continue;
                }
                let token = tokens.get(&role).map(String::as_str);
                let before = refusal_fingerprint(&t, grants, write).await;
                let status = send_api(&http, &t.base, token, p).await;
                checked += 1;
                if let Some(why) = verdict(e, status, None, p.soft, true) {
                    failures.push(describe(role, p, e, status, None, why, ""));
                }
                failures.extend(unchanged(&t, role, p, before).await);
            }
        }
    }

    assert!(
        failures.is_empty(),
        "{} of {checked} API checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
