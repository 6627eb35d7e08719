//! The HTTP API (version 1): routes, request checks and JSON errors.
//!
//! | route | who | what |
//! | --- | --- | --- |
//! | `POST /v1/consents` | pages of `CG_ALLOWED_ORIGINS` | append a record: 201 (200 if already stored) |
//! | `GET /v1/consents/{consent_id}` | Bearer `CG_ADMIN_TOKEN` | that id's records, oldest first |
//! | `GET /v1/export?from=&to=` | Bearer | NDJSON of the records received in `[from, to)` |
//! | `GET /v1/verify` | Bearer | walk the hash chain |
//! | `GET /healthz` | anyone | the database answers |
//!
//! Every error is JSON, `{"error": "...", "field": "..."}`, `field` naming the offending
//! field, header or parameter where there is one.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, ORIGIN, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use consent_gate_core::record::is_valid_id;
use serde_json::{json, Value};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::chain::Row;
use crate::record::{parse_ms, Submission};
use crate::store::{Outcome, Store, StoreError, Writer, PAGE};

/// The largest record body accepted, in bytes.
pub const MAX_BODY: usize = 4096;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub writer: Writer,
    pub admin_token: Arc<str>,
    pub allowed_origins: Arc<[String]>,
}

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: String,
    field: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, field: Option<&str>, error: impl Into<String>) -> Self {
        ApiError { status, error: error.into(), field: field.map(String::from) }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        eprintln!("consent-gate-server: {e}");
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, None, "the database is not available; try again later")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = match &self.field {
            Some(field) => json!({ "error": self.error, "field": field }),
            None => json!({ "error": self.error }),
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// The routes, with CORS for the allowed origins on `POST /v1/consents`.
pub fn router(state: AppState) -> Router {
    let origins: Vec<HeaderValue> = state.allowed_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::POST])
        .allow_headers([CONTENT_TYPE])
        .max_age(Duration::from_secs(24 * 60 * 60));
    Router::new()
        .route("/v1/consents", post(create).layer(cors))
        .route("/v1/consents/{consent_id}", get(by_consent_id))
        .route("/v1/export", get(export))
        .route("/v1/verify", get(verify))
        .route("/healthz", get(healthz))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, None, "no such route") })
        .with_state(state)
}

/// The field a serde error is about: its path, or for an unknown or missing field at the top
/// level the name in the message.
fn field_of(path: &str, message: &str) -> String {
    if path != "." {
        return path.to_string();
    }
    message.split('`').nth(1).filter(|_| message.contains(" field `")).unwrap_or("body").to_string()
}

async fn create(State(s): State<AppState>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let origin = match headers.get(ORIGIN).map(HeaderValue::to_str) {
        None => return Err(ApiError::new(StatusCode::FORBIDDEN, Some("Origin"), "a record must come with the Origin header of an allowed page")),
        Some(Ok(origin)) if s.allowed_origins.iter().any(|o| o == origin) => origin.to_string(),
        Some(_) => return Err(ApiError::new(StatusCode::FORBIDDEN, Some("Origin"), "this origin is not in CG_ALLOWED_ORIGINS")),
    };
    // text/plain is what a page's fetch() sends without a CORS preflight.
    let media = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    if !matches!(media.as_deref(), None | Some("application/json" | "text/plain")) {
        return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("Content-Type"), "send the record as application/json or text/plain"));
    }
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, Some("body"), "the body is larger than 4096 bytes"))?;
    let mut reader = serde_json::Deserializer::from_slice(&bytes);
    let submission: Submission = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
        let message = e.inner().to_string();
        ApiError::new(StatusCode::BAD_REQUEST, Some(&field_of(&e.path().to_string(), &message)), message)
    })?;
    reader.end().map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, Some("body"), e.to_string()))?;
    submission.check().map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, Some(e.field), e.reason))?;
    if submission.origin != origin {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, Some("origin"), "differs from the request's Origin header"));
    }
    match s.writer.submit(submission).await? {
        Outcome::Created(receipt) => Ok((StatusCode::CREATED, Json(receipt)).into_response()),
        Outcome::Existing(receipt) => Ok((StatusCode::OK, Json(receipt)).into_response()),
        Outcome::Conflict => Err(ApiError::new(StatusCode::CONFLICT, Some("record_id"), "a different record with this record_id is already stored")),
    }
}

/// Refuses a read without `Authorization: Bearer <CG_ADMIN_TOKEN>` (compared in constant time).
fn authorize(s: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).unwrap_or("");
    let expected = s.admin_token.as_bytes();
    let same = given.len() == expected.len() && given.bytes().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    if same {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::UNAUTHORIZED, Some("Authorization"), "reading records needs Authorization: Bearer <CG_ADMIN_TOKEN>"))
    }
}

/// A row as the API shows it: its content's fields, then its links.
fn shown(row: &Row) -> Value {
    let mut value: Value = serde_json::from_str(&row.content).unwrap_or_else(|_| json!({ "content": row.content }));
    if let Some(fields) = value.as_object_mut() {
        fields.insert("prev_hash".into(), Value::String(row.prev_hash.clone()));
        fields.insert("hash".into(), Value::String(row.hash.clone()));
    }
    value
}

async fn by_consent_id(State(s): State<AppState>, headers: HeaderMap, Path(consent_id): Path<String>) -> Result<Json<Vec<Value>>, ApiError> {
    authorize(&s, &headers)?;
    if !is_valid_id(&consent_id) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, Some("consent_id"), "must be 8 to 64 lowercase hex digits"));
    }
    let rows = s.store.by_consent_id(&consent_id).await?;
    if rows.is_empty() {
        return Err(ApiError::new(StatusCode::NOT_FOUND, Some("consent_id"), "no record has this consent id"));
    }
    Ok(Json(rows.iter().map(shown).collect()))
}

async fn export(State(s): State<AppState>, headers: HeaderMap, Query(params): Query<HashMap<String, String>>) -> Result<Response, ApiError> {
    authorize(&s, &headers)?;
    if let Some(unknown) = params.keys().find(|k| *k != "from" && *k != "to") {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, Some(unknown), "unknown parameter; use from and to"));
    }
    let bound = |name: &str, default: i64| match params.get(name) {
        None => Ok(default),
        Some(text) => parse_ms(text).ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, Some(name), "must be an RFC 3339 time such as 2026-12-07T00:00:00Z")),
    };
    let (from, to) = (bound("from", i64::MIN)?, bound("to", i64::MAX)?);
    let pages = futures_util::stream::try_unfold((s.store.clone(), Some(None)), move |(store, cursor)| async move {
        let Some(after) = cursor else { return Ok::<_, StoreError>(None) };
        let rows = store.received_between(from, to, after).await?;
        let Some(last) = rows.last() else { return Ok(None) };
        let next = (rows.len() as i64 == PAGE).then_some(Some((last.received_ms, last.seq)));
        let mut chunk = String::new();
        for row in &rows {
            chunk.push_str(&shown(row).to_string());
            chunk.push('\n');
        }
        Ok(Some((Bytes::from(chunk), (store, next))))
    });
    Ok(([(CONTENT_TYPE, "application/x-ndjson")], Body::from_stream(pages)).into_response())
}

async fn verify(State(s): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    authorize(&s, &headers)?;
    Ok(Json(s.store.verify().await?).into_response())
}

async fn healthz(State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    s.store.ping().await?;
    Ok(Json(json!({ "ok": true })))
}

#[cfg(test)]
mod tests {
    use super::field_of;

    #[test]
    fn serde_errors_name_their_field() {
        assert_eq!(field_of(".", "unknown field `colour`, expected one of `record_id`, `consent_id`"), "colour");
        assert_eq!(field_of(".", "missing field `gpc` at line 1 column 2"), "gpc");
        assert_eq!(field_of("granted[1]", "invalid type: integer `5`, expected a string"), "granted[1]");
        assert_eq!(field_of(".", "expected value at line 1 column 1"), "body");
    }
}
