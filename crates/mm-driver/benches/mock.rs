//! The driver against mm-mock: create a post, get a post, list 200 users. Later changes to
//! either side show up here as figures.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use mm_driver::Driver;
use mm_driver::types::{Post, User};
use mm_mock::MockServer;
use serde_json::json;

fn driver_against_mock(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (server, driver, channel_id, post_id) = runtime.block_on(async {
        let server = MockServer::start().await.unwrap();
        let seed = server.seed();
        for i in 0..198 {
            server.create_user(&format!("bench{i:03}"), "bench-password", false);
        }
        let driver = Driver::builder()
            .url(server.url())
            .token(&seed.user.token)
            .build()
            .unwrap();
        let post: Post = driver
            .post("/api/v4/posts")
            .json(&json!({"channel_id": seed.channel_id, "message": "a post to read"}))
            .await
            .unwrap()
            .json()
            .unwrap();
        (server, driver, seed.channel_id, post.id)
    });

    let mut group = c.benchmark_group("driver_vs_mm_mock");
    group.bench_function("create_post", |b| {
        b.to_async(&runtime).iter(|| async {
            let post: Post = driver
                .post("/api/v4/posts")
                .json(&json!({"channel_id": channel_id, "message": "benchmark message"}))
                .await
                .unwrap()
                .json()
                .unwrap();
            assert_eq!(post.channel_id, channel_id);
        })
    });
    group.bench_function("get_post", |b| {
        b.to_async(&runtime).iter(|| async {
            let post: Post = driver
                .get(format!("/api/v4/posts/{post_id}"))
                .await
                .unwrap()
                .json()
                .unwrap();
            assert_eq!(post.id, post_id);
        })
    });
    group.bench_function("list_200_users", |b| {
        b.to_async(&runtime).iter(|| async {
            let users: Vec<User> = driver
                .get("/api/v4/users")
                .query("per_page", 200)
                .await
                .unwrap()
                .json()
                .unwrap();
            assert_eq!(users.len(), 200);
        })
    });
    group.finish();
    drop(server);
}

criterion_group!(benches, driver_against_mock);
criterion_main!(benches);
