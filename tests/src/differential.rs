//! The differential test against the official JS client: every request that `Client4`
//! (`@mattermost/client`, the web app's client) sent to a capture server is matched to mm's
//! operation by method and path, rebuilt through mm's typed method from the same inputs (path
//! parameters, query, body read into mm's request type), sent to a capture server on
//! 127.0.0.1, and compared: method, path, query, body (parsed) and content type.
//!
//! A difference fails the test unless [`ACCEPTED`] lists it with its reason. The capture comes
//! from `tests/differential/capture.mjs` (`cargo xtask differential` runs both halves).

use std::collections::{BTreeMap, BTreeSet};

use mm_driver::Driver;
use mm_driver::transport::{RequestBuilder, Upload};
use serde_json::Value;

use crate::{Recorded, Reply, ScriptedServer};

/// Differences that are right, each with its reason: (Client4 method, a piece of the
/// difference's text, why mm is right or why it does not matter).
pub const ACCEPTED: &[(&str, &str, &str)] = &[
    (
        "addToChannel",
        "body .channel_id",
        "the server takes the channel from the path (api4/channel.go addChannelMember reads user_id, user_ids, post_root_id)",
    ),
    (
        "addToChannels",
        "body .channel_id",
        "the server takes the channel from the path (api4/channel.go addChannelMember)",
    ),
    (
        "assignChannelsToAccessControlPolicy",
        "body .team_id",
        "Client4 11.9 sends it for newer servers (team-admin delegation of access control, 11.7+); the 11.6 model has no such key",
    ),
    (
        "assignTeamsToAccessControlPolicy",
        "body .team_ids",
        "Client4 11.9 sends it for newer servers (team-admin delegation of access control, 11.7+); the 11.6 model has no such key",
    ),
    (
        "checkAccessControlExpression",
        "body .channelId",
        "Client4 11.9 sends it for newer servers (team-admin delegation of access control, 11.7+); the 11.6 model has no such key",
    ),
    (
        "checkAccessControlExpression",
        "body .teamId",
        "Client4 11.9 sends it for newer servers (team-admin delegation of access control, 11.7+); the 11.6 model has no such key",
    ),
    (
        "expressionToVisualFormat",
        "body .teamId",
        "Client4 11.9 sends it for newer servers (team-admin delegation of access control, 11.7+); the 11.6 model has no such key",
    ),
    (
        "testAccessControlExpression",
        "body .teamId",
        "Client4 11.9 sends it for newer servers (team-admin delegation of access control, 11.7+); the 11.6 model has no such key",
    ),
    (
        "validateExpressionAgainstRequester",
        "body .teamId",
        "Client4 11.9 sends it for newer servers (team-admin delegation of access control, 11.7+); the 11.6 model has no such key",
    ),
    (
        "unassignTeamsFromAccessControlPolicy",
        "body .team_ids",
        "Client4 11.9 sends it for newer servers (team-admin delegation of access control, 11.7+); the 11.6 model has no such key",
    ),
    (
        "updateAccessControlPoliciesActive",
        "body .team_id",
        "Client4 11.9 sends it for newer servers (team-admin delegation of access control, 11.7+); the 11.6 model has no such key",
    ),
    (
        "searchAccessControlPolicies",
        "body .team_id",
        "Client4 11.9 sends it for newer servers (team-admin delegation of access control, 11.7+); the 11.6 model has no such key",
    ),
    (
        "getAccessControlPolicies",
        "body .actions",
        "newer servers only: model.AccessControlPolicySearch (11.6) has no `actions`",
    ),
    (
        "updateOrCreateAccessControlPolicy",
        "body .created_at",
        "newer servers only: model.AccessControlPolicy (11.6) has no `created_at`",
    ),
    (
        "updateOrCreateAccessControlPolicy",
        "body .roles",
        "newer servers only: model.AccessControlPolicy (11.6) has no `roles`",
    ),
    (
        "createBot",
        "body .owner_id",
        "the server sets the owner from the session (api4/bot.go createBot decodes model.BotPatch)",
    ),
    (
        "createCustomProfileAttributeField",
        "body .attrs.options[0].id",
        "the server assigns option ids (model.CustomProfileAttributesSelectOption is sanitized on create)",
    ),
    (
        "createIncomingWebhook",
        "body .last_used",
        "newer servers only: model.IncomingWebhook (11.6) has no `last_used`, which the server sets anyway",
    ),
    (
        "updateIncomingWebhook",
        "body .last_used",
        "newer servers only: model.IncomingWebhook (11.6) has no `last_used`, which the server sets anyway",
    ),
    (
        "createOAuthApp",
        "body .is_public",
        "newer servers only: model.OAuthApp (11.6) has no `is_public`",
    ),
    (
        "editOAuthApp",
        "body .is_public",
        "newer servers only: model.OAuthApp (11.6) has no `is_public`",
    ),
    (
        "createUserAccessToken",
        "body .expires_at",
        "newer servers only: model.UserAccessToken (11.6) has no `expires_at`",
    ),
    (
        "doPostActionWithQuery",
        "body .query",
        "newer servers only: model.DoPostActionRequest (11.6) has selected_option and cookie",
    ),
    (
        "getIncomingWebhooks[defaults]",
        "query include_total_count=false",
        "a flag at its default: mm leaves it out; `with_total_count()` sends it when wanted",
    ),
    (
        "getProfilesWithoutTeam",
        "without_team=\"1\"",
        "Client4 sends `1`, mm sends `true`: the server's strconv.ParseBool reads both as true",
    ),
    (
        "patchMe",
        "body .id",
        "model.UserPatch has no `id`: the server ignores it (the user comes from the path)",
    ),
    (
        "patchUser",
        "body .id",
        "model.UserPatch has no `id`: the server ignores it (the user comes from the path)",
    ),
    (
        "patchPost",
        "body .id",
        "model.PostPatch has no `id`: the server ignores it (the post comes from the path)",
    ),
    (
        "patchTeam",
        "body .id",
        "model.TeamPatch has no `id`: the server ignores it (the team comes from the path)",
    ),
    (
        "setFirstAdminVisitMarketplaceStatus",
        "first_admin_visit_marketplace_status",
        "the handler ignores the body and stores true (api4/plugin.go setFirstAdminVisitMarketplaceStatus)",
    ),
    (
        "setSamlIdpCertificateFromMetadata",
        "content type",
        "the handler takes a raw PEM (application/x-pem-file, what Client4 sends) or the multipart form mm sends (api4/saml.go addSamlIdpCertificate)",
    ),
];

/// Client4 methods whose route mm has no operation for, with the reason.
pub const UNCOVERED: &[(&str, &str)] = &[
    (
        "authorizeOAuthApp",
        "the browser OAuth flow, not the REST API v4",
    ),
    (
        "convertGroupMessageToPrivateChannel",
        "POST /api/v4/channels/{id}/convert_to_channel is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "deauthorizeOAuthApp",
        "the browser OAuth flow, not the REST API v4",
    ),
    (
        "deleteDraft",
        "DELETE /api/v4/users/me/channels/{id}/drafts/{id} is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "deleteDraft[no_root]",
        "DELETE /api/v4/users/me/channels/{id}/drafts is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "executeAppCall",
        "a plugin's own API (Apps, Calls), not the core REST API v4",
    ),
    (
        "generateFlaggedPostReport",
        "POST /api/v4/content_flagging/post/{id}/report is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "getAppsBindings",
        "a plugin's own API (Apps, Calls), not the core REST API v4",
    ),
    (
        "getAppsBotIDs",
        "a plugin's own API (Apps, Calls), not the core REST API v4",
    ),
    (
        "getAppsOAuthAppIDs",
        "a plugin's own API (Apps, Calls), not the core REST API v4",
    ),
    (
        "getCallsChannelState",
        "a plugin's own API (Apps, Calls), not the core REST API v4",
    ),
    (
        "getChannelsMemberCount",
        "POST /api/v4/channels/stats/member_count is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "getMarketplaceApps",
        "a plugin's own API (Apps, Calls), not the core REST API v4",
    ),
    (
        "getTeamAccessControlPolicy",
        "GET /api/v4/teams/{id}/access_control/policy is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "getTeamsUsage",
        "GET /api/v4/usage/teams is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "getUserDrafts",
        "GET /api/v4/users/me/teams/{id}/drafts is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "loginWithDesktopToken",
        "POST /api/v4/users/login/desktop_token is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "loginWithMagicLink",
        "POST /api/v4/users/login/one_time_link is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "markRecapsAsViewed",
        "POST /api/v4/recaps/mark_viewed is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "notifyAdmin",
        "POST /api/v4/users/notify-admin is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "readMultipleChannels",
        "POST /api/v4/channels/members/me/mark_read is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "simulateAccessControlPolicyForUsers",
        "POST /api/v4/access_control_policies/cel/simulate_users is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
    (
        "upsertDraft",
        "POST /api/v4/drafts is in neither the 11.6 nor the newest spec (reachable with the raw escape hatch)",
    ),
];

/// The inputs of one captured request, read by the generated dispatch.
pub struct Input {
    path_params: BTreeMap<String, String>,
    query: Vec<(String, String)>,
    body: Option<String>,
    multipart: Option<Vec<Value>>,
}

impl Input {
    /// A path parameter, percent-decoded (mm escapes it again).
    pub fn path(&self, name: &str) -> Result<&str, String> {
        self.path_params
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| format!("no path parameter {name}"))
    }

    fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn query_str(&self, name: &str) -> Result<Option<&str>, String> {
        Ok(self.query_value(name))
    }

    pub fn query_i64(&self, name: &str) -> Result<Option<i64>, String> {
        self.query_value(name)
            .map(|v| {
                v.parse()
                    .map_err(|_| format!("query {name}={v:?} is not an integer for mm"))
            })
            .transpose()
    }

    pub fn query_f64(&self, name: &str) -> Result<Option<f64>, String> {
        self.query_value(name)
            .map(|v| {
                v.parse()
                    .map_err(|_| format!("query {name}={v:?} is not a number for mm"))
            })
            .transpose()
    }

    pub fn query_bool(&self, name: &str) -> Result<Option<bool>, String> {
        self.query_value(name)
            .map(|v| match v {
                "true" => Ok(true),
                "false" => Ok(false),
                other => Err(format!("query {name}={other:?} is not a bool for mm")),
            })
            .transpose()
    }

    /// The JSON body read into mm's request type.
    pub fn json_body<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, String> {
        let Some(body) = &self.body else {
            return Ok(None);
        };
        let mut deserializer = serde_json::Deserializer::from_str(body);
        serde_path_to_error::deserialize(&mut deserializer)
            .map(Some)
            .map_err(|e| {
                format!(
                    "mm's body type cannot hold the JS body (at {}): {}",
                    e.path(),
                    e.inner()
                )
            })
    }

    /// The multipart parts named `name`, in order.
    fn form_parts<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.multipart
            .iter()
            .flatten()
            .filter(move |part| part["name"].as_str() == Some(name))
    }

    /// Whether the JS request has a form field `name`.
    pub fn has_form_field(&self, name: &str) -> bool {
        self.form_parts(name).next().is_some()
    }

    /// The first text field `name` (empty when absent).
    pub fn form_text(&self, name: &str) -> String {
        self.form_texts(name).into_iter().next().unwrap_or_default()
    }

    /// Every text field `name`, in order.
    pub fn form_texts(&self, name: &str) -> Vec<String> {
        self.form_parts(name)
            .filter_map(|part| part["value"].as_str().map(str::to_owned))
            .collect()
    }

    /// A text field holding JSON, read into mm's type.
    pub fn form_json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        serde_json::from_str(&self.form_text(name))
            .map_err(|e| format!("mm's type cannot hold the JS form field {name}: {e}"))
    }

    /// Every file part `name`, in order.
    pub fn form_files(&self, name: &str) -> Vec<Upload> {
        self.form_parts(name)
            .map(|part| {
                Upload::new(
                    part["filename"].as_str().unwrap_or_default().to_owned(),
                    part["value"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// The first file part `name` (an empty file when absent).
    pub fn form_file(&self, name: &str) -> Upload {
        self.form_files(name)
            .into_iter()
            .next()
            .unwrap_or_else(|| Upload::new(String::new(), String::new()))
    }

    /// A urlencoded body as pairs.
    pub fn form_pairs(&self) -> Vec<(&str, &str)> {
        self.body
            .as_deref()
            .unwrap_or_default()
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .collect()
    }

    pub fn raw_body(&self) -> Vec<u8> {
        self.body.clone().unwrap_or_default().into_bytes()
    }
}

/// Builds mm's request for an operation (generated: `tests/tests/differential.rs`).
pub type Dispatch = fn(&Driver, &str, &Input) -> Result<RequestBuilder, String>;

fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

/// The operation whose method and path template fit, the most specific first; with the path
/// parameters.
fn match_operation(
    method: &str,
    path: &str,
) -> Option<(&'static mm_driver::api::Operation, BTreeMap<String, String>)> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let mut best: Option<(
        usize,
        &'static mm_driver::api::Operation,
        BTreeMap<String, String>,
    )> = None;
    for op in mm_driver::api::OPERATIONS {
        if !op.method.eq_ignore_ascii_case(method) {
            continue;
        }
        let template: Vec<&str> = op.path.trim_start_matches('/').split('/').collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut params = BTreeMap::new();
        let mut literal = 0;
        let fits = template.iter().zip(&segments).all(|(t, s)| {
            if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                params.insert(name.to_owned(), decode(s));
                !s.is_empty()
            } else {
                literal += 1;
                t == s
            }
        });
        if fits && best.as_ref().is_none_or(|(l, _, _)| literal > *l) {
            best = Some((literal, op, params));
        }
    }
    best.map(|(_, op, params)| (op, params))
}

fn is_zero(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// Body differences: keys JS sent that mm does not, values that differ. Keys mm adds with a
/// zero value are the same request for the server (Go decodes a missing key as zero).
fn compare_json(path: &str, js: &Value, mm: &Value, out: &mut Vec<String>) {
    match (js, mm) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{path}.{key}");
                match b.get(key) {
                    Some(other) => compare_json(&here, value, other, out),
                    None if is_zero(value) => {}
                    None => out.push(format!("body {here}: JS sends {value}, mm leaves it out")),
                }
            }
            for (key, value) in b {
                if !a.contains_key(key) && !is_zero(value) {
                    out.push(format!("body {path}.{key}: mm sends {value}, JS does not"));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                compare_json(&format!("{path}[{index}]"), x, y, out);
            }
        }
        (a, b) if a == b => {}
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if is_zero(a) && is_zero(b) => {}
        (a, b) => out.push(format!("body {path}: JS sends {a}, mm sends {b}")),
    }
}

fn media_type(value: Option<&str>) -> Option<String> {
    value.map(|v| {
        v.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    })
}

fn compare(js: &Value, mm: &Recorded) -> Vec<String> {
    let mut out = Vec::new();
    let method = js["method"].as_str().unwrap_or_default();
    if method != mm.method.as_str() {
        out.push(format!("method: JS {method}, mm {}", mm.method));
    }
    let js_path = js["path"].as_str().unwrap_or_default();
    if js_path != mm.path && decode(js_path) != decode(&mm.path) {
        out.push(format!("path: JS {js_path}, mm {}", mm.path));
    }
    let js_query: BTreeSet<(String, String)> = js["query"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|pair| {
            Some((
                pair.get(0)?.as_str()?.to_owned(),
                pair.get(1)?.as_str()?.to_owned(),
            ))
        })
        .collect();
    let mm_query: BTreeSet<(String, String)> = mm
        .query
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(&v.replace('+', " "))))
        .collect();
    for (key, value) in js_query.difference(&mm_query) {
        out.push(format!("query {key}={value}: JS sends it, mm does not"));
    }
    for (key, value) in mm_query.difference(&js_query) {
        out.push(format!("query {key}={value}: mm sends it, JS does not"));
    }
    let js_type = media_type(js["content_type"].as_str());
    let mm_type = media_type(mm.header("content-type"));
    let js_body = js["body"].as_str();
    match (js_type.as_deref(), js_body) {
        (Some("application/json"), Some(body)) => {
            match (
                serde_json::from_str::<Value>(body),
                serde_json::from_slice::<Value>(&mm.body),
            ) {
                (Ok(a), Ok(b)) => compare_json("", &a, &b, &mut out),
                (Ok(a), Err(_)) if is_zero(&a) && mm.body.is_empty() => {}
                (Ok(_), Err(_)) => out.push("body: mm sends no JSON body".into()),
                (Err(_), _) => {}
            }
        }
        (Some("multipart/form-data"), _) => {
            let names =
                |parts: Vec<(String, Option<String>)>| parts.into_iter().collect::<BTreeSet<_>>();
            let js_parts = names(
                js["multipart"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        (
                            p["name"].as_str().unwrap_or_default().to_owned(),
                            p["filename"].as_str().map(str::to_owned),
                        )
                    })
                    .collect(),
            );
            let mm_parts = names(multipart_parts(mm));
            if js_parts != mm_parts {
                out.push(format!("multipart parts: JS {js_parts:?}, mm {mm_parts:?}"));
            }
        }
        _ => {}
    }
    if js_body.is_some() && js_type != mm_type {
        out.push(format!(
            "content type: JS {}, mm {}",
            js_type.unwrap_or_default(),
            mm_type.unwrap_or_default()
        ));
    }
    out
}

/// (field name, file name) of each part of a multipart body.
fn multipart_parts(request: &Recorded) -> Vec<(String, Option<String>)> {
    let text = String::from_utf8_lossy(&request.body);
    text.split("Content-Disposition: form-data;")
        .skip(1)
        .map(|part| {
            let header = part.lines().next().unwrap_or_default();
            let field = |key: &str| {
                header
                    .split(&format!("{key}=\""))
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .map(str::to_owned)
            };
            (field("name").unwrap_or_default(), field("filename"))
        })
        .collect()
}

/// Runs the comparison for every captured request; fails listing every difference that
/// [`ACCEPTED`] does not explain.
pub fn run(operations_total: usize, dispatch: Dispatch) {
    let path = std::env::var("MM_CLIENT4_CAPTURE")
        .expect("MM_CLIENT4_CAPTURE: the capture file written by tests/differential/capture.mjs");
    let capture: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // The generated dispatch is one large function: a debug build needs a large stack.
    crate::contract::run_with_large_stack(move || async move {
        let server = ScriptedServer::start(|_| Reply::json(200, serde_json::json!({}))).await;
        let client = Driver::builder()
            .url(server.url())
            .token("differential-token")
            .max_retries(0)
            .build()
            .unwrap();
        let mut compared_operations = BTreeSet::new();
        let mut requests_compared = 0;
        let mut accepted_used = BTreeSet::new();
        let mut uncovered_used = BTreeSet::new();
        let mut failures = Vec::new();
        let mut unmatched = Vec::new();
        for entry in capture["entries"].as_array().into_iter().flatten() {
            let name = entry["client4"].as_str().unwrap_or_default();
            let label = match entry["variant"].as_str() {
                Some(variant) => format!("{name}[{variant}]"),
                None => name.to_owned(),
            };
            for js in entry["requests"].as_array().into_iter().flatten() {
                let method = js["method"].as_str().unwrap_or_default();
                let js_path = js["path"].as_str().unwrap_or_default();
                let mut differences = Vec::new();
                match match_operation(method, js_path) {
                    None => differences.push(format!("no mm operation for {method} {js_path}")),
                    Some((op, path_params)) => {
                        let input = Input {
                            path_params,
                            query: js["query"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|pair| {
                                    Some((
                                        pair.get(0)?.as_str()?.to_owned(),
                                        pair.get(1)?.as_str()?.to_owned(),
                                    ))
                                })
                                .collect(),
                            body: js["body"].as_str().map(str::to_owned),
                            multipart: js["multipart"].as_array().cloned(),
                        };
                        match dispatch(&client, op.name, &input) {
                            Err(error) => differences.push(format!("{}: {error}", op.name)),
                            Ok(request) => {
                                let before = server.request_count();
                                let _ = request.send().await;
                                let recorded = server.requests();
                                match recorded.get(before) {
                                    None => {
                                        differences.push(format!("{}: mm sent nothing", op.name))
                                    }
                                    Some(mm) => {
                                        compared_operations.insert(op.name);
                                        requests_compared += 1;
                                        differences.extend(
                                            compare(js, mm)
                                                .into_iter()
                                                .map(|d| format!("{}: {d}", op.name)),
                                        );
                                    }
                                }
                            }
                        }
                    }
                }
                for difference in differences {
                    let accepted = ACCEPTED.iter().position(|(method, piece, _)| {
                        (*method == name || *method == label) && difference.contains(piece)
                    });
                    match accepted {
                        Some(index) => {
                            accepted_used.insert(index);
                        }
                        None if difference.starts_with("no mm operation") => {
                            match UNCOVERED.iter().position(|(method, _)| *method == label) {
                                Some(index) => {
                                    uncovered_used.insert(index);
                                }
                                None => unmatched.push(format!("{label}: {difference}")),
                            }
                        }
                        None => failures.push(format!("{label}: {difference}")),
                    }
                }
            }
        }
        println!(
            "differential: {requests_compared} Client4 requests compared, {} of {operations_total} mm operations covered, {} accepted differences, {} Client4 routes without an mm operation",
            compared_operations.len(),
            accepted_used.len(),
            uncovered_used.len()
        );
        let stale: Vec<_> = ACCEPTED
            .iter()
            .enumerate()
            .filter(|(index, _)| !accepted_used.contains(index))
            .map(|(_, (method, piece, _))| format!("{method}: {piece}"))
            .chain(
                UNCOVERED
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| !uncovered_used.contains(index))
                    .map(|(_, (method, _))| format!("{method}: now has an operation")),
            )
            .collect();
        failures.extend(unmatched);
        assert!(
            failures.is_empty() && stale.is_empty(),
            "{} differences between Client4 and mm that are not accepted:\n{}\n\naccepted differences that no longer occur:\n{}",
            failures.len(),
            failures.join("\n"),
            stale.join("\n")
        );
    });
}
