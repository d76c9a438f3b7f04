//! The report of the contract test: each operation's request must satisfy Prism (no
//! `sl-violations` header, a 2xx answer) and its response must decode into the operation's
//! output type.

use std::collections::BTreeMap;

use mm_driver::Driver;
use mm_driver::api::{Call, Output};
use mm_driver::transport::http;

/// Runs `test` to completion on a thread with a 256 MiB stack and its own runtime: the
/// generated test makes hundreds of calls, too deep for a debug build's default stack.
pub fn run_with_large_stack<F, Fut>(test: F)
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    let thread = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(Box::pin(test()));
        })
        .expect("a test thread");
    if let Err(panic) = thread.join() {
        std::panic::resume_unwind(panic);
    }
}

/// Results, by operation.
pub struct Report {
    results: BTreeMap<&'static str, Outcome>,
    static_fallbacks: Vec<&'static str>,
    /// Accepted requests whose answers Prism could not write.
    unserializable: Vec<&'static str>,
}

enum Outcome {
    Passed,
    RequestInvalid(String),
    DecodeFailed(String),
}

impl Report {
    /// A driver for the Prism server at `MM_CONTRACT_URL`, and an empty report.
    pub fn start() -> (Driver, Self) {
        let url = std::env::var("MM_CONTRACT_URL")
            .expect("MM_CONTRACT_URL is set by `cargo xtask contract`");
        let driver = Driver::builder()
            .url(url)
            .token("contract-test-token")
            .max_retries(0)
            .build()
            .expect("a driver for Prism");
        (
            driver,
            Self {
                results: BTreeMap::new(),
                static_fallbacks: Vec::new(),
                unserializable: Vec::new(),
            },
        )
    }

    /// Sends `call` and records what happened.
    ///
    /// Prism's dynamic mode crashes (HTTP 500, `prism/errors#UNKNOWN`) on maps of objects that
    /// hold arrays of objects (a json-schema-faker bug in its `clean` step, e.g. `PostList`):
    /// those requests are sent again with `Prefer: dynamic=false`, so the response is built from
    /// the schema statically instead.
    pub async fn check<O: Output>(&mut self, operation: &'static str, call: Call<O>) {
        let request = call.into_request();
        let retry = request.try_clone();
        let mut sent = request.send().await;
        if let (Ok(response), Some(retry)) = (&sent, retry)
            && response.status() == 500
            && String::from_utf8_lossy(response.bytes()).contains("prism/errors#UNKNOWN")
        {
            self.static_fallbacks.push(operation);
            sent = retry
                .header(
                    http::HeaderName::from_static("prefer"),
                    http::HeaderValue::from_static("dynamic=false"),
                )
                .send()
                .await;
        }
        let outcome = match sent {
            Err(error) => Outcome::RequestInvalid(format!("transport: {error}")),
            Ok(response) => {
                if let Some(violations) = response.headers().get("sl-violations") {
                    Outcome::RequestInvalid(format!(
                        "{} {}",
                        response.status(),
                        violations.to_str().unwrap_or("?")
                    ))
                } else if response.status() == 500
                    && String::from_utf8_lossy(response.bytes()).contains("Cannot find serializer")
                {
                    // Prism validated the request, then could not write the declared media type
                    // (`application/x-ndjson`): the request passed, the answer cannot be checked.
                    self.unserializable.push(operation);
                    Outcome::Passed
                } else if response.status().is_client_error() || response.status().is_server_error()
                {
                    Outcome::RequestInvalid(format!("status {}", response.status()))
                } else {
                    match O::decode(response) {
                        Ok(_) => Outcome::Passed,
                        Err(error) => Outcome::DecodeFailed(error.to_string()),
                    }
                }
            }
        };
        self.results.insert(operation, outcome);
    }

    /// Prints the table and fails unless every request is valid and at least 98 % of the
    /// responses decode.
    pub fn finish(self) {
        let total = self.results.len();
        let mut invalid = Vec::new();
        let mut undecodable = Vec::new();
        for (operation, outcome) in &self.results {
            match outcome {
                Outcome::Passed => {}
                Outcome::RequestInvalid(why) => invalid.push(format!("{operation}: {why}")),
                Outcome::DecodeFailed(why) => undecodable.push(format!("{operation}: {why}")),
            }
        }
        let valid = total - invalid.len();
        let decoded = valid - undecodable.len();
        println!("contract: {total} operations");
        println!("| check | passed | failed |\n|---|---|---|");
        println!(
            "| request accepted by Prism | {valid} | {} |",
            invalid.len()
        );
        println!(
            "| response decodes into the output type | {decoded} | {} |",
            undecodable.len()
        );
        if !self.unserializable.is_empty() {
            println!(
                "  requests accepted, answers not checked (Prism has no serializer for their media type): {}",
                self.unserializable.join(", ")
            );
        }
        if !self.static_fallbacks.is_empty() {
            println!(
                "  static responses (Prism's dynamic mode crashed): {}",
                self.static_fallbacks.join(", ")
            );
        }
        for line in invalid.iter().chain(undecodable.iter()) {
            let short: String = line.chars().take(400).collect();
            println!("  FAILED {short}");
        }
        assert!(
            invalid.is_empty(),
            "{} requests were not accepted",
            invalid.len()
        );
        assert!(
            decoded * 100 >= total * 98,
            "only {decoded} of {total} responses decode (target: 98 %)"
        );
    }
}
