//! Test harness: the real server on a free port with a fresh database per test.
//!
//! The engine is chosen by `KINERJA_TEST_DB` (`sqlite`, the default, or `postgres`); the
//! whole suite runs once per engine (see `scripts/test`). On PostgreSQL a template database
//! is migrated once and each test gets `CREATE DATABASE … TEMPLATE` of it.

pub mod forms;

use kinerja::store::Db;
use kinerja::{App, Config};
use reqwest::StatusCode;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

mod app;
mod builder;
mod client;
mod database;
mod fixtures;
mod html;
mod s3;
mod scenarios;
mod smtp;

pub use app::*;
pub use client::*;
pub use database::*;
pub use fixtures::*;
pub use html::*;
pub use s3::*;
pub use scenarios::*;
pub use smtp::*;

pub const PASSWORD: &str = "rahasia-uji-2026";
pub const AUDIT_KEY: &str = "test-audit-key-0123456789-abcdefghij";
