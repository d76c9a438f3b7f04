//! The differential test's dispatch: for each operation, the typed mm call built from the
//! inputs of a request the official JS client sent (path parameters, query, body), so that the
//! two requests can be compared (see `tests/src/differential.rs`).

use std::fmt::Write as _;

use super::model::Ty;
use super::names::identifier;
use super::operations::{Body, FieldKind, FormField, Operation};
use super::render::{HEADER, param_type, positional};

/// The expression reading a form field of the JS request, typed as mm's argument.
fn form_value(field: &FormField) -> String {
    let name = &field.json;
    match (&field.kind, field.repeated) {
        (FieldKind::File, false) => format!("input.form_file({name:?})"),
        (FieldKind::File, true) => format!("input.form_files({name:?})"),
        (FieldKind::Text(Ty::Str), false) => format!("&input.form_text({name:?})"),
        (FieldKind::Text(Ty::Str), true) => {
            format!("&input.form_texts({name:?}).iter().map(String::as_str).collect::<Vec<_>>()")
        }
        (FieldKind::Text(_), false) => format!(
            "input.form_text({name:?}).parse().map_err(|e| format!(\"form field {name}: {{e}}\"))?"
        ),
        (FieldKind::Text(_), true) => format!(
            "&input.form_texts({name:?}).iter().map(|v| v.parse()).collect::<Result<Vec<_>, _>>().map_err(|e| format!(\"form field {name}: {{e}}\"))?"
        ),
        (FieldKind::Json(_), false) => format!("&input.form_json({name:?})?"),
        (FieldKind::Json(_), true) => format!("&[input.form_json({name:?})?]"),
    }
}

fn query_getter(ty: &Ty) -> &'static str {
    match param_type(ty) {
        "i64" => "query_i64",
        "f64" => "query_f64",
        "bool" => "query_bool",
        _ => "query_str",
    }
}

/// `tests/tests/differential.rs`.
pub fn render(operations: &[Operation]) -> String {
    // Client4 speaks the core API only; plugins have their own clients.
    let operations: Vec<&Operation> = operations.iter().filter(|op| op.plugin.is_none()).collect();
    let mut out = format!(
        "{HEADER}//! Every request of the official JS client (`@mattermost/client`) replayed through mm's\n\
         //! typed methods and compared (`cargo xtask differential`).\n\
         #![allow(deprecated, unused_mut, clippy::all)]\n\n\
         #[allow(unused_imports)]\n\
         use mm_driver::transport::{{Body, RequestBuilder}};\n\
         use mm_driver::types;\n\
         use mm_driver::Driver;\n\
         use tests::differential::Input;\n\n\
         #[test]\n#[ignore = \"needs the Client4 capture: run `cargo xtask differential`\"]\n\
         fn every_client4_request_through_mm() {{\n\
         \x20   tests::differential::run(OPERATIONS_COMPARED, dispatch);\n\
         }}\n\n\
         /// The operations this dispatch can build.\n\
         const OPERATIONS_COMPARED: usize = {};\n\n\
         /// The typed call of `operation` with the JS request's inputs.\n\
         fn dispatch(client: &Driver, operation: &str, input: &Input) -> Result<RequestBuilder, String> {{\n\
         \x20   match operation {{\n",
        operations.len()
    );
    for op in operations {
        let (signature, optional) = positional(op);
        let mut args: Vec<String> = Vec::new();
        for p in &op.path_params {
            args.push(match param_type(&p.ty) {
                "&str" => format!("input.path({:?})?", p.json),
                _ => format!(
                    "input.path({:?})?.parse().map_err(|e| format!(\"path {}: {{e}}\"))?",
                    p.json, p.json
                ),
            });
        }
        for q in op.query.iter().filter(|q| q.required) {
            args.push(format!(
                "input.{}({:?})?.unwrap_or_default()",
                query_getter(&q.ty),
                q.json
            ));
        }
        match &op.body {
            Some(Body::Json { ty, required: true }) => args.push(format!(
                "&input.json_body::<{}>()?.unwrap_or_default()",
                ty.rust(op.types())
            )),
            Some(Body::Multipart(fields)) => {
                for field in fields.iter().filter(|f| f.required) {
                    args.push(form_value(field));
                }
            }
            Some(Body::FormUrlEncoded) => args.push("&input.form_pairs()".into()),
            Some(Body::Binary) => args.push("Body::from(input.raw_body())".into()),
            _ => {}
        }
        debug_assert_eq!(
            args.len(),
            signature.args.split(", ").filter(|a| !a.is_empty()).count()
        );
        let _ = writeln!(
            out,
            "        {:?} => {{\n            let mut call = client.{}().{}({});",
            op.name,
            identifier(op.group()),
            op.name,
            args.join(", ")
        );
        for q in &optional {
            if op.shape_flags.iter().any(|(flag, ..)| *flag == q.json) {
                continue;
            }
            let _ = writeln!(
                out,
                "            if let Some(value) = input.{}({:?})? {{ call = call.{}(value); }}",
                query_getter(&q.ty),
                q.json,
                q.rust
            );
        }
        if let Some(Body::Multipart(fields)) = &op.body {
            for field in fields.iter().filter(|f| !f.required) {
                let _ = writeln!(
                    out,
                    "            if input.has_form_field({:?}) {{ call = call.{}({}); }}",
                    field.json,
                    field.rust,
                    form_value(field)
                );
            }
        }
        if let Some(Body::Json {
            ty,
            required: false,
        }) = &op.body
        {
            let _ = writeln!(
                out,
                "            if let Some(body) = input.json_body::<{}>()? {{ call = call.body(&body); }}",
                ty.rust(op.types())
            );
        }
        for (flag, method, _) in &op.shape_flags {
            let _ = writeln!(
                out,
                "            if input.query_bool({flag:?})? == Some(true) {{\n                return Ok(call.{method}().into_request());\n            }}"
            );
        }
        out.push_str("            Ok(call.into_call().into_request())\n        }\n");
    }
    out.push_str("        other => Err(format!(\"no dispatch for {other}\")),\n    }\n}\n");
    out
}
