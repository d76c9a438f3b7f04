//! Channels: open, private, direct and group; membership.

use http::StatusCode;
use mm_types::{AddChannelMemberRequest, Channel, ChannelMember, CreateChannelRequest};
use serde_json::json;

use crate::app_error::{AppError, HandlerResult};
use crate::request::Reply;
use crate::routes::{Ctx, page, to_channel, to_user};
use crate::store::Store;

pub(crate) fn channel_not_found() -> AppError {
    AppError::not_found("app.channel.get.existing.app_error", "channel")
}

/// The live channel `id`, if `user` may read it: 404 when unknown, 403 when hidden.
pub(crate) fn readable_channel(store: &Store, id: &str, user: &str) -> Result<Channel, AppError> {
    let channel = store
        .channels
        .get(id)
        .filter(|c| c.delete_at == 0)
        .ok_or_else(channel_not_found)?;
    if store.can_read_channel(channel, user) {
        Ok(channel.clone())
    } else {
        Err(AppError::forbidden())
    }
}

pub(crate) fn create(ctx: &Ctx<'_>) -> HandlerResult {
    let body: CreateChannelRequest = ctx.request.json("channel")?;
    if body.type_ != "O" && body.type_ != "P" {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "model.channel.is_valid.type.app_error",
            "Invalid type.",
        ));
    }
    if body.name.is_empty()
        || body.name.len() > 64
        || !body
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "model.channel.is_valid.name.app_error",
            "Invalid channel name.",
        ));
    }
    if body.display_name.is_empty() {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "model.channel.is_valid.display_name.app_error",
            "Invalid display name.",
        ));
    }
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    if !store.teams.contains_key(&body.team_id) {
        return Err(AppError::not_found("app.team.get.find.app_error", "team"));
    }
    if !store.is_team_member(&body.team_id, &me) && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    if store.channel_by_name(&body.team_id, &body.name).is_some() {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "store.sql_channel.save_channel.exists.app_error",
            "A channel with that name already exists on the same team.",
        ));
    }
    let mut channel = store.insert_channel(
        &body.team_id,
        &body.name,
        &body.display_name,
        &body.type_,
        &me,
    );
    channel.purpose = body.purpose.unwrap_or_default();
    channel.header = body.header.unwrap_or_default();
    store.channels.insert(channel.id.clone(), channel.clone());
    ctx.publish(
        &store,
        "channel_created",
        json!({"channel_id": channel.id, "team_id": channel.team_id}),
        to_user(&me),
    );
    Ok(Reply::created(&channel))
}

pub(crate) fn create_direct(ctx: &Ctx<'_>) -> HandlerResult {
    let ids: Vec<String> = ctx.request.json("user_ids")?;
    if ids.len() != 2 {
        return Err(AppError::invalid_body("user_ids"));
    }
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    if !ids.contains(&me) && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    if ids.iter().any(|id| store.user(id).is_none()) {
        return Err(AppError::invalid_body("user_ids"));
    }
    let mut sorted = ids.clone();
    sorted.sort();
    let name = format!("{}__{}", sorted[0], sorted[1]);
    if let Some(existing) = store.channels.values().find(|c| c.name == name) {
        return Ok(Reply::created(existing));
    }
    let channel = store.insert_channel("", &name, "", "D", "");
    for id in &sorted {
        store.add_channel_member(&channel.id, id, "channel_user");
    }
    let teammate = sorted.iter().find(|id| **id != me).unwrap_or(&me);
    ctx.publish(
        &store,
        "direct_added",
        json!({"creator_id": me, "teammate_id": teammate}),
        to_channel(&channel.id),
    );
    Ok(Reply::created(&channel))
}

pub(crate) fn create_group(ctx: &Ctx<'_>) -> HandlerResult {
    let mut ids: Vec<String> = ctx.request.json("user_ids")?;
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    if !ids.contains(&me) {
        ids.push(me.clone());
    }
    ids.sort();
    ids.dedup();
    if !(3..=8).contains(&ids.len()) || ids.iter().any(|id| store.user(id).is_none()) {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "api.channel.create_group.bad_size.app_error",
            "Group message channels must contain at least 3 and no more than 8 users.",
        ));
    }
    // The real server names group channels by a hash of the member ids.
    let name = group_name(&ids);
    if let Some(existing) = store.channels.values().find(|c| c.name == name) {
        return Ok(Reply::created(existing));
    }
    let display = ids
        .iter()
        .filter_map(|id| store.user(id).map(|u| u.username.clone()))
        .collect::<Vec<_>>()
        .join(", ");
    let channel = store.insert_channel("", &name, &display, "G", "");
    for id in &ids {
        store.add_channel_member(&channel.id, id, "channel_user");
    }
    let teammates = serde_json::to_string(&ids).unwrap_or_default();
    for id in &ids {
        ctx.publish(
            &store,
            "group_added",
            json!({"teammate_ids": teammates}),
            to_user(id),
        );
    }
    Ok(Reply::created(&channel))
}

/// A stable 40-hex-character name for a set of user ids (FNV-1a, widened).
fn group_name(ids: &[String]) -> String {
    let mut out = String::with_capacity(40);
    for salt in 0u64..3 {
        let mut hash: u64 = 0xcbf29ce484222325 ^ salt;
        for byte in ids.join(",").bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x100000001b3);
        }
        out.push_str(&format!("{hash:016x}"));
    }
    out.truncate(40);
    out
}

pub(crate) fn get(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    Ok(Reply::ok(&readable_channel(&store, id, &me)?))
}

pub(crate) fn by_name(ctx: &Ctx<'_>, team_id: &str, name: &str) -> HandlerResult {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    let id = store
        .channel_by_name(team_id, name)
        .map(|c| c.id.clone())
        .ok_or_else(channel_not_found)?;
    Ok(Reply::ok(&readable_channel(&store, &id, &me)?))
}

pub(crate) fn by_team_name_and_name(ctx: &Ctx<'_>, team_name: &str, name: &str) -> HandlerResult {
    let team_id = {
        let store = ctx.store();
        ctx.user(&store)?;
        store
            .teams
            .values()
            .find(|t| t.name == team_name)
            .map(|t| t.id.clone())
            .ok_or_else(|| AppError::not_found("app.team.get_by_name.missing.app_error", "team"))?
    };
    by_name(ctx, &team_id, name)
}

pub(crate) fn add_member(ctx: &Ctx<'_>, channel_id: &str) -> HandlerResult {
    let body: AddChannelMemberRequest = ctx.request.json("user_id")?;
    let user_id = body.user_id.unwrap_or_default();
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    let channel = readable_channel(&store, channel_id, &me)?;
    if channel.type_ == "D" || channel.type_ == "G" {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "api.channel.add_user_to_channel.type.app_error",
            "Can not add user to this channel type.",
        ));
    }
    if channel.type_ == "P" && !store.is_channel_member(channel_id, &me) && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    if store.user(&user_id).is_none() {
        return Err(AppError::not_found(
            "app.user.missing_account.const",
            "user",
        ));
    }
    if !store.is_team_member(&channel.team_id, &user_id) {
        return Err(AppError::new(
            StatusCode::FORBIDDEN,
            "api.channel.add_members.user_denied",
            "Channel membership denied to the following users because they are not on the team.",
        ));
    }
    let member = store.add_channel_member(channel_id, &user_id, "channel_user");
    ctx.publish(
        &store,
        "user_added",
        json!({"user_id": user_id, "team_id": channel.team_id}),
        to_channel(channel_id),
    );
    Ok(Reply::created(&member))
}

pub(crate) fn remove_member(ctx: &Ctx<'_>, channel_id: &str, user_id: &str) -> HandlerResult {
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    let user_id = if user_id == "me" {
        me.clone()
    } else {
        user_id.to_owned()
    };
    readable_channel(&store, channel_id, &me)?;
    let is_channel_admin = store
        .channel_members
        .get(&(channel_id.to_owned(), me.clone()))
        .is_some_and(|m| m.roles.contains("channel_admin"));
    if user_id != me && !is_channel_admin && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    if store
        .channel_members
        .remove(&(channel_id.to_owned(), user_id.clone()))
        .is_none()
    {
        return Err(AppError::not_found(
            "app.channel.get_member.missing.app_error",
            "channel member",
        ));
    }
    ctx.publish(
        &store,
        "user_removed",
        json!({"channel_id": channel_id, "remover_id": me, "user_id": user_id}),
        to_channel(channel_id),
    );
    ctx.publish(
        &store,
        "user_removed",
        json!({"channel_id": channel_id, "remover_id": me}),
        to_user(&user_id),
    );
    Ok(Reply::status_ok())
}

pub(crate) fn members(ctx: &Ctx<'_>, channel_id: &str) -> HandlerResult {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    readable_channel(&store, channel_id, &me)?;
    let (page_number, per_page) = ctx.request.paging()?;
    let mut members: Vec<ChannelMember> = store
        .channel_members
        .values()
        .filter(|m| m.channel_id == channel_id)
        .cloned()
        .collect();
    members.sort_by(|a, b| a.user_id.cmp(&b.user_id));
    Ok(Reply::ok(&page(&members, page_number, per_page)))
}

pub(crate) fn of_user_in_team(ctx: &Ctx<'_>, user_id: &str, team_id: &str) -> HandlerResult {
    let store = ctx.store();
    let user_id = ctx.user_id_param(&store, user_id)?;
    let me = ctx.user(&store)?;
    if user_id != me && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    if !store.is_team_member(team_id, &user_id) {
        return Err(AppError::forbidden());
    }
    let mut channels: Vec<&Channel> = store
        .channels
        .values()
        .filter(|c| c.delete_at == 0 && (c.team_id == team_id || c.team_id.is_empty()))
        .filter(|c| store.is_channel_member(&c.id, &user_id))
        .collect();
    channels.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Reply::ok(&channels))
}
