//! An in-process Mattermost server double for tests, examples and benchmarks.
//!
//! **Status: not implemented yet.** The server, its REST surface and its test knobs are tracked
//! by the mock-server issue; until then the driver's tests use small scripted hyper servers.
#![warn(missing_docs)]
#![forbid(unsafe_code)]
