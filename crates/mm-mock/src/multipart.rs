//! A `multipart/form-data` parser for file uploads.

use bytes::Bytes;

/// One part of a form.
#[derive(Debug, Clone)]
pub(crate) struct FormPart {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Bytes,
}

/// The boundary of a `multipart/form-data` content type.
pub(crate) fn boundary(content_type: &str) -> Option<String> {
    let (essence, params) = content_type.split_once(';')?;
    if !essence.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|param| {
        let (key, value) = param.trim().split_once('=')?;
        key.eq_ignore_ascii_case("boundary")
            .then(|| value.trim_matches('"').to_owned())
    })
}

/// Splits `body` into its parts; `None` when it is not a well-formed form.
pub(crate) fn parse(body: &Bytes, boundary: &str) -> Option<Vec<FormPart>> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut parts = Vec::new();
    let mut position = find(body, delimiter, 0)? + delimiter.len();
    loop {
        if body.get(position..position + 2) == Some(b"--") {
            return Some(parts);
        }
        // Skip the CRLF after the delimiter.
        position = position.checked_add(2).filter(|p| *p <= body.len())?;
        let headers_end = find(body, b"\r\n\r\n", position)?;
        let headers = std::str::from_utf8(&body[position..headers_end]).ok()?;
        let data_start = headers_end + 4;
        let next = find(body, delimiter, data_start)?;
        // The data ends before the CRLF that precedes the next delimiter.
        let data_end = next.checked_sub(2).filter(|end| *end >= data_start)?;
        let mut part = FormPart {
            name: String::new(),
            file_name: None,
            content_type: None,
            data: body.slice(data_start..data_end),
        };
        for line in headers.split("\r\n") {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            if name.trim().eq_ignore_ascii_case("content-disposition") {
                for param in value.split(';').skip(1) {
                    if let Some((key, value)) = param.trim().split_once('=') {
                        let value = value.trim().trim_matches('"').replace("%22", "\"");
                        match key.trim() {
                            "name" => part.name = value,
                            "filename" => part.file_name = Some(value),
                            _ => {}
                        }
                    }
                }
            } else if name.trim().eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_owned());
            }
        }
        parts.push(part);
        position = next + delimiter.len();
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|index| index + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fields_and_files() {
        let body = Bytes::from_static(
            b"--XX\r\nContent-Disposition: form-data; name=\"channel_id\"\r\n\r\nabc\r\n\
              --XX\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\
              Content-Type: text/plain\r\n\r\nhello\r\nworld\r\n--XX--\r\n",
        );
        assert_eq!(
            boundary("multipart/form-data; boundary=XX").as_deref(),
            Some("XX")
        );
        let parts = parse(&body, "XX").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "channel_id");
        assert_eq!(&parts[0].data[..], b"abc");
        assert_eq!(parts[1].file_name.as_deref(), Some("a.txt"));
        assert_eq!(&parts[1].data[..], b"hello\r\nworld");
    }

    #[test]
    fn malformed_forms_are_none() {
        assert!(parse(&Bytes::from_static(b"--XX\r\nno end"), "XX").is_none());
        assert!(parse(&Bytes::from_static(b"garbage"), "XX").is_none());
        assert!(boundary("application/json").is_none());
    }
}
