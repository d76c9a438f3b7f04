//! Which handler serves which method and path.

use http::Method;

use crate::app_error::HandlerResult;
use crate::routes::{self, Ctx};

/// A matched route with its path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    Ping,
    CreateUser,
    Login,
    Logout,
    ListUsers,
    UsersByIds,
    UserByUsername(String),
    GetUser(String),
    PatchUser(String),
    CreateAccessToken(String),
    RevokeAccessToken,
    TeamsOfUser(String),
    ChannelsOfUserInTeam(String, String),
    DeleteReaction(String, String, String),
    CreateBot,
    GetBot(String),
    CreateTeam,
    GetTeam(String),
    TeamByName(String),
    ListTeams,
    TeamExists(String),
    AddTeamMember(String),
    TeamMembers(String),
    ChannelByTeamNameAndName(String, String),
    ChannelByName(String, String),
    SearchPosts(String),
    CreateChannel,
    CreateDirectChannel,
    CreateGroupChannel,
    GetChannel(String),
    AddChannelMember(String),
    ChannelMembers(String),
    RemoveChannelMember(String, String),
    ChannelPosts(String),
    CreatePost,
    GetPost(String),
    UpdatePost(String),
    PatchPost(String),
    DeletePost(String),
    Thread(String),
    PostReactions(String),
    SaveReaction,
    UploadFile,
    GetFile(String),
    GetFileInfo(String),
    CreateIncomingWebhook,
    ListIncomingWebhooks,
    ExecuteWebhook(String),
}

/// The result of routing.
pub(crate) enum Resolution {
    Found(Route),
    /// The path exists, with other methods.
    WrongMethod,
    NotFound,
}

const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
];

pub(crate) fn resolve(method: &Method, path: &str) -> Resolution {
    if let Some(route) = route(method, path) {
        return Resolution::Found(route);
    }
    if METHODS
        .iter()
        .any(|other| other != method && route(other, path).is_some())
    {
        Resolution::WrongMethod
    } else {
        Resolution::NotFound
    }
}

fn route(method: &Method, path: &str) -> Option<Route> {
    let segments: Vec<String> = path
        .trim_end_matches('/')
        .split('/')
        .skip(1)
        .map(crate::request::decode)
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let owned = |s: &str| s.to_owned();
    use Route::*;
    let route = match segments.as_slice() {
        ["hooks", id] if method == Method::POST => ExecuteWebhook(owned(id)),
        ["api", "v4", rest @ ..] => match (method.as_str(), rest) {
            ("GET", ["system", "ping"]) => Ping,
            ("POST", ["users"]) => CreateUser,
            ("GET", ["users"]) => ListUsers,
            ("POST", ["users", "login"]) => Login,
            ("POST", ["users", "logout"]) => Logout,
            ("POST", ["users", "ids"]) => UsersByIds,
            ("POST", ["users", "tokens", "revoke"]) => RevokeAccessToken,
            ("GET", ["users", "username", name]) => UserByUsername(owned(name)),
            ("GET", ["users", id]) => GetUser(owned(id)),
            ("PUT", ["users", id, "patch"]) => PatchUser(owned(id)),
            ("POST", ["users", id, "tokens"]) => CreateAccessToken(owned(id)),
            ("GET", ["users", id, "teams"]) => TeamsOfUser(owned(id)),
            ("GET", ["users", user, "teams", team, "channels"]) => {
                ChannelsOfUserInTeam(owned(user), owned(team))
            }
            ("DELETE", ["users", user, "posts", post, "reactions", emoji]) => {
                DeleteReaction(owned(user), owned(post), owned(emoji))
            }
            ("POST", ["bots"]) => CreateBot,
            ("GET", ["bots", id]) => GetBot(owned(id)),
            ("POST", ["teams"]) => CreateTeam,
            ("GET", ["teams"]) => ListTeams,
            ("GET", ["teams", "name", name, "exists"]) => TeamExists(owned(name)),
            ("GET", ["teams", "name", name]) => TeamByName(owned(name)),
            ("GET", ["teams", "name", team, "channels", "name", channel]) => {
                ChannelByTeamNameAndName(owned(team), owned(channel))
            }
            ("GET", ["teams", id]) => GetTeam(owned(id)),
            ("POST", ["teams", id, "members"]) => AddTeamMember(owned(id)),
            ("GET", ["teams", id, "members"]) => TeamMembers(owned(id)),
            ("GET", ["teams", team, "channels", "name", channel]) => {
                ChannelByName(owned(team), owned(channel))
            }
            ("POST", ["teams", team, "posts", "search"]) => SearchPosts(owned(team)),
            ("POST", ["channels"]) => CreateChannel,
            ("POST", ["channels", "direct"]) => CreateDirectChannel,
            ("POST", ["channels", "group"]) => CreateGroupChannel,
            ("GET", ["channels", id]) => GetChannel(owned(id)),
            ("POST", ["channels", id, "members"]) => AddChannelMember(owned(id)),
            ("GET", ["channels", id, "members"]) => ChannelMembers(owned(id)),
            ("DELETE", ["channels", id, "members", user]) => {
                RemoveChannelMember(owned(id), owned(user))
            }
            ("GET", ["channels", id, "posts"]) => ChannelPosts(owned(id)),
            ("POST", ["posts"]) => CreatePost,
            ("GET", ["posts", id]) => GetPost(owned(id)),
            ("PUT", ["posts", id]) => UpdatePost(owned(id)),
            ("PUT", ["posts", id, "patch"]) => PatchPost(owned(id)),
            ("DELETE", ["posts", id]) => DeletePost(owned(id)),
            ("GET", ["posts", id, "thread"]) => Thread(owned(id)),
            ("GET", ["posts", id, "reactions"]) => PostReactions(owned(id)),
            ("POST", ["reactions"]) => SaveReaction,
            ("POST", ["files"]) => UploadFile,
            ("GET", ["files", id]) => GetFile(owned(id)),
            ("GET", ["files", id, "info"]) => GetFileInfo(owned(id)),
            ("POST", ["hooks", "incoming"]) => CreateIncomingWebhook,
            ("GET", ["hooks", "incoming"]) => ListIncomingWebhooks,
            _ => return None,
        },
        _ => return None,
    };
    Some(route)
}

/// Runs the handler of `route`.
pub(crate) fn dispatch(ctx: &Ctx<'_>, route: Route) -> HandlerResult {
    use Route::*;
    use routes::{channels, files, posts, system, teams, users, webhooks};
    match route {
        Ping => system::ping(ctx),
        CreateUser => users::create(ctx),
        Login => users::login(ctx),
        Logout => users::logout(ctx),
        ListUsers => users::list(ctx),
        UsersByIds => users::by_ids(ctx),
        UserByUsername(name) => users::by_username(ctx, &name),
        GetUser(id) => users::get(ctx, &id),
        PatchUser(id) => users::patch(ctx, &id),
        CreateAccessToken(id) => users::create_access_token(ctx, &id),
        RevokeAccessToken => users::revoke_access_token(ctx),
        CreateBot => users::create_bot(ctx),
        GetBot(id) => users::get_bot(ctx, &id),
        TeamsOfUser(id) => teams::of_user(ctx, &id),
        CreateTeam => teams::create(ctx),
        GetTeam(id) => teams::get(ctx, &id),
        TeamByName(name) => teams::by_name(ctx, &name),
        ListTeams => teams::list(ctx),
        TeamExists(name) => teams::exists(ctx, &name),
        AddTeamMember(id) => teams::add_member(ctx, &id),
        TeamMembers(id) => teams::members(ctx, &id),
        ChannelsOfUserInTeam(user, team) => channels::of_user_in_team(ctx, &user, &team),
        ChannelByTeamNameAndName(team, channel) => {
            channels::by_team_name_and_name(ctx, &team, &channel)
        }
        ChannelByName(team, channel) => channels::by_name(ctx, &team, &channel),
        CreateChannel => channels::create(ctx),
        CreateDirectChannel => channels::create_direct(ctx),
        CreateGroupChannel => channels::create_group(ctx),
        GetChannel(id) => channels::get(ctx, &id),
        AddChannelMember(id) => channels::add_member(ctx, &id),
        ChannelMembers(id) => channels::members(ctx, &id),
        RemoveChannelMember(id, user) => channels::remove_member(ctx, &id, &user),
        ChannelPosts(id) => posts::of_channel(ctx, &id),
        SearchPosts(team) => posts::search(ctx, &team),
        CreatePost => posts::create(ctx),
        GetPost(id) => posts::get(ctx, &id),
        UpdatePost(id) => posts::update(ctx, &id),
        PatchPost(id) => posts::patch(ctx, &id),
        DeletePost(id) => posts::delete(ctx, &id),
        Thread(id) => posts::thread(ctx, &id),
        PostReactions(id) => posts::reactions(ctx, &id),
        SaveReaction => posts::save_reaction(ctx),
        DeleteReaction(user, post, emoji) => posts::delete_reaction(ctx, &user, &post, &emoji),
        UploadFile => files::upload(ctx),
        GetFile(id) => files::get(ctx, &id),
        GetFileInfo(id) => files::info(ctx, &id),
        CreateIncomingWebhook => webhooks::create(ctx),
        ListIncomingWebhooks => webhooks::list(ctx),
        ExecuteWebhook(id) => webhooks::execute(ctx, &id),
    }
}
