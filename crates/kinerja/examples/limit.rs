//! The yardstick of `scripts/load`: the least a web server on this machine can do per
//! request against the same database. axum and sqlx, no middleware, one indexed point read
//! (an employee's name by id) per request. Kinerja's pages are reported as a share of it.
//!
//! `cargo run --release --example limit -- DATABASE_URL ADDRESS`

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;

#[derive(Clone)]
enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

async fn employee(State(pool): State<Pool>, Path(id): Path<i64>) -> String {
    const SQL: &str = "SELECT nama FROM employees WHERE id = $1";
    let name: Option<String> = match &pool {
        Pool::Sqlite(p) => sqlx::query_scalar(SQL).bind(id).fetch_optional(p).await,
        Pool::Postgres(p) => sqlx::query_scalar(SQL).bind(id).fetch_optional(p).await,
    }
    .unwrap_or(None);
    name.unwrap_or_default()
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let url = args.next().expect("DATABASE_URL");
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8090".into());
    let pool = if url.starts_with("postgres") {
        Pool::Postgres(
            sqlx::postgres::PgPoolOptions::new()
                .max_connections(16)
                .connect(&url)
                .await
                .expect("PostgreSQL"),
        )
    } else {
        let opts: sqlx::sqlite::SqliteConnectOptions = url.parse().expect("sqlite URL");
        Pool::Sqlite(
            sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(opts.read_only(true))
                .await
                .expect("SQLite"),
        )
    };
    let app = Router::new()
        .route("/e/{id}", get(employee))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
