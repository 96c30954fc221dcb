//! `$0` means free, for static routes and for what a pricer prices: the paywall serves it like a
//! route it does not sell (no 402, no 503 while payments are not ready, no CORS preflight of its
//! own), while a priced route on the same paywall is intercepted.
#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::Method;
use x402_payments::Price;
use x402_payments::paywall::{self, PaidRoute, Paywall, RoutePricer};

/// Prices `/c/free` at `$0` and `/c/paid` at `$0.001`.
struct Cartridges;

impl RoutePricer for Cartridges {
    fn route(&self, method: &Method, path: &str) -> Option<PaidRoute> {
        let price = match path {
            "/c/free" => Price::FREE,
            "/c/paid" => Price::from_units(1000),
            _ => return None,
        };
        Some(PaidRoute::new(method.clone(), path, price))
    }
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let free: Price = "$0".parse().unwrap();
    let wall = Arc::new(
        Paywall::new(
            url.clone(),
            vec![
                PaidRoute::new(Method::GET, "/free", free),
                PaidRoute::new(Method::GET, "/paid", "$0.001".parse().unwrap()),
            ],
        )
        .with_pricer(Arc::new(Cartridges)),
    );
    let ok = || async { "served" };
    let app = axum::Router::new()
        .route(
            "/free",
            axum::routing::get(ok).options(|| async { "handler" }),
        )
        .route("/paid", axum::routing::get(ok))
        .route("/c/{slug}", axum::routing::get(ok))
        .layer(axum::middleware::from_fn_with_state(
            wall,
            paywall::middleware,
        ));
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    url
}

#[tokio::test]
async fn a_zero_price_is_served_without_payment() {
    let url = serve().await;
    let http = reqwest::Client::new();
    for path in ["/free", "/c/free"] {
        let resp = http.get(format!("{url}{path}")).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        assert!(resp.headers().get("payment-required").is_none(), "{path}");
        assert_eq!(resp.text().await.unwrap(), "served", "{path}");
    }
    // The paywall is in front: a priced route is intercepted (not ready yet: 503, never served).
    for path in ["/paid", "/c/paid"] {
        let resp = http.get(format!("{url}{path}")).send().await.unwrap();
        assert_eq!(resp.status(), 503, "{path}");
        assert!(resp.text().await.unwrap().contains("payments_not_ready"));
    }
    // The preflight of a free path is the handler's, not the paywall's.
    let resp = http
        .request(reqwest::Method::OPTIONS, format!("{url}/free"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.text().await.unwrap(), "handler");
}
