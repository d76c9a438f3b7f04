#!/usr/bin/env python3
"""The Python driver's side of `cargo xtask bench --python`.

Sends GETs to the bench server through mattermostautodriver's TypedDriver (the user as
`users.get_user("me")`, the page as `users.get_users(per_page=200)`) and prints
`requests wall_ns cpu_ns`, as bench-client does. Run it in a virtual environment with
mattermostautodriver installed: the xtask task makes a temporary one.

usage: python_bench.py URL --requests N [--page]
"""

import argparse
import time
from urllib.parse import urlparse

from mattermostautodriver import TypedDriver


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--page", action="store_true")
    args = parser.parse_args()
    url = urlparse(args.url)
    driver = TypedDriver(
        {
            "url": url.hostname,
            "port": url.port,
            "scheme": url.scheme,
            "token": "bench-token",
        }
    )
    driver.login()
    if args.page:
        call = lambda: len(driver.users.get_users(per_page=200))
        expected = 200
    else:
        call = lambda: 1 if driver.users.get_user("me")["id"] else 0
        expected = 1
    cpu_start = time.process_time_ns()
    wall_start = time.perf_counter_ns()
    decoded = sum(call() for _ in range(args.requests))
    wall = time.perf_counter_ns() - wall_start
    cpu = time.process_time_ns() - cpu_start
    if decoded != expected * args.requests:
        raise SystemExit(f"decoded {decoded} items, expected {expected * args.requests}")
    print(args.requests, wall, cpu)


if __name__ == "__main__":
    main()
