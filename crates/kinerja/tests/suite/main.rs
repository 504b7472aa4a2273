//! The integration suite: one binary, one module per area. Every test drives the real
//! server (or the real `kinerja` command) on a fresh database; the engine is chosen by
//! `KINERJA_TEST_DB` and the whole suite runs once per engine (see `scripts/test`).

mod common;

mod api;
mod architecture;
mod audit_cli;
mod auth;
mod browser;
mod budget;
mod daily;
mod dashboard;
mod development;
mod evaluation;
mod import;
mod mail;
mod matrix;
mod pages;
mod permissions;
mod planning;
mod reports;
mod scale_out;
mod store;
mod tenancy;
mod tpp;
