//! Uploaded files.

use serde::{Deserialize, Serialize};

/// Metadata of an uploaded file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileInfo {
    /// The 26-character id.
    pub id: String,
    /// The uploader.
    pub user_id: String,
    /// The post it is attached to, empty until attached.
    pub post_id: String,
    /// The channel it was uploaded to.
    pub channel_id: String,
    /// Creation time, milliseconds since the epoch.
    pub create_at: i64,
    /// Last update, milliseconds since the epoch.
    pub update_at: i64,
    /// Deletion time, 0 when not deleted.
    pub delete_at: i64,
    /// The file name.
    pub name: String,
    /// The extension, without the dot.
    pub extension: String,
    /// The size in bytes.
    pub size: i64,
    /// The MIME type.
    pub mime_type: String,
    /// Image width, for images.
    pub width: i64,
    /// Image height, for images.
    pub height: i64,
    /// Whether a preview image exists.
    pub has_preview_image: bool,
}

/// The answer to a file upload.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileUploadResponse {
    /// One entry per uploaded file.
    pub file_infos: Vec<FileInfo>,
    /// The client ids sent with the upload.
    pub client_ids: Vec<String>,
}
