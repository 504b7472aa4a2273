//! Employees.

use super::*;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EmployeeDto {
    pub id: i64,
    pub nip: Option<String>,
    /// pns, pppk, pppk_paruh_waktu, pejabat_negara.
    pub jenis_asn: String,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub nama_lengkap: String,
    /// L or P.
    pub jenis_kelamin: String,
    pub tanggal_lahir: Option<chrono::NaiveDate>,
    pub golongan: Option<String>,
    pub email: Option<String>,
    pub aktif: bool,
    pub jabatan: String,
    pub jenis_jabatan: String,
    pub jenjang: Option<String>,
    pub kepala_unit: bool,
    pub unit_id: i64,
    pub unit_nama: String,
    /// Optimistic-concurrency version: send it back with an update.
    pub version: i64,
}

impl From<EmployeeRow> for EmployeeDto {
    fn from(e: EmployeeRow) -> Self {
        EmployeeDto {
            nama_lengkap: e.nama_lengkap(),
            id: e.id,
            nip: e.nip,
            jenis_asn: e.jenis_asn,
            gelar_depan: e.gelar_depan,
            nama: e.nama,
            gelar_belakang: e.gelar_belakang,
            jenis_kelamin: e.jenis_kelamin,
            tanggal_lahir: e.tanggal_lahir,
            golongan: e.golongan,
            email: e.email,
            aktif: e.aktif,
            jabatan: e.jabatan,
            jenis_jabatan: e.jenis_jabatan,
            jenjang: e.jenjang,
            kepala_unit: e.is_head,
            unit_id: e.unit_id,
            unit_nama: e.unit_nama,
            version: e.version,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EmployeePage {
    pub items: Vec<EmployeeDto>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    /// True when there are more than `total` matches (counting stops there).
    pub total_capped: bool,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EmployeeListQuery {
    /// Name fragment, or the start of a NIP.
    pub q: Option<String>,
    /// Limit to this unit's subtree (must be inside the caller's scope).
    pub unit_id: Option<i64>,
    pub include_inactive: Option<bool>,
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// Searches employees in the caller's scope, one page at a time.
#[utoipa::path(get, path = "/employees", tag = "employees", security(("bearer" = [])), params(EmployeeListQuery),
    responses((status = 200, body = EmployeePage), (status = 403, body = ApiErrorBody)))]
pub async fn list_employees(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiQuery(q): ApiQuery<EmployeeListQuery>,
) -> ApiResult<Json<EmployeePage>> {
    // The document's ranges, refused outside them rather than silently clamped.
    for (field, value, max) in [("page", q.page, 100_000), ("per_page", q.per_page, 200)] {
        if value.is_some_and(|n| !(1..=max).contains(&n)) {
            return Err(AppError::Invalid(vec![
                crate::error::Problem::new(field, "api-range").arg("max", max),
            ])
            .into());
        }
    }
    let (_, page) = org_svc::search(
        &app,
        &u,
        q.q.as_deref().unwrap_or(""),
        q.unit_id,
        q.include_inactive.unwrap_or(false),
        q.page.unwrap_or(1),
        q.per_page.unwrap_or(50),
    )
    .await?;
    Ok(Json(EmployeePage {
        page: page.page,
        per_page: page.per_page,
        total: page.total,
        total_capped: page.total_capped,
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonRef {
    pub id: i64,
    pub nip: Option<String>,
    pub nama_lengkap: String,
    pub jabatan: String,
    /// tree, acting (PLT/PLH) or override.
    pub source: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChainDto {
    pub person: Option<PersonRef>,
    /// Set when the head position of this unit is vacant: the chain is blocked.
    pub vacant_unit_id: Option<i64>,
}

impl From<ChainLink> for ChainDto {
    fn from(l: ChainLink) -> Self {
        match l {
            ChainLink::Person {
                employee, source, ..
            } => ChainDto {
                person: Some(PersonRef {
                    id: employee.id,
                    nip: employee.nip.clone(),
                    nama_lengkap: employee.nama_lengkap(),
                    jabatan: employee.jabatan.clone(),
                    source: match source {
                        kinerja_domain::PenilaiSource::Tree => "tree".into(),
                        kinerja_domain::PenilaiSource::Acting(k) => k.code().to_lowercase(),
                        kinerja_domain::PenilaiSource::Override => "override".into(),
                    },
                }),
                vacant_unit_id: None,
            },
            ChainLink::Vacant { unit } => ChainDto {
                person: None,
                vacant_unit_id: Some(unit.id),
            },
            ChainLink::None => ChainDto {
                person: None,
                vacant_unit_id: None,
            },
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EmployeeDetailDto {
    pub employee: EmployeeDto,
    pub penilai: ChainDto,
    pub atasan_penilai: ChainDto,
}

/// One employee with the derived penilai and atasan penilai.
#[utoipa::path(get, path = "/employees/{id}", tag = "employees", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Employee id")),
    responses((status = 200, body = EmployeeDetailDto), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn get_employee(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EmployeeDetailDto>> {
    let p = org_svc::profile(&app, &u, id).await?;
    Ok(Json(EmployeeDetailDto {
        employee: p.employee.into(),
        penilai: p.penilai.into(),
        atasan_penilai: p.atasan.into(),
    }))
}

/// Creates an employee (admin of the target unit).
#[utoipa::path(post, path = "/employees", tag = "employees", security(("bearer" = [])),
    request_body = EmployeeInput,
    responses((status = 201, body = EmployeeDto), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_employee(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiJson(input): ApiJson<EmployeeInput>,
) -> ApiResult<(StatusCode, Json<EmployeeDto>)> {
    let id = org_svc::create_employee(&app, &u, &input).await?;
    let e = org_svc::employee(&app, &u, id).await?;
    Ok((StatusCode::CREATED, Json(e.into())))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EmployeeUpdate {
    /// The `version` read with the employee; a newer one on the server gives 409.
    pub version: i64,
    #[serde(flatten)]
    pub data: EmployeeInput,
}

/// Updates an employee (admin of their unit and of the target unit).
#[utoipa::path(put, path = "/employees/{id}", tag = "employees", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Employee id")),
    request_body = EmployeeUpdate,
    responses((status = 200, body = EmployeeDto), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_employee(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<EmployeeUpdate>,
) -> ApiResult<Json<EmployeeDto>> {
    org_svc::update_employee(&app, &u, id, body.version, &body.data).await?;
    let e = org_svc::employee(&app, &u, id).await?;
    Ok(Json(e.into()))
}
