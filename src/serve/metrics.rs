//! `GET /metrics`: Prometheus text exposition (prometheus-client): HTTP requests by endpoint
//! and status, latency by endpoint, answers by outcome, errors by code, decision-log lines
//! written and reloads, decision-log lines dropped and not written, and the rules revision
//! as a labelled gauge.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::Mutex;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    endpoint: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EndpointLabels {
    endpoint: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabels {
    code: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RevisionLabels {
    revision: String,
    back_end: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabels {
    result: &'static str,
}

/// The server's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<EndpointLabels, Histogram>,
    answers: Family<OutcomeLabels, Counter>,
    errors: Family<CodeLabels, Counter>,
    revision: Family<RevisionLabels, Gauge>,
    reloads: Family<ResultLabels, Counter>,
    log: super::log::Counters,
    /// The labels of the revision gauge set to 1 now.
    serving: Mutex<Option<RevisionLabels>>,
}

impl Metrics {
    /// Registers every metric under the `carules_` prefix.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("carules");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered, by endpoint and status", requests.clone());
        let latency = Family::<EndpointLabels, Histogram>::new_with_constructor(|| Histogram::new(exponential_buckets(0.000_05, 2.0, 16)));
        registry.register("http_request_duration_seconds", "Time from request head to answer, by endpoint", latency.clone());
        let answers = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "answers",
            "Decisions answered, by outcome: allowed, denied, undetermined (service and acceptance), evaluated, documents",
            answers.clone(),
        );
        let errors = Family::<CodeLabels, Counter>::default();
        registry.register("errors", "Error objects answered, by code", errors.clone());
        let revision = Family::<RevisionLabels, Gauge>::default();
        registry.register("rules_revision", "The rule set answering now (1) by revision and back end", revision.clone());
        let reloads = Family::<ResultLabels, Counter>::default();
        registry.register("rules_reloads", "Reloads of --rules DIR, by result: swapped, refused", reloads.clone());
        let log = super::log::Counters::default();
        registry.register(
            "decision_log_dropped",
            "Decision-log lines dropped because the queue was full (the log's reader or disk too slow); answers never wait for the log",
            log.dropped.clone(),
        );
        registry.register("decision_log_write_errors", "Decision-log lines that could not be written (disk full, a closed pipe)", log.write_errors.clone());
        Metrics { registry, requests, latency, answers, errors, revision, reloads, log, serving: Mutex::new(None) }
    }

    /// One HTTP request answered.
    pub fn request(&self, endpoint: &'static str, status: u16, seconds: f64) {
        self.requests.get_or_create(&RequestLabels { endpoint, status }).inc();
        self.latency.get_or_create(&EndpointLabels { endpoint }).observe(seconds);
    }

    /// One decision answered, by outcome.
    pub fn answer(&self, outcome: &'static str) {
        self.answers.get_or_create(&OutcomeLabels { outcome }).inc();
    }

    /// One error object answered.
    pub fn error(&self, code: &'static str) {
        self.errors.get_or_create(&CodeLabels { code }).inc();
    }

    /// The decision log's counters (shared with its writer).
    pub fn log_counters(&self) -> super::log::Counters {
        self.log.clone()
    }

    /// A reload swapped a rule set in, or was refused.
    pub fn reload(&self, result: &'static str) {
        self.reloads.get_or_create(&ResultLabels { result }).inc();
    }

    /// The rule set answering now: its gauge is 1, the previous one's is removed.
    pub fn serving(&self, revision: &str, back_end: &'static str) {
        let labels = RevisionLabels { revision: revision.to_string(), back_end };
        if let Ok(mut serving) = self.serving.lock() {
            if let Some(old) = serving.take() {
                self.revision.remove(&old);
            }
            *serving = Some(labels.clone());
        }
        self.revision.get_or_create(&labels).set(1);
    }

    /// The text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}
