//! `GET /api/v4/system/ping`.

use crate::app_error::HandlerResult;
use crate::request::Reply;
use crate::routes::Ctx;

pub(crate) fn ping(ctx: &Ctx<'_>) -> HandlerResult {
    Ok(Reply::ok(&serde_json::json!({
        "status": "OK",
        "ActiveSearchBackend": "database",
        "AndroidLatestVersion": "",
        "IosLatestVersion": "",
        "version": ctx.shared.config.version,
    })))
}
