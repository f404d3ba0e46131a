//! PostgreSQL: the pool, the append-only migrations and every query of the server.
//!
//! Every query is parameterised. Writers that append to the change log first take one
//! transaction-scoped advisory lock, so sequence numbers are handed out in commit order: a
//! reader that has seen sequence number `n` committed has seen every change before it, and a
//! cursor never skips a change that commits late.

use std::time::SystemTime;

use anyhow::Context;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use sha2::Digest;
use tokio_postgres::{GenericClient, NoTls, Transaction};

use crate::wire::{
    ChangeBody, Concept, Proposal, PulledChange, PushResult, PushedChange, Term, Unit,
};

/// Append-only list of migrations; the applied ones are recorded in `schema_migration`.
const MIGRATIONS: &[(i32, &str)] = &[(1, include_str!("../migrations/0001_team.sql"))];

/// The advisory lock that orders writers to the change log.
const CHANGE_LOG_LOCK: i64 = 0x7e55_e7a0;

/// The PostgreSQL channel that carries the newest sequence number after each writing commit.
pub(crate) const CHANGE_CHANNEL: &str = "tessera_changes";

/// A role a user holds on the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Translator,
    Reviewer,
    Admin,
}

impl Role {
    pub(crate) fn parse(text: &str) -> Option<Role> {
        match text {
            "translator" => Some(Role::Translator),
            "reviewer" => Some(Role::Reviewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::Translator => "translator",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    /// Reviewers and admins decide review status and see every proposal.
    pub(crate) fn reviews(self) -> bool {
        matches!(self, Role::Reviewer | Role::Admin)
    }
}

/// The user a token belongs to.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub(crate) name: String,
    pub(crate) role: Role,
}

/// A pool of connections to `url` (a `postgresql://` URL or `key=value` settings). Broken
/// connections are dropped when they are handed out again, so the pool reconnects by itself
/// after PostgreSQL restarts.
pub(crate) fn connect(url: &str) -> anyhow::Result<Pool> {
    let config: tokio_postgres::Config = url.parse().context("cannot read --postgres")?;
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig { recycling_method: RecyclingMethod::Fast },
    );
    Pool::builder(manager).max_size(16).build().context("cannot create the connection pool")
}

/// Brings the schema up to date, one migration per transaction, under a lock so that two
/// servers starting together do not race.
pub(crate) async fn migrate(pool: &Pool) -> anyhow::Result<()> {
    let mut client = pool.get().await.context("cannot connect to PostgreSQL")?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&(CHANGE_LOG_LOCK + 1)]).await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migration (
             version INTEGER PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )
    .await?;
    let applied: i32 =
        tx.query_one("SELECT COALESCE(max(version), 0) FROM schema_migration", &[]).await?.get(0);
    let known = MIGRATIONS.last().map_or(0, |(version, _)| *version);
    anyhow::ensure!(
        applied <= known,
        "the database was migrated by a newer tessera-server (schema {applied}, this one knows {known})"
    );
    for (version, sql) in MIGRATIONS.iter().filter(|(version, _)| *version > applied) {
        tx.batch_execute(sql).await.with_context(|| format!("migration {version} failed"))?;
        tx.execute("INSERT INTO schema_migration (version) VALUES ($1)", &[version]).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The hex SHA-256 of a token: what the database keeps instead of the token.
pub(crate) fn token_hash(token: &str) -> String {
    hex(&sha2::Sha256::digest(token.as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Adds a user with a fresh random 256-bit token and returns the token (shown once).
pub(crate) async fn add_user(pool: &Pool, name: &str, role: Role) -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("no random bytes: {error}"))?;
    let token = hex(&bytes);
    let client = pool.get().await?;
    let added = client
        .execute(
            "INSERT INTO users (name, role, token_sha256) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO NOTHING",
            &[&name, &role.as_str(), &token_hash(&token)],
        )
        .await?;
    anyhow::ensure!(added == 1, "there is already a user named {name}");
    audit(&**client, "server", "user-added", name, role.as_str()).await?;
    Ok(token)
}

/// The user holding `token`, if any.
pub(crate) async fn user_by_token(pool: &Pool, token: &str) -> anyhow::Result<Option<User>> {
    let client = pool.get().await?;
    let row = client
        .query_opt("SELECT name, role FROM users WHERE token_sha256 = $1", &[&token_hash(token)])
        .await?;
    Ok(row.and_then(|row| {
        let role: String = row.get(1);
        Some(User { name: row.get(0), role: Role::parse(&role)? })
    }))
}

pub(crate) async fn audit(
    client: &impl GenericClient,
    actor: &str,
    action: &str,
    object_id: &str,
    detail: &str,
) -> anyhow::Result<()> {
    client
        .execute(
            "INSERT INTO audit_event (actor, action, object_id, detail) VALUES ($1, $2, $3, $4)",
            &[&actor, &action, &object_id, &detail],
        )
        .await?;
    Ok(())
}

/// The newest committed sequence number.
pub(crate) async fn newest_seq(pool: &Pool) -> anyhow::Result<i64> {
    let client = pool.get().await?;
    Ok(client.query_one("SELECT COALESCE(max(seq), 0) FROM change_log", &[]).await?.get(0))
}

fn parse_time(text: &str) -> anyhow::Result<SystemTime> {
    let timestamp: jiff::Timestamp =
        text.parse().with_context(|| format!("edited_at {text:?} is not an RFC 3339 time"))?;
    let nanos = u64::try_from(timestamp.as_nanosecond())
        .with_context(|| format!("edited_at {text:?} is before 1970"))?;
    Ok(SystemTime::UNIX_EPOCH + std::time::Duration::from_nanos(nanos))
}

fn format_time(time: SystemTime) -> String {
    jiff::Timestamp::try_from(time).map(|timestamp| timestamp.to_string()).unwrap_or_default()
}

/// Why a request failed; `http` turns it into a status code.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The request is malformed (400).
    Invalid(String),
    /// The user's role does not allow it (403).
    Forbidden(String),
    /// No such object (404).
    NotFound(String),
    /// PostgreSQL failed or is unreachable (503: the client retries).
    Database(anyhow::Error),
}

impl From<tokio_postgres::Error> for Failure {
    fn from(error: tokio_postgres::Error) -> Failure {
        Failure::Database(error.into())
    }
}

impl From<deadpool_postgres::PoolError> for Failure {
    fn from(error: deadpool_postgres::PoolError) -> Failure {
        Failure::Database(error.into())
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Failure {
        Failure::Database(error)
    }
}

/// Takes a push in one transaction: each change once (by its client-generated id), units by
/// the later edit, concepts with the server's review status. Returns one result per change and
/// the newest sequence number; one NOTIFY carries it when anything was appended.
pub(crate) async fn push(
    pool: &Pool,
    user: &User,
    changes: &[PushedChange],
) -> Result<(Vec<PushResult>, Option<i64>), Failure> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOG_LOCK]).await?;
    let mut results = Vec::with_capacity(changes.len());
    let mut last_seq = None;
    let mut n_applied = 0;
    for change in changes {
        if change.id.is_empty() {
            return Err(Failure::Invalid("a change has an empty id".to_owned()));
        }
        let claimed = tx
            .query_opt(
                "INSERT INTO applied_change (change_id, author, outcome) VALUES ($1, $2, 'pending')
                 ON CONFLICT (change_id) DO NOTHING RETURNING change_id",
                &[&change.id, &user.name],
            )
            .await?;
        if claimed.is_none() {
            let row = tx
                .query_one("SELECT seq FROM applied_change WHERE change_id = $1", &[&change.id])
                .await?;
            results.push(PushResult {
                id: change.id.clone(),
                outcome: "duplicate".to_owned(),
                seq: row.get(0),
                current: None,
            });
            continue;
        }
        let (outcome, seq, current) = match &change.body {
            ChangeBody::Unit { unit } => push_unit(&tx, user, &change.id, unit).await?,
            ChangeBody::Concept { concept } => push_concept(&tx, user, concept).await?,
        };
        tx.execute(
            "UPDATE applied_change SET outcome = $2, seq = $3 WHERE change_id = $1",
            &[&change.id, &outcome, &seq],
        )
        .await?;
        if seq.is_some() {
            last_seq = seq;
            n_applied += 1;
        }
        results.push(PushResult {
            id: change.id.clone(),
            outcome: outcome.to_owned(),
            seq,
            current,
        });
    }
    if let Some(seq) = last_seq {
        tx.execute("SELECT pg_notify($1, $2)", &[&CHANGE_CHANNEL, &seq.to_string()]).await?;
    }
    audit(
        &*tx,
        &user.name,
        "pushed",
        "",
        &format!("{} changes, {n_applied} appended", changes.len()),
    )
    .await?;
    tx.commit().await?;
    Ok((results, last_seq))
}

type Outcome = (&'static str, Option<i64>, Option<ChangeBody>);

async fn push_unit(
    tx: &Transaction<'_>,
    user: &User,
    change_id: &str,
    unit: &Unit,
) -> Result<Outcome, Failure> {
    if unit.id.is_empty() || unit.source_lang.is_empty() || unit.target_lang.is_empty() {
        return Err(Failure::Invalid(format!("unit {:?} lacks an id or a language", unit.id)));
    }
    let edited_at =
        parse_time(&unit.edited_at).map_err(|error| Failure::Invalid(error.to_string()))?;
    let kept = tx
        .query_opt(
            "INSERT INTO units (id, source_lang, source, target_lang, target, author, edited_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (id) DO UPDATE SET source_lang = EXCLUDED.source_lang,
                 source = EXCLUDED.source, target_lang = EXCLUDED.target_lang,
                 target = EXCLUDED.target, author = EXCLUDED.author,
                 edited_at = EXCLUDED.edited_at
             WHERE units.edited_at <= EXCLUDED.edited_at
             RETURNING id",
            &[
                &unit.id,
                &unit.source_lang,
                &unit.source,
                &unit.target_lang,
                &unit.target,
                &user.name,
                &edited_at,
            ],
        )
        .await?
        .is_some();
    tx.execute(
        "INSERT INTO unit_revision (unit_id, change_id, source, target, author, edited_at, kept)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[&unit.id, &change_id, &unit.source, &unit.target, &user.name, &edited_at, &kept],
    )
    .await?;
    if kept {
        let body = ChangeBody::Unit { unit: unit.clone() };
        let seq = append_change(tx, "unit", &unit.id, &body, &user.name, None).await?;
        return Ok(("applied", Some(seq), None));
    }
    let row = tx
        .query_one(
            "SELECT source_lang, source, target_lang, target, edited_at FROM units WHERE id = $1",
            &[&unit.id],
        )
        .await?;
    let current = Unit {
        id: unit.id.clone(),
        source_lang: row.get(0),
        source: row.get(1),
        target_lang: row.get(2),
        target: row.get(3),
        edited_at: format_time(row.get(4)),
    };
    Ok(("superseded", None, Some(ChangeBody::Unit { unit: current })))
}

const REVIEW_STATUSES: &[&str] = &["candidate", "approved", "rejected"];

struct StoredConcept {
    concept: Concept,
    proposed_by: String,
}

async fn stored_concept(tx: &Transaction<'_>, id: &str) -> Result<Option<StoredConcept>, Failure> {
    let Some(row) = tx
        .query_opt(
            "SELECT category, review_status, terms, proposed_by FROM concepts WHERE id = $1
             FOR UPDATE",
            &[&id],
        )
        .await?
    else {
        return Ok(None);
    };
    let terms: Vec<Term> = serde_json::from_value(row.get(2))
        .map_err(|error| Failure::Database(anyhow::anyhow!("concept {id}: {error}")))?;
    Ok(Some(StoredConcept {
        concept: Concept {
            id: id.to_owned(),
            category: row.get(0),
            review_status: row.get(1),
            terms,
        },
        proposed_by: row.get(3),
    }))
}

/// A translator's concept is a proposal: it is stored as a candidate (whatever status it came
/// with) and only its author and reviewers see it until it is approved. A translator cannot
/// change a concept that was reviewed, nor someone else's proposal: the server keeps its
/// version and tells the client.
async fn push_concept(
    tx: &Transaction<'_>,
    user: &User,
    concept: &Concept,
) -> Result<Outcome, Failure> {
    if concept.id.is_empty() || !REVIEW_STATUSES.contains(&concept.review_status.as_str()) {
        return Err(Failure::Invalid(format!(
            "concept {:?} lacks an id or has an unknown review status",
            concept.id
        )));
    }
    let existing = stored_concept(tx, &concept.id).await?;
    let proposed_by = match &existing {
        Some(stored)
            if !user.role.reviews()
                && (stored.concept.review_status != "candidate"
                    || stored.proposed_by != user.name) =>
        {
            return Ok((
                "superseded",
                None,
                Some(ChangeBody::Concept { concept: stored.concept.clone() }),
            ));
        }
        Some(stored) => stored.proposed_by.clone(),
        None => user.name.clone(),
    };
    let mut kept = concept.clone();
    if !user.role.reviews() {
        kept.review_status = "candidate".to_owned();
    }
    let terms =
        serde_json::to_value(&kept.terms).map_err(|error| Failure::Invalid(error.to_string()))?;
    tx.execute(
        "INSERT INTO concepts (id, category, review_status, terms, proposed_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET category = EXCLUDED.category,
             review_status = EXCLUDED.review_status, terms = EXCLUDED.terms",
        &[&kept.id, &kept.category, &kept.review_status, &terms, &proposed_by],
    )
    .await?;
    let visible_to = (kept.review_status != "approved").then_some(proposed_by.as_str());
    let body = ChangeBody::Concept { concept: kept.clone() };
    let seq = append_change(tx, "concept", &kept.id, &body, &user.name, visible_to).await?;
    let current = (kept != *concept).then_some(body);
    Ok(("applied", Some(seq), current))
}

async fn append_change(
    tx: &Transaction<'_>,
    kind: &str,
    object_id: &str,
    body: &ChangeBody,
    author: &str,
    visible_to: Option<&str>,
) -> Result<i64, Failure> {
    let payload =
        serde_json::to_value(body).map_err(|error| Failure::Invalid(error.to_string()))?;
    let row = tx
        .query_one(
            "INSERT INTO change_log (kind, object_id, payload, author, visible_to)
             VALUES ($1, $2, $3, $4, $5) RETURNING seq",
            &[&kind, &object_id, &payload, &author, &visible_to],
        )
        .await?;
    Ok(row.get(0))
}

/// Changes after `after` that `user` may see, oldest first, at most `limit`; with the cursor
/// to pull from next and whether more wait.
pub(crate) async fn pull(
    pool: &Pool,
    user: &User,
    after: i64,
    limit: i64,
) -> Result<(Vec<PulledChange>, i64, bool), Failure> {
    let client = pool.get().await?;
    // Every change up to the newest committed one has committed too (writers hold the lock).
    let newest: i64 =
        client.query_one("SELECT COALESCE(max(seq), 0) FROM change_log", &[]).await?.get(0);
    let rows = client
        .query(
            "SELECT seq, author, payload FROM change_log
             WHERE seq > $1 AND seq <= $2 AND (visible_to IS NULL OR visible_to = $3 OR $4)
             ORDER BY seq LIMIT $5",
            &[&after, &newest, &user.name, &user.role.reviews(), &limit],
        )
        .await?;
    let changes: Vec<PulledChange> = rows
        .iter()
        .map(|row| PulledChange { seq: row.get(0), author: row.get(1), body: row.get(2) })
        .collect();
    let full_page = changes.len() as i64 == limit;
    let cursor = match changes.last() {
        Some(last) if full_page => last.seq,
        _ => newest.max(after),
    };
    Ok((changes, cursor, cursor < newest))
}

/// The concepts waiting for review that `user` may see (all for reviewers and admins, their own
/// for translators), oldest first, at most 1,000.
pub(crate) async fn proposals(pool: &Pool, user: &User) -> Result<Vec<Proposal>, Failure> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT id, category, terms, proposed_by FROM concepts
             WHERE review_status = 'candidate' AND (proposed_by = $1 OR $2)
             ORDER BY id LIMIT 1000",
            &[&user.name, &user.role.reviews()],
        )
        .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.get(0);
            let terms: Vec<Term> = serde_json::from_value(row.get(2))
                .map_err(|error| Failure::Database(anyhow::anyhow!("concept {id}: {error}")))?;
            let concept =
                Concept { id, category: row.get(1), review_status: "candidate".to_owned(), terms };
            Ok(Proposal { concept, proposed_by: row.get(3) })
        })
        .collect()
}

/// A reviewer's decision on a concept. Approving makes one English rendering preferred and the
/// others deprecated, and the Chinese forms preferred, as the desktop's local review does.
pub(crate) async fn review(
    pool: &Pool,
    user: &User,
    concept_id: &str,
    decision: &str,
    preferred: Option<&str>,
    comment: &str,
) -> Result<(i64, Concept), Failure> {
    if !user.role.reviews() {
        let client = pool.get().await?;
        audit(&**client, &user.name, "review-refused", concept_id, decision).await?;
        return Err(Failure::Forbidden(format!(
            "{} is a {}: only a reviewer or an admin can approve or reject terms",
            user.name,
            user.role.as_str()
        )));
    }
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOG_LOCK]).await?;
    let stored = stored_concept(&tx, concept_id)
        .await?
        .ok_or_else(|| Failure::NotFound(format!("the team has no concept {concept_id}")))?;
    let mut concept = stored.concept;
    match decision {
        "approve" => {
            let chosen = {
                let english = concept.terms.iter().filter(|term| term.lang.starts_with("en"));
                match preferred {
                    Some(text) => english
                        .clone()
                        .find(|term| term.text == text)
                        .map(|term| term.text.clone())
                        .ok_or_else(|| {
                            Failure::Invalid(format!(
                                "concept {concept_id} has no rendering \"{text}\""
                            ))
                        })?,
                    None => english
                        .max_by_key(|term| term.occurrences)
                        .map(|term| term.text.clone())
                        .ok_or_else(|| {
                            Failure::Invalid(format!(
                                "concept {concept_id} has no English rendering"
                            ))
                        })?,
                }
            };
            for term in &mut concept.terms {
                if term.lang.starts_with("en") {
                    term.status =
                        if term.text == chosen { "preferred" } else { "deprecated" }.to_owned();
                } else if term.lang.starts_with("zh") {
                    term.status = "preferred".to_owned();
                }
            }
            concept.review_status = "approved".to_owned();
        }
        "reject" => concept.review_status = "rejected".to_owned(),
        other => {
            return Err(Failure::Invalid(format!(
                "unknown decision {other:?}: use approve or reject"
            )));
        }
    }
    let terms = serde_json::to_value(&concept.terms)
        .map_err(|error| Failure::Invalid(error.to_string()))?;
    tx.execute(
        "UPDATE concepts SET review_status = $2, terms = $3, reviewed_by = $4 WHERE id = $1",
        &[&concept_id, &concept.review_status, &terms, &user.name],
    )
    .await?;
    let visible_to = (concept.review_status != "approved").then_some(stored.proposed_by.as_str());
    let body = ChangeBody::Concept { concept: concept.clone() };
    let seq = append_change(&tx, "concept", concept_id, &body, &user.name, visible_to).await?;
    tx.execute("SELECT pg_notify($1, $2)", &[&CHANGE_CHANNEL, &seq.to_string()]).await?;
    let detail =
        if comment.is_empty() { decision.to_owned() } else { format!("{decision}; {comment}") };
    audit(&*tx, &user.name, "reviewed", concept_id, &detail).await?;
    tx.commit().await?;
    Ok((seq, concept))
}

/// The audit trail for admins, oldest first, after `after_id`.
pub(crate) async fn audit_events(
    pool: &Pool,
    after_id: i64,
    limit: i64,
) -> Result<Vec<serde_json::Value>, Failure> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT id, at, actor, action, object_id, detail FROM audit_event
             WHERE id > $1 ORDER BY id LIMIT $2",
            &[&after_id, &limit],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| {
            serde_json::json!({
                "id": row.get::<_, i64>(0),
                "at": format_time(row.get(1)),
                "actor": row.get::<_, String>(2),
                "action": row.get::<_, String>(3),
                "object": row.get::<_, String>(4),
                "detail": row.get::<_, String>(5),
            })
        })
        .collect())
}
