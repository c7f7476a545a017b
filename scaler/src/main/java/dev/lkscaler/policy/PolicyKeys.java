package dev.lkscaler.policy;

import static dev.lkscaler.policy.Key.NONE;
import static dev.lkscaler.policy.Key.REQUIRED;
import static dev.lkscaler.policy.Key.byDefault;
import static dev.lkscaler.policy.ValueType.DURATION;
import static dev.lkscaler.policy.ValueType.INTEGER;
import static dev.lkscaler.policy.ValueType.NUMBER;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key of the policy file, with its type, default, bounds and meaning: the one table the
 * parser, the records' checks and the docs/policy.md test read. {@link #ALL} is in the order of the
 * docs, which is also the order errors list a mapping's keys in.
 */
public final class PolicyKeys {
  private PolicyKeys() {}

  /** The mapping that holds each signal's keys. */
  public static final String SIGNAL = "policies.<name>.signals[]";

  /** The mapping of a signal's lookahead. */
  public static final String LOOKAHEAD_MAPPING = SIGNAL + ".lookahead";

  /** The mapping of a utilization signal's demand. */
  public static final String DEMAND_MAPPING = SIGNAL + ".demand";

  /** The mapping of a headroom signal's starts. */
  public static final String STARTS_MAPPING = SIGNAL + ".starts";

  /** The mapping of a header value that is secret. */
  public static final String HEADER_VALUE = "prometheus.headers.<name>";

  public static final Key<Void> PROMETHEUS =
      Key.custom("prometheus", "mapping", REQUIRED, "", "Where and how to query: the keys below.");

  public static final Key<Void> PROMETHEUS_URL =
      Key.custom(
          "prometheus.url",
          "URL",
          REQUIRED,
          "http or https, no credentials, query or fragment",
          "Base URL of any server of the Prometheus HTTP API (Prometheus, Thanos Query, Mimir with"
              + " its path prefix). Queries go to `<url>/api/v1/query`.");

  public static final Key<Duration> PROMETHEUS_TIMEOUT =
      Key.of(
          "prometheus.timeout",
          DURATION,
          byDefault("2s"),
          Bound.greaterThan(Duration.ZERO)
              .lessThan(Duration.ofSeconds(3))
              .because("to stay below KEDA's deadline"),
          "Longest wait for one query. Sent to the server as `timeout` too. Must stay below the 3 s"
              + " that KEDA's HPA path allows a call.");

  public static final Key<Void> PROMETHEUS_HEADERS =
      Key.custom(
          "prometheus.headers",
          "map of header name to value",
          byDefault(Map.of()),
          "header names other than Connection, Content-Length, Expect, Host, Upgrade",
          "Extra request headers, e.g. `X-Scope-OrgID` for Mimir. A value is a string, or a mapping"
              + " with one of the three keys below, which makes it secret: never shown in errors or"
              + " logs.");

  public static final Key<Void> HEADER_SECRET =
      Key.custom(HEADER_VALUE + ".secret", "string", NONE, "one line", "An inline secret value.");

  public static final Key<Void> HEADER_FROM_ENV =
      Key.custom(
          HEADER_VALUE + ".fromEnv",
          "string",
          NONE,
          "an environment variable name",
          "Take the value from this variable (set it from a Kubernetes Secret).");

  public static final Key<Void> HEADER_FROM_FILE =
      Key.custom(
          HEADER_VALUE + ".fromFile",
          "string",
          NONE,
          "an absolute path",
          "Take the value from this file, read at each request so a rotated token is used at once"
              + " (mount a Secret there).");

  public static final Key<Void> HEADER_PREFIX =
      Key.custom(
          HEADER_VALUE + ".prefix",
          "string",
          byDefault(""),
          "only with fromEnv or fromFile",
          "Written before the value, e.g. `\"Bearer \"`.");

  public static final Key<Void> PROMETHEUS_BEARER_TOKEN_FILE =
      Key.custom(
          "prometheus.bearerTokenFile",
          "string",
          NONE,
          "an absolute path; not beside basicAuth or an Authorization header",
          "Send `Authorization: Bearer <the file's content>`, read at each request, so a rotated"
              + " token (a projected service account token) is used at once.");

  public static final Key<Void> PROMETHEUS_BASIC_AUTH =
      Key.custom(
          "prometheus.basicAuth",
          "mapping",
          NONE,
          "not beside bearerTokenFile or an Authorization header",
          "HTTP basic authentication (Grafana Mimir, Cortex, Thanos behind a proxy): the keys"
              + " below.");

  public static final Key<Void> BASIC_AUTH_USERNAME =
      Key.custom(
          "prometheus.basicAuth.username",
          "string",
          REQUIRED,
          "one line",
          "The user name (for Mimir and Cortex often the tenant id).");

  public static final Key<Void> BASIC_AUTH_PASSWORD_FILE =
      Key.custom(
          "prometheus.basicAuth.passwordFile",
          "string",
          REQUIRED,
          "an absolute path",
          "The file that holds the password, read at each request (mount a Secret there).");

  public static final Key<Void> PROMETHEUS_TLS =
      Key.custom(
          "prometheus.tls",
          "mapping",
          NONE,
          "only with an https url",
          "How to trust the server and what certificate to present: the keys below. Without it,"
              + " an https server must have a certificate the JDK trusts.");

  public static final Key<Void> TLS_CA_FILE =
      Key.custom(
          "prometheus.tls.caFile",
          "string",
          NONE,
          "an absolute path; not with insecureSkipVerify",
          "PEM CA certificates to trust instead of the JDK's. Read again when it changes.");

  public static final Key<Void> TLS_CERT_FILE =
      Key.custom(
          "prometheus.tls.certFile",
          "string",
          NONE,
          "an absolute path; with keyFile",
          "A PEM client certificate (chain) for mutual TLS. Read again when it changes: a new"
              + " pair takes over once both files load and belong together.");

  public static final Key<Void> TLS_KEY_FILE =
      Key.custom(
          "prometheus.tls.keyFile",
          "string",
          NONE,
          "an absolute path; with certFile",
          "Its PKCS#8 PEM private key (`BEGIN PRIVATE KEY`).");

  public static final Key<Boolean> TLS_INSECURE_SKIP_VERIFY =
      Key.of(
          "prometheus.tls.insecureSkipVerify",
          ValueType.BOOLEAN,
          byDefault(false),
          Bound.none(),
          "Trust any server certificate and host name. Anyone on the path can then read and"
              + " change queries and answers; logged as a warning once.");

  public static final Key<Void> CACHE =
      Key.custom(
          "cache",
          "mapping",
          byDefault(Map.of()),
          "",
          "How long query results and decisions are reused: the keys below.");

  public static final Key<Duration> CACHE_TTL =
      Key.of(
          "cache.ttl",
          DURATION,
          byDefault("5s"),
          Bound.greaterThan(Duration.ZERO),
          "A query result younger than this is reused, whatever ScaledObject asks. Also the"
              + " interval at which open StreamIsActive calls re-evaluate.");

  public static final Key<Duration> CACHE_LAST_KNOWN_GOOD_FOR =
      Key.of(
          "cache.lastKnownGoodFor",
          DURATION,
          byDefault("2m"),
          Bound.atLeast(Duration.ZERO),
          "How long the last good decision of a ScaledObject may stand in when data is missing."
              + " `0s` turns it off.");

  public static final Key<Void> POLICIES =
      Key.custom(
          "policies",
          "map of policy name to policy",
          REQUIRED,
          "at least one",
          "The policies, by name.");

  public static final Key<Void> POLICY =
      Key.custom(
          "policies.<name>",
          "mapping",
          NONE,
          "name: lower-case letters, digits and `-`, at most 63",
          "One policy. A ScaledObject selects it with the trigger metadata key `policy`.");

  public static final Key<Integer> MIN_REPLICAS =
      Key.of(
          "policies.<name>.minReplicas",
          INTEGER,
          byDefault(0),
          Bound.atLeast(0),
          "Lower bound of the decision. At 1 or more the ScaledObject is also always active, so"
              + " KEDA never scales it to 0 whatever its minReplicaCount; at 0 the activation query"
              + " decides, once the load needs no pod (see \"Active\").");

  public static final Key<Integer> MAX_REPLICAS =
      Key.of(
          "policies.<name>.maxReplicas",
          INTEGER,
          byDefault(1000),
          Bound.atLeast(1).andAtLeast(MIN_REPLICAS),
          "Upper bound of the decision.");

  public static final Key<Void> ACTIVATION =
      Key.custom(
          "policies.<name>.activation",
          "mapping",
          NONE,
          "",
          "Optional query that says whether work is coming: asked when the signals' load needs no"
              + " pod, it wakes a workload at 0 pods and lets an idle one go to 0.");

  public static final Key<Void> ACTIVATION_QUERY =
      Key.custom(
          "policies.<name>.activation.query",
          "PromQL template",
          REQUIRED,
          "",
          "Its value is the scalar, or the sum of the series (negatives count as 0, NaN/Inf"
              + " dropped).");

  public static final Key<Double> ACTIVATION_THRESHOLD =
      Key.of(
          "policies.<name>.activation.threshold",
          NUMBER,
          byDefault(0),
          Bound.none(),
          "Active when the value is strictly greater.");

  public static final Key<Void> SIGNALS =
      Key.custom(
          "policies.<name>.signals",
          "list",
          REQUIRED,
          "at least one",
          "The inputs; the decision is the largest of their desired counts.");

  public static final Key<Void> SIGNAL_NAME =
      Key.custom(
          SIGNAL + ".name",
          "string",
          REQUIRED,
          "letters, digits, `_`, `-`; unique in the policy",
          "Names the signal in reasons, errors and metrics.");

  public static final Key<String> SIGNAL_TYPE =
      Key.of(
          SIGNAL + ".type",
          ValueType.oneOf(
              List.of(Signal.Utilization.TYPE, Signal.Capacity.TYPE, Signal.Headroom.TYPE),
              type -> type),
          REQUIRED,
          Bound.none(),
          "How the samples become a count; see below.");

  public static final Key<Void> SIGNAL_QUERY =
      Key.custom(
          SIGNAL + ".query",
          "PromQL template",
          REQUIRED,
          "",
          "An instant query; see \"Query templates\".");

  public static final Key<OnEmpty> ON_EMPTY =
      Key.of(
          SIGNAL + ".onEmpty",
          ValueType.oneOf(List.of(OnEmpty.values()), OnEmpty::key),
          byDefault("hold"),
          Bound.none(),
          "What a result with no series means: `hold` is no data (last known good, else"
              + " UNAVAILABLE); `zero` is zero load.");

  public static final Key<Integer> MAX_SERIES =
      Key.of(
          SIGNAL + ".maxSeries",
          INTEGER,
          byDefault(10000),
          Bound.atLeast(1),
          "The most series any of the signal's queries may return. More is a broken query (a lost"
              + " label matcher) or server, never a fleet: no data, with the count in the cause.");

  public static final Key<Void> LOOKAHEAD =
      Key.custom(
          LOOKAHEAD_MAPPING,
          "mapping",
          NONE,
          "",
          "Optional: add the load's rise over the scaling lag, from its trend; see \"Lookahead\".");

  public static final Key<Duration> LOOKAHEAD_WINDOW =
      Key.of(
          LOOKAHEAD_MAPPING + ".window",
          DURATION,
          byDefault("2m"),
          Bound.greaterThan(Duration.ZERO),
          "The history the trend is fitted to: `deriv` over a subquery of this range.");

  public static final Key<Duration> LOOKAHEAD_HORIZON =
      Key.of(
          LOOKAHEAD_MAPPING + ".horizon",
          DURATION,
          REQUIRED,
          Bound.greaterThan(Duration.ZERO).atMost(Duration.ofMinutes(10)),
          "The scaling lag: from a change in the load to a ready pod (data, decision, HPA sync,"
              + " pod start-up). The load is projected this far ahead.");

  public static final Key<Duration> LOOKAHEAD_STEP =
      Key.of(
          LOOKAHEAD_MAPPING + ".step",
          DURATION,
          byDefault("15s"),
          Bound.greaterThan(Duration.ZERO).lessThan(LOOKAHEAD_WINDOW),
          "The subquery's resolution: your scrape interval or less.");

  // declared before scaleUpAt, whose bound names it
  public static final Key<Double> OUT_OF_SERVICE_AT =
      Key.of(
              SIGNAL + ".outOfServiceAt",
              NUMBER,
              byDefault(0.7),
              Bound.greaterThan(0.0),
              "a pod at or above this load takes no new work.")
          .onlyFor(Signal.Utilization.TYPE);

  /** LiveKit's agent workers report full at 0.7; scaling at 0.5 keeps room for new jobs. */
  public static final Key<Double> SCALE_UP_AT =
      Key.of(
              SIGNAL + ".scaleUpAt",
              NUMBER,
              byDefault(0.5),
              Bound.greaterThan(0.0).lessThan(OUT_OF_SERVICE_AT),
              "the load per pod to scale at.")
          .onlyFor(Signal.Utilization.TYPE);

  public static final Key<Integer> MIN_AVAILABLE =
      Key.of(
              SIGNAL + ".minAvailable",
              INTEGER,
              byDefault(1),
              Bound.atLeast(0),
              "pods wanted beside the out-of-service ones, while the ScaledObject is active.")
          .onlyFor(Signal.Utilization.TYPE);

  public static final Key<Void> DEMAND =
      Key.custom(
              DEMAND_MAPPING,
              "mapping",
              NONE,
              "",
              "count the work no pod took: the load is scaled by wanted / served; see"
                  + " \"Demand\".")
          .onlyFor(Signal.Utilization.TYPE);

  public static final Key<Void> DEMAND_WANTED =
      Key.custom(
          DEMAND_MAPPING + ".wanted",
          "PromQL template",
          REQUIRED,
          "",
          "The work that wants a pod, taken or not (rooms, dispatch requests): the scalar, or the"
              + " sum of the series.");

  public static final Key<Void> DEMAND_SERVED =
      Key.custom(
          DEMAND_MAPPING + ".served",
          "PromQL template",
          REQUIRED,
          "",
          "The same work, as far as the pods took it (their jobs), in the same units.");

  public static final Key<Double> DEMAND_PER_REPLICA =
      Key.of(
          DEMAND_MAPPING + ".perReplica",
          NUMBER,
          REQUIRED,
          Bound.greaterThan(0.0),
          "The wanted work one replica takes at scaleUpAt: sizes the fleet while none is served"
              + " (from zero).");

  public static final Key<Double> CAPACITY_PER_REPLICA =
      Key.of(
              SIGNAL + ".capacityPerReplica",
              NUMBER,
              REQUIRED,
              Bound.greaterThan(0.0),
              "the load one replica carries (calls, rooms, jobs).")
          .onlyFor(Signal.Capacity.TYPE);

  public static final Key<Double> TARGET_UTILIZATION =
      Key.of(
              SIGNAL + ".targetUtilization",
              NUMBER,
              byDefault(0.5),
              Bound.greaterThan(0.0).atMost(1.0),
              "the share of that capacity to fill.")
          .onlyFor(Signal.Capacity.TYPE);

  public static final Key<Integer> MIN_IDLE =
      Key.of(
              SIGNAL + ".minIdle",
              INTEGER,
              byDefault(1),
              Bound.atLeast(0),
              "idle pods to keep, while the ScaledObject is active.")
          .onlyFor(Signal.Headroom.TYPE);

  public static final Key<Void> STARTS =
      Key.custom(
              STARTS_MAPPING,
              "mapping",
              NONE,
              "not beside lookahead",
              "keep an idle pod for each piece of work that starts within the scaling lag; see"
                  + " \"Starts\".")
          .onlyFor(Signal.Headroom.TYPE);

  public static final Key<Void> STARTS_QUERY =
      Key.custom(
          STARTS_MAPPING + ".query",
          "PromQL template",
          REQUIRED,
          "",
          "New work per second, taken or refused (recordings started): the scalar, or the sum of"
              + " the series. No series is no work started yet.");

  public static final Key<Duration> STARTS_HORIZON =
      Key.of(
          STARTS_MAPPING + ".horizon",
          DURATION,
          REQUIRED,
          Bound.greaterThan(Duration.ZERO).atMost(Duration.ofMinutes(10)),
          "The scaling lag (as lookahead's horizon): the work that starts this long from now has"
              + " no pod yet unless one is idle.");

  /** Every key, in the order of docs/policy.md. */
  public static final List<Key<?>> ALL =
      List.of(
          PROMETHEUS,
          PROMETHEUS_URL,
          PROMETHEUS_TIMEOUT,
          PROMETHEUS_HEADERS,
          HEADER_SECRET,
          HEADER_FROM_ENV,
          HEADER_FROM_FILE,
          HEADER_PREFIX,
          PROMETHEUS_BEARER_TOKEN_FILE,
          PROMETHEUS_BASIC_AUTH,
          BASIC_AUTH_USERNAME,
          BASIC_AUTH_PASSWORD_FILE,
          PROMETHEUS_TLS,
          TLS_CA_FILE,
          TLS_CERT_FILE,
          TLS_KEY_FILE,
          TLS_INSECURE_SKIP_VERIFY,
          CACHE,
          CACHE_TTL,
          CACHE_LAST_KNOWN_GOOD_FOR,
          POLICIES,
          POLICY,
          MIN_REPLICAS,
          MAX_REPLICAS,
          ACTIVATION,
          ACTIVATION_QUERY,
          ACTIVATION_THRESHOLD,
          SIGNALS,
          SIGNAL_NAME,
          SIGNAL_TYPE,
          SIGNAL_QUERY,
          ON_EMPTY,
          MAX_SERIES,
          LOOKAHEAD,
          LOOKAHEAD_WINDOW,
          LOOKAHEAD_HORIZON,
          LOOKAHEAD_STEP,
          SCALE_UP_AT,
          OUT_OF_SERVICE_AT,
          MIN_AVAILABLE,
          DEMAND,
          DEMAND_WANTED,
          DEMAND_SERVED,
          DEMAND_PER_REPLICA,
          CAPACITY_PER_REPLICA,
          TARGET_UTILIZATION,
          MIN_IDLE,
          STARTS,
          STARTS_QUERY,
          STARTS_HORIZON);

  /**
   * The names of the keys a mapping takes, in table order; for a signal of a known type, only the
   * keys of that type.
   */
  public static List<String> keysOf(String mapping, Optional<String> signalType) {
    return ALL.stream()
        .filter(key -> key.parent().equals(mapping))
        .filter(
            key ->
                signalType.isEmpty()
                    || key.signalType().isEmpty()
                    || key.signalType().equals(signalType))
        .map(Key::name)
        .toList();
  }
}
