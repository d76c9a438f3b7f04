//! `multipart/form-data` bodies for file uploads.
//!
//! A form whose parts are all in memory becomes a buffered body (retryable); a form with a
//! streaming part becomes a streaming body (never retried).

use std::fmt;

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt, TryStreamExt, stream};

use crate::body::Body;
use crate::error::BoxError;

type PartStream = std::pin::Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// One field of a form.
///
/// ```
/// use mm_transport::{Form, Part};
///
/// let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>("a,b\n"), Ok("1,2\n")]);
/// let form = Form::new()
///     .part(Part::text("channel_id", "4xp9fdt77pncbef59f4k1qe83o"))
///     .part(Part::file("files", "notes.txt", "hello").content_type("text/plain"))
///     .part(Part::file_stream("files", "big.csv", chunks).content_type("text/csv"));
/// let (content_type, body) = form.into_body();
/// assert!(content_type.starts_with("multipart/form-data; boundary="));
/// assert!(!body.is_replayable()); // a streamed part: sent once, never retried
/// ```
pub struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: PartData,
}

enum PartData {
    Buffered(Bytes),
    Streaming(PartStream),
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish_non_exhaustive()
    }
}

impl Part {
    /// A text field.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            file_name: None,
            content_type: None,
            data: PartData::Buffered(Bytes::from(value.into())),
        }
    }

    /// A file held in memory.
    pub fn file(
        name: impl Into<String>,
        file_name: impl Into<String>,
        bytes: impl Into<Bytes>,
    ) -> Self {
        Upload::new(file_name, bytes).into_part(name)
    }

    /// A file read from a stream (the request will not be retried).
    pub fn file_stream<S, B, E>(
        name: impl Into<String>,
        file_name: impl Into<String>,
        stream: S,
    ) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<BoxError> + 'static,
    {
        Upload::stream(file_name, stream).into_part(name)
    }

    /// Sets the part's content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    fn header(&self, boundary: &str) -> Bytes {
        let mut header = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
            escape_quoted(&self.name)
        );
        if let Some(file_name) = &self.file_name {
            header.push_str(&format!("; filename=\"{}\"", escape_quoted(file_name)));
        }
        header.push_str("\r\n");
        if let Some(content_type) = &self.content_type {
            header.push_str(&format!(
                "Content-Type: {}\r\n",
                content_type.replace(['\r', '\n'], "")
            ));
        }
        header.push_str("\r\n");
        Bytes::from(header)
    }
}

/// A file to upload: its name, its content and its type, but not yet the form field it goes
/// in. The typed upload methods take it (`files().upload_file(channel_id, [upload])`) and put
/// it in the field their operation needs.
///
/// ```
/// use mm_transport::multipart::Upload;
///
/// let report = Upload::new("report.csv", "id,total\n1,2\n").content_type("text/csv");
/// assert_eq!(report.file_name(), "report.csv");
/// ```
pub struct Upload {
    file_name: String,
    content_type: String,
    data: PartData,
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish_non_exhaustive()
    }
}

impl Upload {
    /// A file held in memory (`application/octet-stream` unless
    /// [`content_type`](Self::content_type) says otherwise). A request with only in-memory
    /// files can be retried.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: "application/octet-stream".to_owned(),
            data: PartData::Buffered(bytes.into()),
        }
    }

    /// A file read from a stream, sent as it is read (the request will not be retried).
    ///
    /// ```
    /// use mm_transport::multipart::Upload;
    ///
    /// let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>("a,b\n"), Ok("1,2\n")]);
    /// let upload = Upload::stream("big.csv", chunks);
    /// ```
    pub fn stream<S, B, E>(file_name: impl Into<String>, stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<BoxError> + 'static,
    {
        Self {
            file_name: file_name.into(),
            content_type: "application/octet-stream".to_owned(),
            data: PartData::Streaming(Box::pin(stream.map_ok(Into::into).map_err(Into::into))),
        }
    }

    /// Sets the file's content type (`image/png`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The file name sent to the server.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The form part carrying this file in the field `name`.
    ///
    /// ```
    /// use mm_transport::{Form, Upload};
    ///
    /// let logo = Upload::new("logo.png", vec![0x89, b'P', b'N', b'G']).content_type("image/png");
    /// let form = Form::new().part(logo.into_part("image"));
    /// ```
    pub fn into_part(self, name: impl Into<String>) -> Part {
        Part {
            name: name.into(),
            file_name: Some(self.file_name),
            content_type: Some(self.content_type),
            data: self.data,
        }
    }
}

/// Escapes a name for a quoted header parameter, as browsers do (HTML's form encoding).
fn escape_quoted(value: &str) -> String {
    value
        .replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A multipart/form-data form.
///
/// Send it with [`RequestBuilder::multipart`](crate::RequestBuilder::multipart).
///
/// ```
/// use mm_transport::{Form, Part};
///
/// let form = Form::new()
///     .boundary("XX") // fixed, for a reproducible body; random by default
///     .text("channel_id", "4xp9fdt77pncbef59f4k1qe83o")
///     .part(Part::file("files", "notes.txt", "hello").content_type("text/plain"));
/// let (content_type, body) = form.into_body();
/// assert_eq!(content_type, "multipart/form-data; boundary=XX");
/// assert!(body.is_replayable()); // every part in memory: the request can be retried
/// assert_eq!(
///     body.as_bytes().unwrap_or_default(),
///     b"--XX\r\nContent-Disposition: form-data; name=\"channel_id\"\r\n\r\n4xp9fdt77pncbef59f4k1qe83o\r\n\
///       --XX\r\nContent-Disposition: form-data; name=\"files\"; filename=\"notes.txt\"\r\n\
///       Content-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n",
/// );
/// ```
#[derive(Debug, Default)]
pub struct Form {
    parts: Vec<Part>,
    boundary: Option<String>,
    /// A field that could not be encoded: the request fails with it before it is sent.
    error: Option<String>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a part.
    pub fn part(mut self, part: Part) -> Self {
        self.parts.push(part);
        self
    }

    /// Adds every part of `other` after this form's parts.
    ///
    /// ```
    /// use mm_transport::Form;
    ///
    /// let fields = Form::new().text("channel_id", "4xp9fdt77pncbef59f4k1qe83o");
    /// let files = Form::new().part(mm_transport::Part::file("files", "a.txt", "a"));
    /// let form = fields.append(files); // text fields first, as the server wants them
    /// ```
    pub fn append(mut self, other: Form) -> Self {
        self.parts.extend(other.parts);
        self.error = self.error.or(other.error);
        self
    }

    /// Adds a text field holding `value` as JSON (what the server parses with its JSON
    /// decoder, like `emoji` of `create_emoji`). A value that cannot be encoded fails the
    /// request before it is sent.
    ///
    /// ```
    /// use mm_transport::{Form, Part};
    ///
    /// let form = Form::new()
    ///     .json("emoji", &serde_json::json!({"name": "party_parrot", "creator_id": "me"}))
    ///     .part(Part::file("image", "parrot.gif", vec![b'G', b'I', b'F']).content_type("image/gif"));
    /// ```
    pub fn json<T: serde::Serialize + ?Sized>(
        mut self,
        name: impl Into<String>,
        value: &T,
    ) -> Self {
        let name = name.into();
        match serde_json::to_string(value) {
            Ok(text) => self.text(name, text),
            Err(error) => {
                self.error = Some(format!(
                    "the form field {name:?} could not be encoded as JSON: {error}"
                ));
                self
            }
        }
    }

    /// Why the form cannot be sent, if one of its fields could not be encoded.
    pub(crate) fn take_error(&mut self) -> Option<String> {
        self.error.take()
    }

    /// Adds a text field.
    pub fn text(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.part(Part::text(name, value))
    }

    /// Uses a fixed boundary (for reproducible bodies in tests).
    pub fn boundary(mut self, boundary: impl Into<String>) -> Self {
        self.boundary = Some(boundary.into());
        self
    }

    /// The `Content-Type` header value and the body.
    pub fn into_body(self) -> (String, Body) {
        let boundary = self.boundary.unwrap_or_else(|| {
            let mut random = String::with_capacity(32);
            for _ in 0..32 {
                random.push(fastrand::alphanumeric());
            }
            format!("mm-{random}")
        });
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let closing = Bytes::from(format!("--{boundary}--\r\n"));
        let all_buffered = self
            .parts
            .iter()
            .all(|p| matches!(p.data, PartData::Buffered(_)));
        if all_buffered {
            let mut buffer = BytesMut::new();
            for part in &self.parts {
                buffer.extend_from_slice(&part.header(&boundary));
                if let PartData::Buffered(bytes) = &part.data {
                    buffer.extend_from_slice(bytes);
                }
                buffer.extend_from_slice(b"\r\n");
            }
            buffer.extend_from_slice(&closing);
            return (content_type, Body::buffered(buffer.freeze()));
        }
        let mut chunks: Vec<PartStream> = Vec::new();
        for part in self.parts {
            let header = part.header(&boundary);
            chunks.push(Box::pin(stream::once(async move { Ok(header) })));
            chunks.push(match part.data {
                PartData::Buffered(bytes) => Box::pin(stream::once(async move { Ok(bytes) })),
                PartData::Streaming(stream) => stream,
            });
            chunks.push(Box::pin(stream::once(async {
                Ok(Bytes::from_static(b"\r\n"))
            })));
        }
        chunks.push(Box::pin(stream::once(async move { Ok(closing) })));
        (
            content_type,
            Body::from_stream(stream::iter(chunks).flatten()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffered_form_layout() {
        let (content_type, body) = Form::new()
            .boundary("XX")
            .text("channel_id", "abc")
            .part(Part::file("files", "a \"b\".txt", "hello").content_type("text/plain"))
            .into_body();
        assert_eq!(content_type, "multipart/form-data; boundary=XX");
        assert!(body.is_replayable());
        let text = String::from_utf8(body.as_bytes().unwrap().to_vec()).unwrap();
        assert_eq!(
            text,
            "--XX\r\nContent-Disposition: form-data; name=\"channel_id\"\r\n\r\nabc\r\n\
             --XX\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a %22b%22.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n"
        );
    }

    #[tokio::test]
    async fn streaming_form_is_not_replayable_and_matches_the_buffered_bytes() {
        let chunks = stream::iter(vec![
            Ok::<_, std::io::Error>(Bytes::from("hel")),
            Ok(Bytes::from("lo")),
        ]);
        let (_, body) = Form::new()
            .boundary("XX")
            .text("channel_id", "abc")
            .part(Part::file_stream("files", "a.txt", chunks).content_type("text/plain"))
            .into_body();
        assert!(!body.is_replayable());
        let bytes = body.collect_bytes().await.unwrap();
        let (_, buffered) = Form::new()
            .boundary("XX")
            .text("channel_id", "abc")
            .part(Part::file("files", "a.txt", "hello").content_type("text/plain"))
            .into_body();
        assert_eq!(&bytes[..], buffered.as_bytes().unwrap());
    }
}
