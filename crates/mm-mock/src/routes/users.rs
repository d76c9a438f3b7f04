//! Users, login, personal access tokens and bots.

use http::StatusCode;
use mm_types::{
    Bot, CreateBotRequest, CreateUserAccessTokenRequest, CreateUserRequest, LoginRequest,
    PatchUserRequest, RevokeUserAccessTokenRequest, User, UserAccessToken,
};
use serde_json::json;

use crate::app_error::{AppError, HandlerResult};
use crate::request::Reply;
use crate::routes::{Ctx, page};
use crate::store::{AccessTokenRecord, Session, new_id};

const MIN_PASSWORD_LENGTH: usize = 8;

fn username_exists() -> AppError {
    AppError::new(
        StatusCode::BAD_REQUEST,
        "app.user.save.username_exists.app_error",
        "An account with that username already exists.",
    )
}

fn valid_username(name: &str) -> bool {
    (3..=22).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}

pub(crate) fn create(ctx: &Ctx<'_>) -> HandlerResult {
    let new: CreateUserRequest = ctx.request.json("user")?;
    let password = new.password.clone().unwrap_or_default();
    if !valid_username(&new.username) {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "model.user.is_valid.username.app_error",
            "Username must begin with a letter and contain between 3 to 22 lowercase characters made up of numbers, letters, and the symbols '.', '-', and '_'.",
        ));
    }
    if !new.email.contains('@') {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "model.user.is_valid.email.app_error",
            "Invalid email.",
        ));
    }
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "model.user.is_valid.pwd_length.app_error",
            format!("Your password must contain at least {MIN_PASSWORD_LENGTH} characters."),
        ));
    }
    let mut store = ctx.store();
    if store.user_by_username(&new.username).is_some() {
        return Err(username_exists());
    }
    if store
        .users
        .values()
        .any(|r| r.user.email.eq_ignore_ascii_case(&new.email))
    {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "app.user.save.email_exists.app_error",
            "An account with that email already exists.",
        ));
    }
    let mut user = store.insert_user(&new.username, &new.email, &password, false);
    user.first_name = new.first_name.unwrap_or_default();
    user.last_name = new.last_name.unwrap_or_default();
    user.nickname = new.nickname.unwrap_or_default();
    if let Some(record) = store.users.get_mut(&user.id) {
        record.user = user.clone();
    }
    ctx.publish(
        &store,
        "new_user",
        json!({"user_id": user.id}),
        Default::default(),
    );
    Ok(Reply::created(&user))
}

pub(crate) fn login(ctx: &Ctx<'_>) -> HandlerResult {
    let body: LoginRequest = ctx.request.json("login_id")?;
    let login_id = body.login_id.unwrap_or_default();
    let password = body.password.unwrap_or_default();
    let mut store = ctx.store();
    let record = store
        .users
        .values()
        .find(|r| {
            r.user.delete_at == 0
                && (r.user.username.eq_ignore_ascii_case(&login_id)
                    || r.user.email.eq_ignore_ascii_case(&login_id))
        })
        .filter(|r| r.password == password)
        .cloned()
        .ok_or_else(|| {
            AppError::new(
                StatusCode::UNAUTHORIZED,
                "api.user.login.invalid_credentials_email_username",
                "Enter a valid email or username and/or password.",
            )
        })?;
    if let Some(code) = &record.mfa_code
        && Some(code) != body.token.as_ref()
    {
        return Err(AppError::new(
            StatusCode::UNAUTHORIZED,
            "mfa.validate_token.authenticate.app_error",
            "Invalid MFA token.",
        ));
    }
    let token = store.new_session(&record.user.id);
    Ok(Reply::ok(&record.user)
        .header("token", token.clone())
        .header(
            "set-cookie",
            format!("MMAUTHTOKEN={token}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax"),
        )
        .header(
            "set-cookie",
            format!(
                "MMUSERID={}; Path=/; Max-Age=2592000; SameSite=Lax",
                record.user.id
            ),
        ))
}

pub(crate) fn logout(ctx: &Ctx<'_>) -> HandlerResult {
    let mut store = ctx.store();
    if let Some(token) = crate::auth::request_token(ctx.request) {
        store.sessions.remove(&token);
    }
    Ok(Reply::status_ok()
        .header("set-cookie", "MMAUTHTOKEN=; Path=/; Max-Age=0; HttpOnly")
        .header("set-cookie", "MMUSERID=; Path=/; Max-Age=0"))
}

pub(crate) fn get(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    let store = ctx.store();
    let id = ctx.user_id_param(&store, id)?;
    let user = store
        .user(&id)
        .ok_or_else(|| AppError::not_found("app.user.missing_account.const", "user"))?;
    Ok(Reply::ok(user))
}

pub(crate) fn by_username(ctx: &Ctx<'_>, username: &str) -> HandlerResult {
    let store = ctx.store();
    ctx.user(&store)?;
    let user = store
        .user_by_username(username)
        .ok_or_else(|| AppError::not_found("app.user.missing_account.const", "user"))?;
    Ok(Reply::ok(user))
}

pub(crate) fn by_ids(ctx: &Ctx<'_>) -> HandlerResult {
    let ids: Vec<String> = ctx.request.json("user_ids")?;
    let store = ctx.store();
    ctx.user(&store)?;
    let users: Vec<&User> = ids.iter().filter_map(|id| store.user(id)).collect();
    Ok(Reply::ok(&users))
}

pub(crate) fn list(ctx: &Ctx<'_>) -> HandlerResult {
    let store = ctx.store();
    ctx.user(&store)?;
    let (page_number, per_page) = ctx.request.paging()?;
    let in_team = ctx.request.query("in_team").filter(|v| !v.is_empty());
    let in_channel = ctx.request.query("in_channel").filter(|v| !v.is_empty());
    let mut users: Vec<User> = store
        .users
        .values()
        .map(|r| &r.user)
        .filter(|u| in_team.is_none_or(|team| store.is_team_member(team, &u.id)))
        .filter(|u| in_channel.is_none_or(|channel| store.is_channel_member(channel, &u.id)))
        .cloned()
        .collect();
    users.sort_by(|a, b| a.username.cmp(&b.username));
    Ok(Reply::ok(&page(&users, page_number, per_page)))
}

pub(crate) fn patch(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    let patch: PatchUserRequest = ctx.request.json("user")?;
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    let id = if id == "me" {
        me.clone()
    } else {
        id.to_owned()
    };
    if store.user(&id).is_none() {
        return Err(AppError::not_found(
            "app.user.missing_account.const",
            "user",
        ));
    }
    if id != me && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    if let Some(username) = &patch.username
        && (!valid_username(username)
            || store.user_by_username(username).is_some_and(|u| u.id != id))
    {
        return Err(AppError::invalid_body("username"));
    }
    let now = store.now();
    let user = {
        let record = store
            .users
            .get_mut(&id)
            .ok_or_else(|| AppError::not_found("app.user.missing_account.const", "user"))?;
        let user = &mut record.user;
        let set = |field: &mut String, value: Option<String>| {
            if let Some(value) = value {
                *field = value;
            }
        };
        set(&mut user.username, patch.username);
        set(&mut user.nickname, patch.nickname);
        set(&mut user.first_name, patch.first_name);
        set(&mut user.last_name, patch.last_name);
        set(&mut user.position, patch.position);
        set(&mut user.email, patch.email);
        set(&mut user.locale, patch.locale);
        if let Some(props) = patch.props {
            user.props = crate::reshape(props)?;
        }
        if let Some(timezone) = patch.timezone {
            user.timezone = crate::reshape(timezone)?;
        }
        if let Some(notify_props) = patch.notify_props {
            user.notify_props = crate::reshape(notify_props)?;
        }
        user.update_at = now;
        user.clone()
    };
    ctx.publish(
        &store,
        "user_updated",
        json!({"user": user}),
        Default::default(),
    );
    Ok(Reply::ok(&user))
}

pub(crate) fn create_access_token(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    if !ctx.shared.config.user_access_tokens {
        return Err(AppError::disabled(
            "app.user_access_token.disabled",
            "Personal access tokens",
        ));
    }
    let body: CreateUserAccessTokenRequest = ctx.request.json("description")?;
    if body.description.is_empty() {
        return Err(AppError::invalid_body("description"));
    }
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    let id = if id == "me" {
        me.clone()
    } else {
        id.to_owned()
    };
    // `create_user_access_token` belongs to system admins by default.
    if !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    if store.user(&id).is_none() {
        return Err(AppError::not_found(
            "app.user.missing_account.const",
            "user",
        ));
    }
    let record = AccessTokenRecord {
        id: new_id(),
        token: new_id(),
        user_id: id.clone(),
        description: body.description,
    };
    store
        .sessions
        .insert(record.token.clone(), Session { user_id: id });
    store
        .access_tokens
        .insert(record.id.clone(), record.clone());
    Ok(Reply::ok(&UserAccessToken {
        id: record.id,
        token: record.token,
        user_id: record.user_id,
        description: record.description,
        is_active: true,
    }))
}

pub(crate) fn revoke_access_token(ctx: &Ctx<'_>) -> HandlerResult {
    let body: RevokeUserAccessTokenRequest = ctx.request.json("token_id")?;
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    let record = store
        .access_tokens
        .get(&body.token_id)
        .cloned()
        .ok_or_else(|| {
            AppError::not_found("app.user_access_token.get_by_token.app_error", "token")
        })?;
    if record.user_id != me && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    store.access_tokens.remove(&record.id);
    store.sessions.remove(&record.token);
    Ok(Reply::status_ok())
}

pub(crate) fn create_bot(ctx: &Ctx<'_>) -> HandlerResult {
    let body: CreateBotRequest = ctx.request.json("bot")?;
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    if !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    if !valid_username(&body.username) {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "model.bot.is_valid.username.app_error",
            "Invalid username.",
        ));
    }
    if store.user_by_username(&body.username).is_some() {
        return Err(username_exists());
    }
    let email = format!("{}@localhost", body.username);
    let user = store.insert_user(&body.username, &email, &new_id(), false);
    let bot = Bot {
        user_id: user.id.clone(),
        create_at: user.create_at,
        update_at: user.update_at,
        delete_at: 0,
        username: body.username,
        display_name: body.display_name.unwrap_or_default(),
        description: body.description.clone().unwrap_or_default(),
        owner_id: me,
        ..Bot::default()
    };
    if let Some(record) = store.users.get_mut(&user.id) {
        record.user.is_bot = true;
        record.user.bot_description = body.description.unwrap_or_default();
    }
    store.bots.insert(bot.user_id.clone(), bot.clone());
    Ok(Reply::created(&bot))
}

pub(crate) fn get_bot(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    let store = ctx.store();
    ctx.user(&store)?;
    let bot = store
        .bots
        .get(id)
        .ok_or_else(|| AppError::not_found("store.sql_bot.get.missing.app_error", "bot"))?;
    Ok(Reply::ok(bot))
}
