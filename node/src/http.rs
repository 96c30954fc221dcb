//! The gateway's HTTP server: hyper under limits that hold against hostile clients.
//!
//! Any HTTP client can open sockets and hold them, send headers one byte at a time, stop
//! reading a response, or send requests as fast as it can. The server therefore:
//! - caps open connections in total ([`HttpLimits::max_connections`]) and per client IP
//!   ([`HttpLimits::max_connections_per_ip`]); a connection past a cap is closed at once, so the
//!   kernel's accept queue never fills and other clients keep being served;
//! - gives a request's headers [`HttpLimits::header_read_timeout`] to arrive (slowloris), and
//!   closes a connection on which nothing moved in either direction for
//!   [`HttpLimits::idle_timeout`] (idle sockets, clients that stop reading);
//! - caps requests in flight ([`HttpLimits::max_in_flight`]) and sheds the excess with 503,
//!   except the cheap observability routes (`/health`, `/swarm/status`, `/metrics`);
//! - rate-limits requests per client IP with a token bucket ([`HttpLimits::rate_per_ip`],
//!   burst twice that), answering 429 with `Retry-After`; `/health` is exempt.
//!
//! Server-Sent Events streams are long-lived requests: they count against the connection caps
//! (they hold a socket) but not against the in-flight cap.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

/// Limits of the HTTP server. The defaults suit a node on a public address.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    /// Open connections in total (default 2,048).
    pub max_connections: usize,
    /// Open connections per client IP (default 256).
    pub max_connections_per_ip: usize,
    /// Time for a request's headers to arrive (default 10 s).
    pub header_read_timeout: Duration,
    /// A connection with no byte read or written for this long is closed (default 60 s).
    pub idle_timeout: Duration,
    /// Requests in flight, observability routes and event streams excepted (default 256).
    pub max_in_flight: usize,
    /// Sustained requests per second per client IP; bursts of twice as many (default 200).
    pub rate_per_ip: f64,
    /// Client IPs tracked by the rate limiter; the least recently seen is forgotten first.
    pub max_tracked_ips: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            max_connections: 2048,
            max_connections_per_ip: 256,
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_in_flight: 256,
            rate_per_ip: 200.0,
            max_tracked_ips: 4096,
        }
    }
}

/// Routes that stay served when the node sheds load.
fn is_observability(path: &str) -> bool {
    matches!(path, "/health" | "/swarm/status" | "/metrics")
}

/// Whether a request opens a long-lived event stream.
fn is_stream(path: &str) -> bool {
    path.ends_with("/events")
}

/// Serves `app` on `listener` under `limits` until `shutdown` is cancelled, then lets open
/// requests finish (connections are asked to close after their current response).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: HttpLimits,
    shutdown: CancellationToken,
) -> io::Result<()> {
    let shared = Arc::new(Shared {
        in_flight: Arc::new(Semaphore::new(limits.max_in_flight)),
        buckets: Mutex::new(HashMap::new()),
        limits: limits.clone(),
    });
    let app = app.layer(middleware::from_fn_with_state(shared.clone(), guard));
    let total = Arc::new(Semaphore::new(limits.max_connections));
    let per_ip: Arc<Mutex<HashMap<IpAddr, usize>>> = Arc::default();
    let mut connections = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.cancelled() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of file descriptors or a transient error: back off, never exit.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(total_permit) = total.clone().try_acquire_owned() else {
            tracing::debug!(%peer, "connection refused: server at its connection limit");
            continue;
        };
        let Some(ip_slot) = IpSlot::take(&per_ip, peer.ip(), limits.max_connections_per_ip) else {
            tracing::debug!(%peer, "connection refused: client at its connection limit");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = app.clone().map_request(move |mut req: Request<_>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        let io = TokioIo::new(IdleTimeout::new(stream, limits.idle_timeout));
        let stop = shutdown.clone();
        let header_timeout = limits.header_read_timeout;
        connections.spawn(async move {
            let _permits = (total_permit, ip_slot);
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .keep_alive(true);
            let conn = builder
                .serve_connection(io, TowerToHyperService::new(service))
                .with_upgrades();
            tokio::pin!(conn);
            tokio::select! {
                result = conn.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!(%peer, error = %e, "connection ended");
                    }
                    return;
                }
                _ = stop.cancelled() => conn.as_mut().graceful_shutdown(),
            }
            let _ = conn.await;
        });
    }
    // Open requests get a moment to finish; event streams are cut.
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(Duration::from_secs(2), drain)
        .await
        .is_err()
    {
        connections.abort_all();
    }
    Ok(())
}

struct Shared {
    in_flight: Arc<Semaphore>,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
    limits: HttpLimits,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Shared {
    /// Takes one token of `ip`'s bucket; on refusal, the seconds until one is available.
    fn take_token(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let rate = self.limits.rate_per_ip.max(0.001);
        let burst = rate * 2.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if !buckets.contains_key(&ip) && buckets.len() >= self.limits.max_tracked_ips {
            // A full bucket is the same as a forgotten one: drop those first, then the oldest.
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < burst);
            if buckets.len() >= self.limits.max_tracked_ips
                && let Some(oldest) = buckets.iter().min_by_key(|(_, b)| b.at).map(|(ip, _)| *ip)
            {
                buckets.remove(&oldest);
            }
        }
        let b = buckets.entry(ip).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * rate).min(burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

/// Per-request limits: the client's rate and the in-flight cap.
async fn guard(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    if path != "/health"
        && let Some(ip) = ip
        && let Err(retry) = shared.take_token(ip, Instant::now())
    {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many requests from this address",
            retry,
        );
    }
    if is_observability(&path) || is_stream(&path) {
        return next.run(req).await;
    }
    let Ok(permit) = shared.in_flight.clone().try_acquire_owned() else {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "the node is at its limit of requests in flight",
            1,
        );
    };
    let response = next.run(req).await;
    hold_until_body_done(response, permit)
}

/// Keeps the in-flight permit until the response body is fully sent (or dropped).
fn hold_until_body_done(response: Response, permit: OwnedSemaphorePermit) -> Response {
    let (parts, body) = response.into_parts();
    let stream = futures::StreamExt::map(body.into_data_stream(), move |chunk| {
        let _ = &permit;
        chunk
    });
    Response::from_parts(parts, axum::body::Body::from_stream(stream))
}

fn refuse(status: StatusCode, error: &str, message: &str, retry_after: u64) -> Response {
    (
        status,
        [(header::RETRY_AFTER, retry_after.to_string())],
        axum::Json(serde_json::json!({ "error": error, "message": message })),
    )
        .into_response()
}

/// A connection slot of one client IP, released on drop.
struct IpSlot {
    map: Arc<Mutex<HashMap<IpAddr, usize>>>,
    ip: IpAddr,
}

impl IpSlot {
    fn take(map: &Arc<Mutex<HashMap<IpAddr, usize>>>, ip: IpAddr, max: usize) -> Option<Self> {
        let mut m = map.lock().unwrap_or_else(|e| e.into_inner());
        let n = m.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(IpSlot {
            map: map.clone(),
            ip,
        })
    }
}

impl Drop for IpSlot {
    fn drop(&mut self) {
        let mut m = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = m.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                m.remove(&self.ip);
            }
        }
    }
}

/// A TCP stream that fails with `TimedOut` once nothing was read or written for `timeout`.
struct IdleTimeout {
    inner: TcpStream,
    timeout: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl IdleTimeout {
    fn new(inner: TcpStream, timeout: Duration) -> Self {
        IdleTimeout {
            inner,
            timeout,
            deadline: Box::pin(tokio::time::sleep(timeout)),
        }
    }

    fn progressed(&mut self) {
        self.deadline
            .as_mut()
            .reset(tokio::time::Instant::now() + self.timeout);
    }

    fn check(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "connection idle for too long",
            )),
            Poll::Pending => Ok(()),
        }
    }
}

impl AsyncRead for IdleTimeout {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    self.progressed();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => match self.check(cx) {
                Ok(()) => Poll::Pending,
                Err(e) => Poll::Ready(Err(e)),
            },
        }
    }
}

impl AsyncWrite for IdleTimeout {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, buf) {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    self.progressed();
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => match self.check(cx) {
                Ok(()) => Poll::Pending,
                Err(e) => Poll::Ready(Err(e)),
            },
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) {
            Poll::Pending => match self.check(cx) {
                Ok(()) => Poll::Pending,
                Err(e) => Poll::Ready(Err(e)),
            },
            ready => ready,
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
