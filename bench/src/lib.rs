//! What `cargo xtask bench` runs: [`bin/bench-server`](../bench_server/index.html), a local
//! HTTP server answering like Mattermost, and `bench-client`, which sends the same requests
//! through mm or through bare hyper.

/// A Mattermost user as the server marshals it (`GET /api/v4/users/me`).
pub const USER: &str = include_str!("../../tests/fixtures/server/http/user_me.json");

/// A page of 200 users (`GET /api/v4/users?per_page=200`), built from [`USER`].
pub fn user_page() -> String {
    let user: serde_json::Value = match serde_json::from_str(USER) {
        Ok(user) => user,
        Err(_) => return "[]".into(),
    };
    let page: Vec<serde_json::Value> = (0..200)
        .map(|i| {
            let mut user = user.clone();
            user["id"] = format!("u{i:025}").into();
            user["username"] = format!("user{i}").into();
            user["email"] = format!("user{i}@example.com").into();
            user
        })
        .collect();
    serde_json::Value::from(page).to_string()
}

/// The CPU time this process has used so far (user + system), from `/proc/self/stat`.
pub fn cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel's USER_HZ is 100 on Linux.
    Some(std::time::Duration::from_millis(ticks * 10))
}
