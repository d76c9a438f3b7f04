//! The static description of an operation, for introspection and tooling.

/// One operation of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The spec's operationId (`GetUsers`).
    pub operation_id: &'static str,
    /// The method name on the group (`get_users`).
    pub name: &'static str,
    /// The groups it is reachable from, the one that implements it first.
    pub groups: &'static [&'static str],
    /// `GET`, `POST`, `PUT`, `DELETE` or `PATCH`.
    pub method: &'static str,
    /// The path template (`/api/v4/users/{user_id}`).
    pub path: &'static str,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// The oldest server version that has it ("Minimum server version" in the spec), as
    /// `"9.5"`; a 404 or 501 from an older server says so in its error.
    pub min_server_version: Option<&'static str>,
    /// The plugin whose API it belongs to (`Some("playbooks")`), `None` for the core API.
    /// A plugin's groups are behind the cargo feature of its name.
    pub plugin: Option<&'static str>,
}
