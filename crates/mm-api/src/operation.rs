//! The static description of an operation, for introspection and tooling.

/// One operation of the spec.
///
/// [`OPERATIONS`](crate::OPERATIONS) lists them all, for tooling: a permission audit, a
/// coverage report, a check of what a server version supports.
///
/// ```
/// use mm_api::{OPERATIONS, Operation};
///
/// let get_user = OPERATIONS.iter().find(|op| op.operation_id == "GetUser").expect("in the spec");
/// assert_eq!((get_user.method, get_user.path), ("GET", "/api/v4/users/{user_id}"));
/// assert_eq!(get_user.name, "get_user");
/// assert_eq!(get_user.groups.first(), Some(&"users"));
///
/// // Operations a 9.5 server lacks.
/// let newer: Vec<&Operation> = OPERATIONS
///     .iter()
///     .filter(|op| op.min_server_version.is_some_and(|v| mm_transport::version::older("9.5", v)))
///     .collect();
/// let deprecated = OPERATIONS.iter().filter(|op| op.deprecated).count();
/// println!("{} operations need a newer server than 9.5; {deprecated} are deprecated", newer.len());
/// ```
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
