//! Posts, threads, search and reactions.

use http::StatusCode;
use mm_types::{
    Channel, CreatePostRequest, PatchPostRequest, Post, PostList, Reaction, SearchPostsRequest,
    UpdatePostRequest,
};
use serde_json::json;

use crate::app_error::{AppError, HandlerResult};
use crate::request::Reply;
use crate::routes::channels::readable_channel;
use crate::routes::{Ctx, to_channel};
use crate::store::{Store, new_id};

fn post_not_found() -> AppError {
    AppError::not_found("app.post.get.app_error", "post")
}

/// A live post the user may read, with its channel.
fn readable_post(store: &Store, id: &str, user: &str) -> Result<(Post, Channel), AppError> {
    let post = store.post(id).cloned().ok_or_else(post_not_found)?;
    let channel = readable_channel(store, &post.channel_id, user)?;
    Ok((post, channel))
}

fn post_list<'a>(posts: impl Iterator<Item = &'a Post>) -> PostList {
    let mut posts: Vec<&Post> = posts.collect();
    posts.sort_by(|a, b| b.create_at.cmp(&a.create_at).then(b.id.cmp(&a.id)));
    PostList {
        order: posts.iter().map(|p| p.id.clone()).collect(),
        posts: posts
            .into_iter()
            .map(|p| (p.id.clone(), p.clone()))
            .collect(),
        ..PostList::default()
    }
}

pub(crate) fn create(ctx: &Ctx<'_>) -> HandlerResult {
    let body: CreatePostRequest = ctx.request.json("post")?;
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    create_post(ctx, &mut store, &me, body, PostSource::User).map(|post| Reply::created(&post))
}

/// Who is posting.
pub(crate) enum PostSource {
    /// A user through the API: needs channel membership.
    User,
    /// An incoming webhook, which posts as its creator without a permission check, under an
    /// optional overriding sender name.
    Webhook { sender_name: Option<String> },
}

/// Creates a post as `author` and publishes `posted`.
pub(crate) fn create_post(
    ctx: &Ctx<'_>,
    store: &mut Store,
    author: &str,
    body: CreatePostRequest,
    source: PostSource,
) -> Result<Post, AppError> {
    if body.channel_id.is_empty() {
        return Err(AppError::invalid_body("channel_id"));
    }
    let file_ids = body.file_ids.clone().unwrap_or_default();
    let props = body.props.clone().unwrap_or_default();
    if body.message.is_empty() && file_ids.is_empty() && props.is_empty() {
        return Err(AppError::invalid_body("message"));
    }
    let channel = store
        .channels
        .get(&body.channel_id)
        .filter(|c| c.delete_at == 0)
        .cloned()
        .ok_or_else(super::channels::channel_not_found)?;
    if matches!(source, PostSource::User) && !store.is_channel_member(&channel.id, author) {
        // Posting needs membership (`create_post`), even in open channels.
        return Err(AppError::forbidden());
    }
    let root_id = body.root_id.clone().unwrap_or_default();
    if !root_id.is_empty() {
        let root = store.post(&root_id).ok_or_else(|| {
            AppError::new(
                StatusCode::BAD_REQUEST,
                "api.post.create_post.root_id.app_error",
                "Invalid RootId parameter.",
            )
        })?;
        if root.channel_id != channel.id {
            return Err(AppError::new(
                StatusCode::BAD_REQUEST,
                "api.post.create_post.channel_root_id.app_error",
                "Invalid ChannelId for RootId parameter.",
            ));
        }
    }
    for file_id in &file_ids {
        let file = store
            .files
            .get(file_id)
            .ok_or_else(|| AppError::invalid_body("file_ids"))?;
        if file.info.user_id != author || !file.info.post_id.is_empty() {
            return Err(AppError::invalid_body("file_ids"));
        }
    }
    let now = store.now();
    let post = Post {
        id: new_id(),
        create_at: now,
        update_at: now,
        user_id: author.to_owned(),
        channel_id: channel.id.clone(),
        root_id,
        message: body.message,
        props,
        file_ids,
        ..Post::default()
    };
    for file_id in &post.file_ids {
        if let Some(file) = store.files.get_mut(file_id) {
            file.info.post_id = post.id.clone();
        }
    }
    store.posts.insert(post.id.clone(), post.clone());
    if let Some(channel) = store.channels.get_mut(&post.channel_id) {
        channel.last_post_at = now;
        channel.total_msg_count += 1;
    }
    let sender_name = match source {
        PostSource::Webhook { sender_name } => sender_name,
        PostSource::User => None,
    };
    let sender = sender_name.unwrap_or_else(|| {
        store
            .user(author)
            .map(|u| format!("@{}", u.username))
            .unwrap_or_default()
    });
    let mentions: Vec<String> = store
        .channel_member_ids(&channel.id)
        .into_iter()
        .filter(|id| {
            id != author
                && store
                    .user(id)
                    .is_some_and(|u| post.message.contains(&format!("@{}", u.username)))
        })
        .collect();
    let mut data = json!({
        "channel_display_name": channel.display_name,
        "channel_name": channel.name,
        "channel_type": channel.type_,
        "post": serde_json::to_string(&post).unwrap_or_default(),
        "sender_name": sender,
        "set_online": true,
        "team_id": channel.team_id,
    });
    if !mentions.is_empty() {
        data["mentions"] = json!(serde_json::to_string(&mentions).unwrap_or_default());
    }
    if !post.file_ids.is_empty() {
        data["otherFile"] = json!("true");
    }
    ctx.publish(store, "posted", data, to_channel(&channel.id));
    Ok(post)
}

pub(crate) fn get(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    Ok(Reply::ok(&readable_post(&store, id, &me)?.0))
}

/// Changes a post the user may change (its author, or a system admin), stores it, and
/// publishes `event` with the changed post.
fn change_post(
    ctx: &Ctx<'_>,
    id: &str,
    event: &str,
    change: impl FnOnce(&mut Post, i64) -> Result<(), AppError>,
) -> Result<Post, AppError> {
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    let (mut post, _) = readable_post(&store, id, &me)?;
    if post.user_id != me && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    let now = store.now();
    change(&mut post, now)?;
    post.update_at = now;
    store.posts.insert(post.id.clone(), post.clone());
    ctx.publish(
        &store,
        event,
        json!({"post": serde_json::to_string(&post).unwrap_or_default()}),
        to_channel(&post.channel_id),
    );
    Ok(post)
}

/// Edits a post and publishes `post_edited`.
fn edit_post(
    ctx: &Ctx<'_>,
    id: &str,
    edit: impl FnOnce(&mut Post) -> Result<(), AppError>,
) -> HandlerResult {
    let post = change_post(ctx, id, "post_edited", |post, now| {
        edit(post)?;
        post.edit_at = now;
        Ok(())
    })?;
    Ok(Reply::ok(&post))
}

pub(crate) fn patch(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    let patch: PatchPostRequest = ctx.request.json("post")?;
    edit_post(ctx, id, |post| {
        if let Some(message) = patch.message {
            post.message = message;
        }
        if let Some(props) = patch.props {
            post.props = crate::reshape(props)?;
        }
        if let Some(file_ids) = patch.file_ids {
            post.file_ids = file_ids;
        }
        Ok(())
    })
}

pub(crate) fn update(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    let update: UpdatePostRequest = ctx.request.json("post")?;
    if update.id != id {
        return Err(AppError::invalid_body("id"));
    }
    edit_post(ctx, id, |post| {
        post.message = update.message.unwrap_or_default();
        if let Some(props) = update.props {
            post.props = crate::reshape(props)?;
        }
        Ok(())
    })
}

pub(crate) fn delete(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    change_post(ctx, id, "post_deleted", |post, now| {
        post.delete_at = now;
        Ok(())
    })?;
    Ok(Reply::status_ok())
}

pub(crate) fn of_channel(ctx: &Ctx<'_>, channel_id: &str) -> HandlerResult {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    readable_channel(&store, channel_id, &me)?;
    let since = ctx.request.query_int("since", 0)?;
    let in_channel = store.posts.values().filter(|p| p.channel_id == channel_id);
    if since > 0 {
        // `since` lists everything changed after the time, deleted posts included, unpaged.
        return Ok(Reply::ok(&post_list(
            in_channel.filter(|p| p.update_at > since),
        )));
    }
    let mut live: Vec<&Post> = in_channel.filter(|p| p.delete_at == 0).collect();
    live.sort_by(|a, b| b.create_at.cmp(&a.create_at).then(b.id.cmp(&a.id)));
    let (page, per_page) = ctx.request.paging()?;
    let start = page.saturating_mul(per_page).min(live.len());
    let end = start.saturating_add(per_page).min(live.len());
    let mut list = post_list(live[start..end].iter().copied());
    list.has_next = Some(end < live.len());
    list.next_post_id = live.get(end).map(|p| p.id.clone()).unwrap_or_default();
    list.prev_post_id = start
        .checked_sub(1)
        .and_then(|i| live.get(i))
        .map(|p| p.id.clone())
        .unwrap_or_default();
    Ok(Reply::ok(&list))
}

pub(crate) fn thread(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    let (post, _) = readable_post(&store, id, &me)?;
    let root = if post.root_id.is_empty() {
        post.id.clone()
    } else {
        post.root_id.clone()
    };
    let thread = store
        .posts
        .values()
        .filter(|p| p.delete_at == 0 && (p.id == root || p.root_id == root));
    Ok(Reply::ok(&post_list(thread)))
}

pub(crate) fn search(ctx: &Ctx<'_>, team_id: &str) -> HandlerResult {
    let body: SearchPostsRequest = ctx.request.json("terms")?;
    if body.terms.trim().is_empty() {
        return Err(AppError::invalid_body("terms"));
    }
    let store = ctx.store();
    let me = ctx.user(&store)?;
    if !store.is_team_member(team_id, &me) && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    let words: Vec<String> = body
        .terms
        .split_whitespace()
        .map(|w| w.trim_matches('"').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let matches = |post: &Post| {
        let message = post.message.to_lowercase();
        if body.is_or_search {
            words.iter().any(|w| message.contains(w))
        } else {
            words.iter().all(|w| message.contains(w))
        }
    };
    let found = store.posts.values().filter(|p| {
        p.delete_at == 0
            && store
                .channels
                .get(&p.channel_id)
                .is_some_and(|c| c.team_id == team_id || c.team_id.is_empty())
            && store.is_channel_member(&p.channel_id, &me)
            && matches(p)
    });
    // model.PostSearchResults; without a search engine `matches` is nil, sent as `null`.
    let mut results = serde_json::to_value(post_list(found)).unwrap_or_default();
    if let Some(object) = results.as_object_mut() {
        object.insert("matches".into(), serde_json::Value::Null);
    }
    Ok(Reply::ok(&results))
}

pub(crate) fn reactions(ctx: &Ctx<'_>, post_id: &str) -> HandlerResult {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    readable_post(&store, post_id, &me)?;
    let list: Vec<&Reaction> = store
        .reactions
        .iter()
        .filter(|r| r.post_id == post_id)
        .collect();
    if list.is_empty() {
        // The store's nil slice: the server answers the body `null` (api4/reaction.go).
        return Ok(Reply::ok(&serde_json::Value::Null));
    }
    Ok(Reply::ok(&list))
}

fn reaction_json(reaction: &Reaction, channel_id: &str) -> String {
    serde_json::to_string(&json!({
        "user_id": reaction.user_id, "post_id": reaction.post_id, "emoji_name": reaction.emoji_name,
        "create_at": reaction.create_at, "update_at": reaction.create_at, "delete_at": 0,
        "remote_id": null, "channel_id": channel_id,
    }))
    .unwrap_or_default()
}

pub(crate) fn save_reaction(ctx: &Ctx<'_>) -> HandlerResult {
    let body: Reaction = ctx.request.json("reaction")?;
    if body.emoji_name.is_empty() || body.emoji_name.len() > 64 {
        return Err(AppError::invalid_body("emoji_name"));
    }
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    if body.user_id != me {
        return Err(AppError::forbidden());
    }
    let (post, channel) = readable_post(&store, &body.post_id, &me)?;
    if !store.is_channel_member(&channel.id, &me) {
        return Err(AppError::forbidden());
    }
    if let Some(existing) = store
        .reactions
        .iter()
        .find(|r| r.user_id == me && r.post_id == post.id && r.emoji_name == body.emoji_name)
    {
        return Ok(Reply::ok(existing));
    }
    let reaction = Reaction {
        user_id: me,
        post_id: post.id.clone(),
        emoji_name: body.emoji_name,
        create_at: store.now(),
        channel_id: channel.id.clone(),
        ..Reaction::default()
    };
    store.reactions.push(reaction.clone());
    ctx.publish(
        &store,
        "reaction_added",
        json!({"reaction": reaction_json(&reaction, &channel.id)}),
        to_channel(&channel.id),
    );
    Ok(Reply::ok(&reaction))
}

pub(crate) fn delete_reaction(
    ctx: &Ctx<'_>,
    user_id: &str,
    post_id: &str,
    emoji: &str,
) -> HandlerResult {
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    let user_id = if user_id == "me" {
        me.clone()
    } else {
        user_id.to_owned()
    };
    if user_id != me && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    let (_, channel) = readable_post(&store, post_id, &me)?;
    let position = store
        .reactions
        .iter()
        .position(|r| r.user_id == user_id && r.post_id == post_id && r.emoji_name == emoji)
        .ok_or_else(|| AppError::not_found("app.reaction.get_for_post.app_error", "reaction"))?;
    let reaction = store.reactions.remove(position);
    ctx.publish(
        &store,
        "reaction_removed",
        json!({"reaction": reaction_json(&reaction, &channel.id)}),
        to_channel(&channel.id),
    );
    Ok(Reply::status_ok())
}
