//! File upload (multipart or raw body), download and metadata.

use bytes::Bytes;
use http::StatusCode;
use mm_types::{FileInfo, UploadFileResponse};

use crate::app_error::{AppError, HandlerResult};
use crate::multipart;
use crate::request::Reply;
use crate::routes::Ctx;
use crate::store::{StoredFile, new_id};

fn file_not_found() -> AppError {
    AppError::not_found("app.file_info.get.app_error", "file")
}

fn mime_type(name: &str) -> &'static str {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "txt" | "log" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

pub(crate) fn upload(ctx: &Ctx<'_>) -> HandlerResult {
    let request = ctx.request;
    let mut channel_id = request.query("channel_id").unwrap_or_default().to_owned();
    let mut client_ids = Vec::new();
    let mut files: Vec<(String, Bytes)> = Vec::new();
    let content_type = request.header("content-type").unwrap_or_default();
    if let Some(boundary) = multipart::boundary(content_type) {
        let parts = multipart::parse(&request.body, &boundary).ok_or_else(|| {
            AppError::new(
                StatusCode::BAD_REQUEST,
                "api.file.upload_file.read_form_value.app_error",
                "Unable to upload file(s). Error reading the multipart form.",
            )
        })?;
        for part in parts {
            match (part.name.as_str(), part.file_name) {
                ("channel_id", _) => channel_id = String::from_utf8_lossy(&part.data).into_owned(),
                ("client_ids", _) => {
                    client_ids.push(String::from_utf8_lossy(&part.data).into_owned())
                }
                ("files", Some(name)) => files.push((name, part.data)),
                _ => {}
            }
        }
    } else if let Some(name) = request.query("filename") {
        files.push((name.to_owned(), request.body.clone()));
    }
    if channel_id.is_empty() {
        return Err(AppError::invalid_param("channel_id"));
    }
    if files.is_empty() {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "api.file.upload_file.incorrect_number_of_files.app_error",
            "Unable to upload files. Incorrect number of files specified.",
        ));
    }
    let max = ctx.shared.config.max_file_size;
    if let Some((name, _)) = files.iter().find(|(_, data)| data.len() > max) {
        return Err(AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "api.file.upload_file.too_large_detailed.app_error",
            format!("Unable to upload file {name}. File is too large."),
        ));
    }
    let mut store = ctx.store();
    let me = ctx.user(&store)?;
    if !store.channels.contains_key(&channel_id) {
        return Err(super::channels::channel_not_found());
    }
    if !store.is_channel_member(&channel_id, &me) {
        return Err(AppError::forbidden());
    }
    let mut infos = Vec::new();
    for (name, data) in files {
        let now = store.now();
        let info = FileInfo {
            id: new_id(),
            user_id: me.clone(),
            channel_id: channel_id.clone(),
            create_at: now,
            update_at: now,
            extension: name
                .rsplit_once('.')
                .map(|(_, e)| e.to_owned())
                .unwrap_or_default(),
            size: data.len() as i64,
            mime_type: mime_type(&name).to_owned(),
            name,
            ..FileInfo::default()
        };
        store.files.insert(
            info.id.clone(),
            StoredFile {
                info: info.clone(),
                bytes: data,
            },
        );
        infos.push(info);
    }
    Ok(Reply::created(&UploadFileResponse {
        file_infos: infos,
        client_ids,
    }))
}

/// The file, if the user uploaded it or can read the channel of the post it is attached to.
fn readable_file(ctx: &Ctx<'_>, id: &str) -> Result<StoredFile, AppError> {
    let store = ctx.store();
    let me = ctx.user(&store)?;
    let file = store
        .files
        .get(id)
        .filter(|f| f.info.delete_at == 0)
        .ok_or_else(file_not_found)?;
    let readable = file.info.user_id == me
        || store.is_admin(&me)
        || (!file.info.post_id.is_empty()
            && store
                .channels
                .get(&file.info.channel_id)
                .is_some_and(|c| store.can_read_channel(c, &me)));
    if readable {
        Ok(file.clone())
    } else {
        Err(AppError::forbidden())
    }
}

pub(crate) fn get(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    let file = readable_file(ctx, id)?;
    Ok(Reply::bytes(&file.info.mime_type, file.bytes)
        .header(
            "content-disposition",
            format!(
                "attachment; filename=\"{}\"",
                file.info.name.replace('"', "")
            ),
        )
        .header("x-content-type-options", "nosniff"))
}

pub(crate) fn info(ctx: &Ctx<'_>, id: &str) -> HandlerResult {
    Ok(Reply::ok(&readable_file(ctx, id)?.info))
}
