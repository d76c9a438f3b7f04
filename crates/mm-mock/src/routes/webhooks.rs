//! Incoming webhooks: create, list, and `POST /hooks/{id}`.

use http::StatusCode;
use mm_types::{
    CreateIncomingWebhookRequest, CreatePostRequest, IncomingWebhook, IncomingWebhookPayload,
};
use serde_json::json;

use crate::app_error::{AppError, HandlerResult};
use crate::request::{Reply, parse_query};
use crate::routes::Ctx;
use crate::routes::posts::{PostSource, create_post};
use crate::store::new_id;

fn check_enabled(ctx: &Ctx<'_>) -> Result<(), AppError> {
    if ctx.shared.config.incoming_webhooks {
        Ok(())
    } else {
        Err(AppError::disabled(
            "api.incoming_webhook.disabled.app_error",
            "Incoming webhooks",
        ))
    }
}

pub(crate) fn create(ctx: &Ctx<'_>) -> HandlerResult {
    check_enabled(ctx)?;
    let body: CreateIncomingWebhookRequest = ctx.request.json("webhook")?;
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    let channel = store
        .channels
        .get(&body.channel_id)
        .cloned()
        .ok_or_else(super::channels::channel_not_found)?;
    if !store.is_channel_member(&channel.id, &me) && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    let now = store.now();
    let hook = IncomingWebhook {
        id: new_id(),
        create_at: now,
        update_at: now,
        delete_at: 0,
        channel_id: channel.id,
        team_id: channel.team_id,
        user_id: me,
        description: body.description.unwrap_or_default(),
        display_name: body.display_name.unwrap_or_default(),
        username: body.username.unwrap_or_default(),
        icon_url: body.icon_url.unwrap_or_default(),
        channel_locked: body.channel_locked.unwrap_or_default(),
        // Newer servers (11.8+) stamp it on each use; a new hook has not been used.
        last_used: 0,
    };
    store.webhooks.insert(hook.id.clone(), hook.clone());
    Ok(Reply::created(&hook))
}

pub(crate) fn list(ctx: &Ctx<'_>) -> HandlerResult {
    check_enabled(ctx)?;
    let store = ctx.store();
    let me = ctx.user(&store)?;
    let (page_number, per_page) = ctx.request.paging()?;
    let team = ctx.request.query("team_id").filter(|t| !t.is_empty());
    let admin = store.is_admin(&me);
    let mut hooks: Vec<IncomingWebhook> = store
        .webhooks
        .values()
        .filter(|h| admin || h.user_id == me)
        .filter(|h| team.is_none_or(|t| h.team_id == t))
        .cloned()
        .collect();
    hooks.sort_by(|a, b| a.create_at.cmp(&b.create_at).then(a.id.cmp(&b.id)));
    Ok(Reply::ok(&super::page(&hooks, page_number, per_page)))
}

/// The payload: JSON, or a form with a `payload` field holding JSON, as the real server accepts.
fn payload(ctx: &Ctx<'_>) -> Result<IncomingWebhookPayload, AppError> {
    let request = ctx.request;
    let content_type = request.header("content-type").unwrap_or_default();
    let json = if content_type.starts_with("application/x-www-form-urlencoded") {
        let form = parse_query(&String::from_utf8_lossy(&request.body));
        form.into_iter()
            .find(|(k, _)| k == "payload")
            .map(|(_, v)| v.into_bytes())
            .unwrap_or_default()
    } else {
        request.body.to_vec()
    };
    serde_json::from_slice(&json).map_err(|e| {
        AppError::new(
            StatusCode::BAD_REQUEST,
            "web.incoming_webhook.parse.app_error",
            "Unable to parse incoming data.",
        )
        .detail(e.to_string())
    })
}

pub(crate) fn execute(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    check_enabled(ctx)?;
    let payload = payload(ctx)?;
    if payload.text.is_empty() && payload.attachments.is_empty() {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "web.incoming_webhook.text.app_error",
            "No text specified.",
        ));
    }
    let mut store = ctx.store();
    let hook = store
        .webhooks
        .get(id)
        .filter(|h| h.delete_at == 0)
        .cloned()
        .ok_or_else(|| AppError::not_found("app.webhooks.get_incoming.app_error", "webhook"))?;
    let mut channel_id = hook.channel_id.clone();
    if let Some(name) = payload.channel.as_deref().filter(|n| !n.is_empty()) {
        let target = store
            .channel_by_name(&hook.team_id, name)
            .map(|c| c.id.clone());
        match target {
            Some(target) if !hook.channel_locked || target == hook.channel_id => {
                channel_id = target
            }
            Some(_) => {
                return Err(AppError::new(
                    StatusCode::FORBIDDEN,
                    "web.incoming_webhook.channel_locked.app_error",
                    "This webhook is not permitted to post to the requested channel.",
                ));
            }
            None => {
                return Err(AppError::new(
                    StatusCode::NOT_FOUND,
                    "web.incoming_webhook.channel.app_error",
                    "Couldn't find the channel.",
                ));
            }
        }
    }
    let mut props = payload.props.clone().unwrap_or_default();
    props.insert("from_webhook".into(), json!("true"));
    let username = payload.username.clone().filter(|u| !u.is_empty());
    if let Some(username) = &username {
        props.insert("override_username".into(), json!(username));
    }
    if let Some(icon) = payload.icon_url.clone().filter(|u| !u.is_empty()) {
        props.insert("override_icon_url".into(), json!(icon));
    }
    if !payload.attachments.is_empty() {
        props.insert("attachments".into(), json!(payload.attachments));
    }
    let body = CreatePostRequest {
        channel_id,
        message: payload.text,
        root_id: payload.root_id,
        props: Some(props.into_iter().collect()),
        ..CreatePostRequest::default()
    };
    create_post(
        ctx,
        &mut store,
        &hook.user_id,
        body,
        PostSource::Webhook {
            sender_name: username,
        },
    )?;
    Ok(Reply::text(StatusCode::OK, "ok"))
}
