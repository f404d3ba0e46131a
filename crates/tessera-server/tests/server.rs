//! The team server over a real PostgreSQL, through HTTP: idempotent pushes, roles, proposal
//! visibility, unit conflicts, the append-only change log and the limits.

mod support;

use serde_json::{Value, json};
use support::{Postgres, Server, add_user};

struct Client {
    agent: ureq::Agent,
    base: String,
    token: String,
}

impl Client {
    fn new(server: &Server, token: &str) -> Client {
        let agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        Client { agent, base: server.url.clone(), token: token.to_owned() }
    }

    fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let mut response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {}", self.token))
            .content_type("application/json")
            .send(body.to_string())
            .unwrap();
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    fn get(&self, path: &str) -> (u16, Value) {
        let mut response = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {}", self.token))
            .call()
            .unwrap();
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }
}

fn unit_change(change_id: &str, unit_id: &str, target: &str, edited_at: &str) -> Value {
    json!({"id": change_id, "kind": "unit", "unit": {
        "id": unit_id, "source_lang": "zh-Hans", "source": "国务院总理李强出席会议。",
        "target_lang": "en", "target": target, "edited_at": edited_at}})
}

fn concept_change(change_id: &str, concept_id: &str, status: &str) -> Value {
    json!({"id": change_id, "kind": "concept", "concept": {
        "id": concept_id, "category": "person", "review_status": status, "terms": [
            {"lang": "zh-Hans", "text": "李强", "status": "admitted", "occurrences": 3},
            {"lang": "en", "text": "Li Qiang", "status": "admitted", "occurrences": 3},
            {"lang": "en", "text": "Li Chiang", "status": "admitted", "occurrences": 1}]}})
}

fn pulled_ids(client: &Client) -> Vec<String> {
    let (status, page) = client.get("/v1/changes?after=0");
    assert_eq!(status, 200, "{page}");
    page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| {
            let body = &change[change["kind"].as_str().unwrap()];
            format!(
                "{}:{}",
                body["id"].as_str().unwrap(),
                body["review_status"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn a_retried_push_adds_nothing_twice() {
    let postgres = Postgres::start();
    let token = add_user(&postgres, "anna", "translator");
    let server = Server::start(&postgres);
    let anna = Client::new(&server, &token);
    let push = json!({"changes": [unit_change("anna:1", "anna:u1", "Premier Li Qiang attended.", "2026-12-01T08:00:00Z")]});
    let (status, first) = anna.post("/v1/push", &push);
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["results"][0]["outcome"], "applied");
    let (_, again) = anna.post("/v1/push", &push);
    assert_eq!(again["results"][0]["outcome"], "duplicate");
    assert_eq!(again["results"][0]["seq"], first["results"][0]["seq"]);
    assert_eq!(postgres.sql("SELECT count(*) FROM change_log"), "1");
    assert_eq!(postgres.sql("SELECT count(*) FROM units"), "1");
}

#[test]
fn a_translator_cannot_approve_and_admins_see_the_refusal() {
    let postgres = Postgres::start();
    let anna = add_user(&postgres, "anna", "translator");
    let rita = add_user(&postgres, "rita", "reviewer");
    let adam = add_user(&postgres, "adam", "admin");
    let server = Server::start(&postgres);
    let (anna, rita, adam) =
        (Client::new(&server, &anna), Client::new(&server, &rita), Client::new(&server, &adam));
    anna.post("/v1/push", &json!({"changes": [concept_change("anna:1", "anna:c1", "candidate")]}));
    let (status, refused) =
        anna.post("/v1/concepts/anna:c1/review", &json!({"decision": "approve"}));
    assert_eq!(status, 403);
    assert!(refused["error"].as_str().unwrap().contains("only a reviewer"), "{refused}");
    let (status, approved) = rita.post(
        "/v1/concepts/anna:c1/review",
        &json!({"decision": "approve", "preferred": "Li Qiang"}),
    );
    assert_eq!(status, 200, "{approved}");
    let statuses: Vec<(&str, &str)> = approved["concept"]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|term| (term["text"].as_str().unwrap(), term["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [("李强", "preferred"), ("Li Qiang", "preferred"), ("Li Chiang", "deprecated")]
    );
    assert_eq!(anna.get("/v1/audit").0, 403);
    let (status, audit) = adam.get("/v1/audit");
    assert_eq!(status, 200);
    let actions: Vec<String> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|event| {
            format!("{} {}", event["actor"].as_str().unwrap(), event["action"].as_str().unwrap())
        })
        .collect();
    assert!(actions.contains(&"anna review-refused".to_owned()), "{actions:?}");
    assert!(actions.contains(&"rita reviewed".to_owned()), "{actions:?}");
}

#[test]
fn a_proposal_is_seen_by_its_author_and_reviewers_until_approved() {
    let postgres = Postgres::start();
    let anna = add_user(&postgres, "anna", "translator");
    let bert = add_user(&postgres, "bert", "translator");
    let rita = add_user(&postgres, "rita", "reviewer");
    let server = Server::start(&postgres);
    let (anna, bert, rita) =
        (Client::new(&server, &anna), Client::new(&server, &bert), Client::new(&server, &rita));
    // A translator's "approved" concept (say, from a glossary file) is only a proposal.
    let (_, pushed) = anna
        .post("/v1/push", &json!({"changes": [concept_change("anna:1", "anna:c1", "approved")]}));
    assert_eq!(pushed["results"][0]["current"]["concept"]["review_status"], "candidate");
    assert_eq!(pulled_ids(&anna), ["anna:c1:candidate"]);
    assert_eq!(pulled_ids(&rita), ["anna:c1:candidate"]);
    assert!(pulled_ids(&bert).is_empty());
    rita.post("/v1/concepts/anna:c1/review", &json!({"decision": "approve"}));
    assert_eq!(pulled_ids(&bert), ["anna:c1:approved"]);
    // Once reviewed, a translator's stale edit does not change it; the server says what it kept.
    let (_, stale) = anna
        .post("/v1/push", &json!({"changes": [concept_change("anna:2", "anna:c1", "candidate")]}));
    assert_eq!(stale["results"][0]["outcome"], "superseded");
    assert_eq!(stale["results"][0]["current"]["concept"]["review_status"], "approved");
}

fn proposal_ids(client: &Client) -> Vec<String> {
    let (status, proposals) = client.get("/v1/proposals");
    assert_eq!(status, 200, "{proposals}");
    proposals
        .as_array()
        .unwrap()
        .iter()
        .map(|proposal| {
            format!(
                "{}:{}",
                proposal["concept"]["id"].as_str().unwrap(),
                proposal["proposed_by"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn proposals_list_what_waits_for_review_and_presence_lists_who_asked_lately() {
    let postgres = Postgres::start();
    let anna = add_user(&postgres, "anna", "translator");
    let bert = add_user(&postgres, "bert", "translator");
    let rita = add_user(&postgres, "rita", "reviewer");
    add_user(&postgres, "otto", "admin");
    let server = Server::start(&postgres);
    let (anna, bert, rita) =
        (Client::new(&server, &anna), Client::new(&server, &bert), Client::new(&server, &rita));
    anna.post(
        "/v1/push",
        &json!({"changes": [
            concept_change("anna:1", "anna:c1", "candidate"),
            concept_change("anna:2", "anna:c2", "candidate")]}),
    );
    bert.post("/v1/push", &json!({"changes": [concept_change("bert:1", "bert:c1", "candidate")]}));
    // A translator sees their own proposals, a reviewer everyone's.
    assert_eq!(proposal_ids(&anna), ["anna:c1:anna", "anna:c2:anna"]);
    assert_eq!(proposal_ids(&bert), ["bert:c1:bert"]);
    assert_eq!(proposal_ids(&rita), ["anna:c1:anna", "anna:c2:anna", "bert:c1:bert"]);
    // A reviewed concept no longer waits.
    rita.post("/v1/concepts/anna:c1/review", &json!({"decision": "approve"}));
    rita.post("/v1/concepts/bert:c1/review", &json!({"decision": "reject"}));
    assert_eq!(proposal_ids(&rita), ["anna:c2:anna"]);
    let (_, proposals) = rita.get("/v1/proposals");
    assert_eq!(proposals[0]["concept"]["terms"][1]["text"], "Li Qiang");

    // Presence: the three who made requests, most recent first, with their roles; the admin
    // who never asked is not listed.
    let (status, presence) = bert.get("/v1/presence");
    assert_eq!(status, 200, "{presence}");
    let users: Vec<String> = presence["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|user| {
            format!("{}:{}", user["name"].as_str().unwrap(), user["role"].as_str().unwrap())
        })
        .collect();
    assert_eq!(users[0], "bert:translator", "the asker was seen last: {presence}");
    let mut sorted = users.clone();
    sorted.sort();
    assert_eq!(sorted, ["anna:translator", "bert:translator", "rita:reviewer"]);
    assert!(presence["users"][0]["seen_ms_ago"].as_u64().unwrap() < 1_000);
    assert_eq!(presence["window_secs"], 120);
}

#[test]
fn the_later_edit_of_a_unit_wins_and_the_history_keeps_both() {
    let postgres = Postgres::start();
    let anna = add_user(&postgres, "anna", "translator");
    let bert = add_user(&postgres, "bert", "translator");
    let server = Server::start(&postgres);
    let (anna, bert) = (Client::new(&server, &anna), Client::new(&server, &bert));
    let later = unit_change(
        "bert:1",
        "anna:u1",
        "Premier Li Qiang attended the meeting.",
        "2026-12-02T09:00:00Z",
    );
    let earlier = unit_change("anna:1", "anna:u1", "Li Qiang came.", "2026-12-01T09:00:00Z");
    assert_eq!(
        bert.post("/v1/push", &json!({"changes": [later]})).1["results"][0]["outcome"],
        "applied"
    );
    let (_, stale) = anna.post("/v1/push", &json!({"changes": [earlier]}));
    assert_eq!(stale["results"][0]["outcome"], "superseded");
    assert_eq!(
        stale["results"][0]["current"]["unit"]["target"],
        "Premier Li Qiang attended the meeting."
    );
    assert_eq!(postgres.sql("SELECT target FROM units"), "Premier Li Qiang attended the meeting.");
    assert_eq!(
        postgres
            .sql("SELECT string_agg(author || ' ' || kept, ',' ORDER BY id) FROM unit_revision"),
        "bert true,anna false"
    );
}

#[test]
fn the_change_log_refuses_to_be_rewritten() {
    let postgres = Postgres::start();
    let token = add_user(&postgres, "anna", "translator");
    let server = Server::start(&postgres);
    let anna = Client::new(&server, &token);
    anna.post(
        "/v1/push",
        &json!({"changes": [unit_change("anna:1", "anna:u1", "x", "2026-12-01T08:00:00Z")]}),
    );
    let update = postgres.try_sql("UPDATE change_log SET author = 'mallory'");
    assert!(update.unwrap_err().contains("append-only"));
    let delete = postgres.try_sql("DELETE FROM change_log");
    assert!(delete.unwrap_err().contains("append-only"));
    assert_eq!(postgres.sql("SELECT author FROM change_log"), "anna");
}

#[test]
fn requests_without_a_known_token_or_over_the_size_limit_are_refused() {
    let postgres = Postgres::start();
    let token = add_user(&postgres, "anna", "translator");
    let server = Server::start(&postgres);
    assert_eq!(Client::new(&server, "not-a-token").get("/v1/me").0, 401);
    let anna = Client::new(&server, &token);
    let (status, me) = anna.get("/v1/me");
    assert_eq!((status, me["role"].as_str()), (200, Some("translator")));
    let huge = "长".repeat(3_000_000);
    // The client writes the whole body before it reads: the server must read it too and answer
    // 413 with the reason, never close early and leave a broken pipe (this once failed in CI).
    for _ in 0..3 {
        let (status, answer) = anna.post(
            "/v1/push",
            &json!({"changes": [unit_change("anna:1", "anna:u1", &huge, "2026-12-01T08:00:00Z")]}),
        );
        assert_eq!(status, 413);
        assert!(answer["error"].as_str().unwrap().contains("over the limit"), "{answer}");
    }
    assert_eq!(anna.get("/v1/me").0, 200);
    assert_eq!(postgres.sql("SELECT count(*) FROM units"), "0");
    // Tokens are stored hashed.
    assert_eq!(
        postgres.sql(&format!("SELECT count(*) FROM users WHERE token_sha256 = '{token}'")),
        "0"
    );
}

#[test]
fn plain_http_is_refused_off_loopback() {
    let postgres = Postgres::start();
    let output = std::process::Command::new(support::server_binary())
        .args(["--postgres", &postgres.url(), "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("only on a loopback address"));
}

#[test]
fn a_user_over_the_rate_limit_is_told_to_slow_down() {
    let postgres = Postgres::start();
    let token = add_user(&postgres, "anna", "translator");
    let server = Server::start(&postgres);
    let anna = Client::new(&server, &token);
    let limited = (0..400).map(|_| anna.get("/v1/me").0).position(|status| status == 429);
    // 50 a second are served; a burst beyond that is refused.
    assert!(limited.is_some_and(|served| served >= 50), "{limited:?}");
    // The limit is per second: a moment later the user is served again.
    std::thread::sleep(std::time::Duration::from_millis(1_100));
    assert_eq!(anna.get("/v1/me").0, 200);
}
