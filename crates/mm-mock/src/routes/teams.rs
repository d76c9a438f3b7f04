//! Teams and team membership.

use http::StatusCode;
use mm_types::{AddTeamMemberRequest, CreateTeamRequest, Team, TeamMember};
use serde_json::json;

use crate::app_error::{AppError, HandlerResult};
use crate::request::Reply;
use crate::routes::{Ctx, page, to_user};
use crate::store::Store;

fn team_not_found() -> AppError {
    AppError::not_found("app.team.get.find.app_error", "team")
}

pub(crate) fn create(ctx: &Ctx<'_>) -> HandlerResult {
    let body: CreateTeamRequest = ctx.request.json("team")?;
    if body.name.len() < 2
        || !body
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "model.team.is_valid.url.app_error",
            "Invalid URL Identifier",
        ));
    }
    if body.display_name.is_empty() {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "model.team.is_valid.name.app_error",
            "Invalid name.",
        ));
    }
    if body.type_ != "O" && body.type_ != "I" {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "model.team.is_valid.type.app_error",
            "Invalid type.",
        ));
    }
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    if store.teams.values().any(|t| t.name == body.name) {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "app.team.save.existing.app_error",
            "A team with that name already exists.",
        ));
    }
    let team = store.insert_team(&body.name, &body.display_name, &body.type_, &me);
    ctx.publish(
        &store,
        "added_to_team",
        json!({"team_id": team.id, "user_id": me}),
        to_user(&me),
    );
    Ok(Reply::created(&team))
}

/// The team, if the user may see it (members and system admins).
fn visible_team(store: &Store, team: Option<&Team>, user: &str) -> Result<Team, AppError> {
    let team = team
        .filter(|t| t.delete_at == 0)
        .ok_or_else(team_not_found)?;
    if store.is_team_member(&team.id, user) || store.is_admin(user) || team.allow_open_invite {
        Ok(team.clone())
    } else {
        Err(AppError::forbidden())
    }
}

pub(crate) fn get(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    Ok(Reply::ok(&visible_team(&store, store.teams.get(id), &me)?))
}

pub(crate) fn by_name(ctx: &Ctx<'_>, name: &str) -> HandlerResult {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    let team = store.teams.values().find(|t| t.name == name);
    Ok(Reply::ok(&visible_team(&store, team, &me)?))
}

/// `GET /teams`: every team for a system admin, else the open ones and the user's own, by
/// name; `include_total_count=true` answers `{"teams": [...], "total_count": n}` as
/// api4/team.go getAllTeams does.
pub(crate) fn list(ctx: &Ctx<'_>) -> HandlerResult {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    let admin = store.is_admin(&me);
    let (page_number, per_page) = ctx.request.paging()?;
    let mut teams: Vec<Team> = store
        .teams
        .values()
        .filter(|t| {
            t.delete_at == 0 && (admin || t.allow_open_invite || store.is_team_member(&t.id, &me))
        })
        .cloned()
        .collect();
    teams.sort_by(|a, b| a.name.cmp(&b.name));
    let listed = page(&teams, page_number, per_page);
    if ctx.request.query("include_total_count") == Some("true") {
        return Ok(Reply::ok(
            &json!({"teams": listed, "total_count": teams.len()}),
        ));
    }
    Ok(Reply::ok(&listed))
}

/// `GET /teams/name/{name}/exists`: `{"exists": bool}` (deleted teams do not exist).
pub(crate) fn exists(ctx: &Ctx<'_>, name: &str) -> HandlerResult {
    let store = ctx.store();
    ctx.user(&store)?;
    let exists = store
        .teams
        .values()
        .any(|t| t.name == name && t.delete_at == 0);
    Ok(Reply::ok(&json!({ "exists": exists })))
}

pub(crate) fn add_member(ctx: &Ctx<'_>, team_id: &str) -> HandlerResult {
    let body: AddTeamMemberRequest = ctx.request.json("user_id")?;
    let user_id = body.user_id.unwrap_or_default();
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    let team = store
        .teams
        .get(team_id)
        .filter(|t| t.delete_at == 0)
        .cloned()
        .ok_or_else(team_not_found)?;
    if store.user(&user_id).is_none() {
        return Err(AppError::not_found(
            "app.user.missing_account.const",
            "user",
        ));
    }
    let allowed = store.is_admin(&me)
        || store.is_team_admin(team_id, &me)
        || (user_id == me && team.allow_open_invite);
    if !allowed {
        return Err(AppError::forbidden());
    }
    let member = store.add_team_member(team_id, &user_id, "team_user");
    ctx.publish(
        &store,
        "added_to_team",
        json!({"team_id": team_id, "user_id": user_id}),
        to_user(&user_id),
    );
    Ok(Reply::created(&member))
}

pub(crate) fn members(ctx: &Ctx<'_>, team_id: &str) -> HandlerResult {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    visible_team(&store, store.teams.get(team_id), &me)?;
    let (page_number, per_page) = ctx.request.paging()?;
    let mut members: Vec<TeamMember> = store
        .team_members
        .values()
        .filter(|m| m.team_id == team_id && m.delete_at == 0)
        .cloned()
        .collect();
    members.sort_by(|a, b| a.user_id.cmp(&b.user_id));
    Ok(Reply::ok(&page(&members, page_number, per_page)))
}

pub(crate) fn of_user(ctx: &Ctx<'_>, user_id: &str) -> HandlerResult {
    let store = ctx.store();
    let user_id = ctx.user_id_param(&store, user_id)?;
    let me = ctx.user(&store)?;
    if user_id != me && !store.is_admin(&me) {
        return Err(AppError::forbidden());
    }
    let mut teams: Vec<&Team> = store
        .teams
        .values()
        .filter(|t| t.delete_at == 0 && store.is_team_member(&t.id, &user_id))
        .collect();
    teams.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Reply::ok(&teams))
}
