//! Units.

use super::*;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitDto {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kode: String,
    pub nama: String,
    /// pemda, opd, kecamatan, sekretariat, bagian, bidang, subbagian, subbidang, seksi,
    /// kelurahan, uptd, sekolah.
    pub jenis: String,
    /// Materialised path of ids from the root: "/1/5/23/".
    pub path: String,
    pub aktif: bool,
}

impl From<UnitRow> for UnitDto {
    fn from(u: UnitRow) -> Self {
        UnitDto {
            id: u.id,
            parent_id: u.parent_id,
            kode: u.kode,
            nama: u.nama,
            jenis: u.jenis,
            path: u.path,
            aktif: u.aktif,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitChildDto {
    pub id: i64,
    pub kode: String,
    pub nama: String,
    pub jenis: String,
    pub child_count: i64,
    pub employee_count: i64,
    pub head_vacant: bool,
}

impl From<UnitChildRow> for UnitChildDto {
    fn from(u: UnitChildRow) -> Self {
        UnitChildDto {
            id: u.id,
            kode: u.kode,
            nama: u.nama,
            jenis: u.jenis,
            child_count: u.child_count,
            employee_count: u.employee_count,
            head_vacant: u.head_vacant,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitDetailDto {
    pub unit: UnitDto,
    pub ancestors: Vec<UnitDto>,
    pub children: Vec<UnitChildDto>,
    pub employee_count: i64,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitListQuery {
    /// Parent unit; the top of the caller's scope when absent.
    pub parent_id: Option<i64>,
}

/// Children of a unit, with counts.
#[utoipa::path(get, path = "/units", tag = "units", security(("bearer" = [])), params(UnitListQuery),
    responses((status = 200, body = [UnitChildDto]), (status = 403, body = ApiErrorBody)))]
pub async fn list_units(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiQuery(q): ApiQuery<UnitListQuery>,
) -> ApiResult<Json<Vec<UnitChildDto>>> {
    let v = org_svc::unit_view(&app, &u, q.parent_id).await?;
    Ok(Json(v.children.into_iter().map(Into::into).collect()))
}

/// One unit with its ancestors and children.
#[utoipa::path(get, path = "/units/{id}", tag = "units", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Unit id")),
    responses((status = 200, body = UnitDetailDto), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn get_unit(
    State(app): State<App>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<UnitDetailDto>> {
    let v = org_svc::unit_view(&app, &u, Some(id)).await?;
    Ok(Json(UnitDetailDto {
        employee_count: v.employee_total,
        unit: v.unit.into(),
        ancestors: v.ancestors.into_iter().map(Into::into).collect(),
        children: v.children.into_iter().map(Into::into).collect(),
    }))
}
