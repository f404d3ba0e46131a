//! The HTTP API: bearer-token authentication, role checks, body and rate limits, and the
//! long-poll that tells clients to pull.
//!
//! Routes (JSON): `GET /v1/me`, `POST /v1/push`, `GET /v1/changes?after=&limit=&wait_ms=`,
//! `POST /v1/concepts/{id}/review`, `GET /v1/proposals` (the proposals waiting for review that
//! the user may see), `GET /v1/presence` (who made a request lately), `GET /v1/audit?after=&limit=`
//! (admins), `GET /v1/health`.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    Json, Router,
    body::{Body, Bytes},
    extract::{DefaultBodyLimit, Path, Query, Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use deadpool_postgres::Pool;
use http_body_util::BodyExt;
use serde::Deserialize;
use tokio::sync::watch;

use crate::{
    db::{self, Failure, Role, User},
    wire::{
        ErrorBody, Presence, PresentUser, Proposal, PullResponse, PushRequest, PushResponse,
        ReviewRequest, ReviewResponse, WhoAmI,
    },
};

/// The largest request body taken (a push of a few thousand units fits).
pub(crate) const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// How much of an oversized body is read and thrown away so that the client, which sends the
/// whole body before it reads the answer, gets the 413 rather than a broken pipe.
const MAX_DRAINED_BYTES: usize = 64 * 1024 * 1024;
/// How long reading one request body may take.
const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// The most changes one push may carry; clients send pages.
pub(crate) const MAX_CHANGES_PER_PUSH: usize = 2_000;
/// Requests one user may make per second before being told to slow down (429).
pub(crate) const REQUESTS_PER_SECOND: u32 = 50;
/// The longest a pull waits for a new change.
const MAX_WAIT: Duration = Duration::from_secs(30);
/// A user who made a request within this long is listed as present.
pub(crate) const PRESENCE_WINDOW: Duration = Duration::from_secs(120);

/// What every handler shares.
pub(crate) struct Team {
    pub(crate) pool: Pool,
    /// The newest committed sequence number, as NOTIFY and this server's own commits tell it.
    pub(crate) newest: watch::Sender<i64>,
    /// Requests per user in the current one-second window.
    requests: Mutex<HashMap<String, (Instant, u32)>>,
    /// When each user last made a request, with their role: presence as this server saw it.
    seen: Mutex<HashMap<String, (Role, Instant)>>,
}

impl Team {
    pub(crate) fn new(pool: Pool, newest: watch::Sender<i64>) -> Team {
        Team {
            pool,
            newest,
            requests: Mutex::new(HashMap::new()),
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Moves the newest sequence number forward (never back) and wakes waiting pulls.
    pub(crate) fn advance(&self, seq: i64) {
        self.newest.send_if_modified(|newest| {
            let moved = seq > *newest;
            if moved {
                *newest = seq;
            }
            moved
        });
    }
}

pub(crate) fn router(team: Arc<Team>) -> Router {
    Router::new()
        .route("/v1/health", get(|| async { "ok" }))
        .route("/v1/me", get(who_am_i))
        .route("/v1/push", post(push))
        .route("/v1/changes", get(pull))
        .route("/v1/concepts/{id}/review", post(review))
        .route("/v1/proposals", get(proposals))
        .route("/v1/presence", get(presence))
        .route("/v1/audit", get(audit))
        // Both stay: `limit_body` answers an oversized body, and without `DefaultBodyLimit` axum's
        // extractors would refuse bodies over their own 2 MB default.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(limit_body))
        .with_state(team)
}

/// Reads the request body before routing and refuses one over [`MAX_BODY_BYTES`] with 413.
///
/// An oversized body is still read to its end (up to [`MAX_DRAINED_BYTES`], within
/// [`BODY_TIMEOUT`]) and discarded: an HTTP/1.1 client writes the whole body before it reads,
/// so a server that answers early and closes leaves the client with a broken pipe instead of
/// the reason.
async fn limit_body(request: Request, next: Next) -> Response {
    let too_large = || {
        let mut response = ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is over the limit of {MAX_BODY_BYTES} bytes"),
        )
        .into_response();
        response
            .headers_mut()
            .insert(header::CONNECTION, header::HeaderValue::from_static("close"));
        response
    };
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if announced.is_some_and(|length| length > MAX_DRAINED_BYTES) {
        return too_large();
    }
    let (parts, mut body) = request.into_parts();
    let mut kept = Vec::new();
    let mut read = 0usize;
    let deadline = tokio::time::Instant::now() + BODY_TIMEOUT;
    loop {
        let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
            Err(_) => {
                return ApiError(
                    StatusCode::REQUEST_TIMEOUT,
                    "the request body came too slowly".to_owned(),
                )
                .into_response();
            }
            Ok(None) => break,
            Ok(Some(Err(error))) => {
                return ApiError(
                    StatusCode::BAD_REQUEST,
                    format!("cannot read the request body: {error}"),
                )
                .into_response();
            }
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else { continue };
        read += data.len();
        if read > MAX_DRAINED_BYTES {
            return too_large();
        }
        if read <= MAX_BODY_BYTES {
            kept.extend_from_slice(&data);
        }
    }
    if read > MAX_BODY_BYTES {
        return too_large();
    }
    next.run(Request::from_parts(parts, Body::from(Bytes::from(kept)))).await
}

/// An error answer: a status and `{"error": message}`.
pub(crate) struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(ErrorBody { error: self.1 })).into_response()
    }
}

impl From<Failure> for ApiError {
    fn from(failure: Failure) -> ApiError {
        match failure {
            Failure::Invalid(message) => ApiError(StatusCode::BAD_REQUEST, message),
            Failure::Forbidden(message) => ApiError(StatusCode::FORBIDDEN, message),
            Failure::NotFound(message) => ApiError(StatusCode::NOT_FOUND, message),
            Failure::Database(error) => ApiError(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("database unavailable: {error:#}"),
            ),
        }
    }
}

/// The user whose bearer token the request carries, within the rate limit.
async fn authenticate(team: &Team, headers: &HeaderMap) -> Result<User, ApiError> {
    let token = headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or_else(|| ApiError(StatusCode::UNAUTHORIZED, "no bearer token".to_owned()))?;
    let user = db::user_by_token(&team.pool, token.trim())
        .await
        .map_err(|error| ApiError::from(Failure::Database(error)))?
        .ok_or_else(|| ApiError(StatusCode::UNAUTHORIZED, "unknown token".to_owned()))?;
    let now = Instant::now();
    team.seen
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(user.name.clone(), (user.role, now));
    let mut requests = team.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let (window_start, count) = requests.entry(user.name.clone()).or_insert((now, 0));
    if now.duration_since(*window_start) >= Duration::from_secs(1) {
        *window_start = now;
        *count = 0;
    }
    *count += 1;
    if *count > REQUESTS_PER_SECOND {
        return Err(ApiError(
            StatusCode::TOO_MANY_REQUESTS,
            format!("more than {REQUESTS_PER_SECOND} requests a second; slow down"),
        ));
    }
    Ok(user)
}

async fn who_am_i(
    State(team): State<Arc<Team>>,
    headers: HeaderMap,
) -> Result<Json<WhoAmI>, ApiError> {
    let user = authenticate(&team, &headers).await?;
    let cursor = db::newest_seq(&team.pool).await.map_err(Failure::Database)?;
    Ok(Json(WhoAmI { name: user.name, role: user.role.as_str().to_owned(), cursor }))
}

async fn push(
    State(team): State<Arc<Team>>,
    headers: HeaderMap,
    Json(request): Json<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    let user = authenticate(&team, &headers).await?;
    if request.changes.len() > MAX_CHANGES_PER_PUSH {
        return Err(ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_CHANGES_PER_PUSH} changes per push"),
        ));
    }
    let (results, last_seq) = db::push(&team.pool, &user, &request.changes).await?;
    if let Some(seq) = last_seq {
        team.advance(seq);
    }
    Ok(Json(PushResponse { results, cursor: *team.newest.borrow() }))
}

#[derive(Debug, Deserialize)]
struct PullQuery {
    #[serde(default)]
    after: i64,
    #[serde(default = "default_limit")]
    limit: i64,
    /// Wait up to this long for a change after `after` before answering.
    #[serde(default)]
    wait_ms: u64,
}

fn default_limit() -> i64 {
    1_000
}

async fn pull(
    State(team): State<Arc<Team>>,
    headers: HeaderMap,
    Query(query): Query<PullQuery>,
) -> Result<Json<PullResponse>, ApiError> {
    let user = authenticate(&team, &headers).await?;
    if query.wait_ms > 0 {
        let mut newest = team.newest.subscribe();
        let wait = Duration::from_millis(query.wait_ms).min(MAX_WAIT);
        let _ = tokio::time::timeout(wait, newest.wait_for(|seq| *seq > query.after)).await;
    }
    let limit = query.limit.clamp(1, 5_000);
    let (changes, cursor, more) = db::pull(&team.pool, &user, query.after, limit).await?;
    team.advance(cursor);
    Ok(Json(PullResponse { changes, cursor, more }))
}

async fn review(
    State(team): State<Arc<Team>>,
    headers: HeaderMap,
    Path(concept_id): Path<String>,
    Json(request): Json<ReviewRequest>,
) -> Result<Json<ReviewResponse>, ApiError> {
    let user = authenticate(&team, &headers).await?;
    let (seq, concept) = db::review(
        &team.pool,
        &user,
        &concept_id,
        &request.decision,
        request.preferred.as_deref(),
        &request.comment,
    )
    .await?;
    team.advance(seq);
    Ok(Json(ReviewResponse { seq, concept }))
}

/// The concepts waiting for review that the user may see: a reviewer's or admin's are all of
/// them, a translator's only their own.
async fn proposals(
    State(team): State<Arc<Team>>,
    headers: HeaderMap,
) -> Result<Json<Vec<Proposal>>, ApiError> {
    let user = authenticate(&team, &headers).await?;
    Ok(Json(db::proposals(&team.pool, &user).await?))
}

/// The users who made a request to this server within [`PRESENCE_WINDOW`], most recent first.
/// Clients that sync by themselves ask every few seconds, so this is who is connected.
async fn presence(
    State(team): State<Arc<Team>>,
    headers: HeaderMap,
) -> Result<Json<Presence>, ApiError> {
    authenticate(&team, &headers).await?;
    let now = Instant::now();
    let mut users: Vec<PresentUser> = team
        .seen
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .iter()
        .filter(|(_, (_, at))| now.duration_since(*at) <= PRESENCE_WINDOW)
        .map(|(name, (role, at))| PresentUser {
            name: name.clone(),
            role: role.as_str().to_owned(),
            seen_ms_ago: u64::try_from(now.duration_since(*at).as_millis()).unwrap_or(u64::MAX),
        })
        .collect();
    users.sort_by(|a, b| a.seen_ms_ago.cmp(&b.seen_ms_ago).then_with(|| a.name.cmp(&b.name)));
    Ok(Json(Presence { users, window_secs: PRESENCE_WINDOW.as_secs() }))
}

#[derive(Debug, Deserialize)]
struct AuditQuery {
    #[serde(default)]
    after: i64,
    #[serde(default = "default_limit")]
    limit: i64,
}

async fn audit(
    State(team): State<Arc<Team>>,
    headers: HeaderMap,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<serde_json::Value>>, ApiError> {
    let user = authenticate(&team, &headers).await?;
    if user.role != Role::Admin {
        return Err(ApiError(StatusCode::FORBIDDEN, "only an admin can read the audit".to_owned()));
    }
    Ok(Json(db::audit_events(&team.pool, query.after, query.limit.clamp(1, 5_000)).await?))
}
