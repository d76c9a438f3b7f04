//! Synchronous calls (feature `blocking`): the future runs on the calling thread while one
//! internal runtime thread drives the connections.
//!
//! Blocking is allowed wherever a thread may block: plain threads, `spawn_blocking`,
//! `block_in_place`. On a worker of a multi-thread tokio runtime the call goes through
//! [`tokio::task::block_in_place`], so the worker's other tasks move to another thread. From
//! async code of a current-thread runtime it fails with an error (it would stall that
//! runtime, and any server or connection it drives): there, `.await` it.

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

use tokio::runtime::{Handle, Runtime, RuntimeFlavor};

use crate::Error;

/// One worker thread drives I/O and timers for every blocking call of the process.
fn runtime() -> Result<&'static Runtime, Error> {
    static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
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
                "could not start the runtime for blocking calls ({e}); use the async API"
            ))
        })
}

/// Runs `future` to completion on this thread. Fails only when the internal runtime cannot
/// start.
pub fn block_on<T>(future: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    run(future)?
}

/// Runs `future` to completion on this thread: its resources (sockets, timers, spawned
/// connection tasks) belong to the internal runtime, whose thread wakes this one.
pub fn run<F: Future>(future: F) -> Result<F::Output, Error> {
    let runtime = runtime()?;
    let drive = move || {
        let _entered = runtime.enter();
        park_until_ready(future)
    };
    Ok(match Handle::try_current() {
        // On a multi-thread runtime (a worker, its `block_on` thread or one of its blocking
        // threads) this never panics and keeps the other tasks running.
        Ok(handle) if handle.runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(drive)
        }
        // Async code of a current-thread runtime: blocking would stop that runtime, and with it
        // any server or connection it drives (a hang until the timeout, or for good).
        Ok(_) if polled_by_a_runtime() => {
            return Err(Error::invalid_request(
                "a blocking call was made from async code of a current-thread runtime, which it would stall; use `.await` there, or call it inside `tokio::task::spawn_blocking`",
            ));
        }
        _ => drive(),
    })
}

/// Whether this thread is inside a poll by a runtime (async code), as opposed to a
/// `spawn_blocking` closure or a plain thread. Tokio offers no direct test: within a poll the
/// cooperative budget is limited (128 units), elsewhere it is not. This spends the budget
/// unit by unit until it runs out or clearly has no limit, then gives every unit back.
fn polled_by_a_runtime() -> bool {
    // Far above tokio's budget per poll; an unlimited budget never runs out.
    const PROBES: usize = 4_096;
    let mut context = Context::from_waker(Waker::noop());
    let mut taken = Vec::new();
    let mut limited = false;
    for _ in 0..PROBES {
        match tokio::task::coop::poll_proceed(&mut context) {
            Poll::Ready(unit) => taken.push(unit),
            Poll::Pending => {
                limited = true;
                break;
            }
        }
    }
    // Each unit restores the budget it saw when dropped: the first one last restores it whole.
    while taken.pop().is_some() {}
    limited
}

/// Wakes the thread that waits for the future.
struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `future` on this thread, parking between wake-ups (a spurious wake-up only costs a
/// poll). Hand-written rather than `futures::executor::block_on`, which panics when called
/// from inside another of its own executors.
fn park_until_ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut context = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_timers_and_spawned_tasks_of_the_internal_runtime_from_a_plain_thread() {
        let answer = block_on(async {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            let task = tokio::spawn(async { 41 });
            task.await
                .map(|n| n + 1)
                .map_err(|e| Error::config(e.to_string()))
        });
        assert_eq!(answer.unwrap(), 42);
    }

    #[test]
    fn works_inside_spawn_blocking_of_a_current_thread_runtime() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let answer = runtime.block_on(async {
            tokio::task::spawn_blocking(|| run(async { 7 }))
                .await
                .unwrap()
        });
        assert_eq!(answer.unwrap(), 7);
    }

    #[test]
    fn refuses_async_code_of_a_current_thread_runtime_and_leaves_its_budget_whole() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let error = run(async { 1 }).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::InvalidRequest);
            assert!(error.to_string().contains("use `.await`"), "{error}");
            // The probe gave back every unit it took.
            assert!(tokio::task::coop::has_budget_remaining());
            let spawned = tokio::spawn(async { run(async { 2 }).is_err() });
            assert!(spawned.await.unwrap(), "a spawned task is async code too");
        });
    }

    #[test]
    fn works_on_a_multi_thread_worker_without_stalling_it() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .build()
            .unwrap();
        let answer = runtime.block_on(async {
            // The blocking call runs on the only worker; `block_in_place` hands the other
            // task to another thread, so the channel is answered.
            let (sender, receiver) = tokio::sync::oneshot::channel();
            let waiter = tokio::spawn(async move { receiver.await.unwrap_or(0) });
            let sent = tokio::spawn(async move { run(async { sender.send(5) }) });
            sent.await.unwrap().unwrap().unwrap();
            waiter.await.unwrap()
        });
        assert_eq!(answer, 5);
    }
}
