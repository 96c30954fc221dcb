//! The dashboard: `GET /` serves a static page (hand-written HTML, JS, CSS and an SVG icon from
//! the repository's `dashboard/` folder, embedded in the binary) that reads the node's public
//! JSON APIs (`/swarm/status`, `/swarm/events`, `/c`, `/discovery/resources`) and, only with the
//! admin token the user types in, the admin routes. The page holds no secret: every asset is
//! public and served under a strict Content Security Policy (same origin only, no inline script).

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;

/// Content Security Policy of every dashboard asset: same origin only, no inline script or
/// style, no plugins, no framing. `wasm-unsafe-eval` lets the page compile an interactive
/// cartridge's WebAssembly (it does not allow `eval` of JavaScript).
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    connect-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

const INDEX_HTML: &str = include_str!("../../dashboard/index.html");
const APP_JS: &str = include_str!("../../dashboard/app.js");
const APP_CSS: &str = include_str!("../../dashboard/app.css");
const CART_JS: &str = include_str!("../../dashboard/cart.js");
const FAVICON_SVG: &str = include_str!("../../dashboard/favicon.svg");

/// Every embedded asset: `(path, content type, body)`.
pub const ASSETS: [(&str, &str, &str); 6] = [
    ("/", "text/html; charset=utf-8", INDEX_HTML),
    (
        "/dashboard/app.js",
        "text/javascript; charset=utf-8",
        APP_JS,
    ),
    ("/dashboard/app.css", "text/css; charset=utf-8", APP_CSS),
    // The worker that runs interactive cartridges in the page.
    (
        "/dashboard/cart.js",
        "text/javascript; charset=utf-8",
        CART_JS,
    ),
    ("/dashboard/favicon.svg", "image/svg+xml", FAVICON_SVG),
    // Browsers ask for it on their own; a 404 there is a console error.
    ("/favicon.ico", "image/svg+xml", FAVICON_SVG),
];

/// Whether `path` is one of the dashboard's routes (no other handler may take it).
pub fn serves(path: &str) -> bool {
    ASSETS.iter().any(|a| a.0 == path)
}

/// The dashboard's routes; stateless, so they merge into a router of any state.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    ASSETS
        .iter()
        .fold(Router::new(), |router, &(path, content_type, body)| {
            router.route(path, get(move || async move { asset(content_type, body) }))
        })
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            ),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt as _;

    async fn get_path(path: &str) -> axum::response::Response {
        router::<()>()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    /// Every asset is served with its type and the CSP.
    #[tokio::test]
    async fn assets_are_served_with_type_and_policy() {
        for (path, content_type, body) in ASSETS {
            let resp = get_path(path).await;
            assert_eq!(resp.status(), StatusCode::OK, "{path}");
            assert_eq!(resp.headers()[header::CONTENT_TYPE], content_type, "{path}");
            assert_eq!(resp.headers()[header::CONTENT_SECURITY_POLICY], CSP);
            assert_eq!(resp.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
                .await
                .unwrap();
            assert_eq!(bytes, body.as_bytes());
        }
        assert_eq!(get_path("/dashboard/nope.js").await.status(), 404);
    }

    /// A paid route file cannot take the dashboard's paths with its own response (the router
    /// would refuse the overlap at start-up); a paywall in front of them stays possible.
    #[test]
    fn paid_routes_cannot_shadow_the_dashboard() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("routes.json");
        let write = |json: serde_json::Value| std::fs::write(&file, json.to_string()).unwrap();
        write(
            serde_json::json!({"routes": [{"path": "/", "price": "$0.01", "response": {"x": 1}}]}),
        );
        let err = crate::payments::load_routes(dir.path(), Some(&file)).unwrap_err();
        assert!(err.to_string().contains("served by the dashboard"), "{err}");
        write(serde_json::json!({"routes": [{"path": "/", "price": "$0.01"}]}));
        let routes = crate::payments::load_routes(dir.path(), Some(&file)).unwrap();
        assert!(routes.served.is_empty());
        assert!(serves("/favicon.ico") && serves("/dashboard/app.js") && !serves("/health"));
    }

    /// The page loads nothing from elsewhere: every `src`/`href` in it is an embedded asset, and
    /// it carries no inline script or style (which the CSP would block).
    #[test]
    fn page_references_only_embedded_assets() {
        let served: Vec<&str> = ASSETS.iter().map(|a| a.0).collect();
        let mut refs = 0;
        for attr in ["src=\"", "href=\""] {
            for (i, _) in INDEX_HTML.match_indices(attr) {
                let rest = &INDEX_HTML[i + attr.len()..];
                let url = &rest[..rest.find('"').unwrap()];
                if url.starts_with('#') {
                    continue;
                }
                assert!(served.contains(&url), "{url} is not an embedded asset");
                refs += 1;
            }
        }
        assert!(refs >= 3, "index.html links its script, style and icon");
        assert!(!INDEX_HTML.contains("<script>"), "inline script");
        assert!(!INDEX_HTML.contains("style=\""), "inline style");
        assert!(!INDEX_HTML.contains("<style"), "inline style");
        for asset in [APP_JS, CART_JS, APP_CSS, INDEX_HTML] {
            // The SVG namespace is a name, not a fetch.
            let asset = asset.replace("http://www.w3.org/2000/svg", "");
            assert!(!asset.contains("http://") && !asset.contains("https://"));
            assert!(!asset.contains("//cdn") && !asset.contains("@import"));
        }
    }
}
