//! The internal runtime behind `call_blocking`.

use std::future::Future;
use std::sync::OnceLock;

use mm_transport::Error;

/// One worker thread drives connections between blocking calls.
fn runtime() -> Result<&'static tokio::runtime::Runtime, Error> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("mm-blocking")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| {
            Error::config(format!(
                "could not start the runtime for blocking calls ({e})"
            ))
        })
}

/// Runs `future` to completion from synchronous code. Inside an async runtime it refuses
/// (blocking there would stall the runtime) instead of panicking.
pub fn block_on<T>(future: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::invalid_request(
            "a blocking call was made inside an async runtime, where it would stall the runtime; use `.await` instead",
        ));
    }
    runtime()?.block_on(future)
}
