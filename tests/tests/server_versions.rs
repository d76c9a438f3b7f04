//! Server versions: the driver learns the server's version at login, operations carry their
//! "Minimum server version", and a 404 or 501 from an older server says which version the call
//! needs instead of a bare "not found".

use mm_driver::{Driver, ErrorKind, OPERATIONS};
use mm_mock::MockServer;

#[tokio::test]
async fn an_operation_newer_than_the_server_says_so() {
    let server = MockServer::builder()
        .server_version("9.0.0")
        .start()
        .await
        .unwrap();
    let seed = server.seed();
    let driver = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .build()
        .unwrap();
    driver.login().await.unwrap();
    assert_eq!(driver.server_version().as_deref(), Some("9.0.0"));

    // `GET /posts/{id}/reveal` came with 11.2; mm-mock (like a 9.0 server) has no such route.
    let reveal = OPERATIONS
        .iter()
        .find(|op| op.name == "reveal_post")
        .unwrap();
    assert_eq!(reveal.min_server_version, Some("11.2"));
    let error = driver
        .posts()
        .reveal_post("abcdefghijklmnopqrstuvwxyz")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ResourceNotFound, "{error}");
    assert_eq!(error.needs_server_version(), Some("11.2"));
    assert!(
        error
            .to_string()
            .contains("needs server ≥ 11.2, this server is 9.0.0"),
        "{error}"
    );
}

#[tokio::test]
async fn a_not_found_from_a_new_enough_server_is_a_plain_not_found() {
    let server = MockServer::builder()
        .server_version("12.0.0")
        .start()
        .await
        .unwrap();
    let seed = server.seed();
    let driver = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .build()
        .unwrap();
    let error = driver
        .posts()
        .reveal_post("abcdefghijklmnopqrstuvwxyz")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ResourceNotFound, "{error}");
    assert_eq!(error.needs_server_version(), None);
    assert!(!error.to_string().contains("needs server"), "{error}");
}

#[test]
fn most_operations_know_their_minimum_server_version() {
    let known = OPERATIONS
        .iter()
        .filter(|op| op.min_server_version.is_some())
        .count();
    assert!(known > 250, "{known}");
    for op in OPERATIONS {
        if let Some(version) = op.min_server_version {
            assert!(
                version.split('.').all(|part| part.parse::<u32>().is_ok()),
                "{}: {version}",
                op.name
            );
        }
    }
}
