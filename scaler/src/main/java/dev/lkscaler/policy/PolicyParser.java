package dev.lkscaler.policy;

import static dev.lkscaler.policy.PolicyKeys.ACTIVATION;
import static dev.lkscaler.policy.PolicyKeys.ACTIVATION_QUERY;
import static dev.lkscaler.policy.PolicyKeys.ACTIVATION_THRESHOLD;
import static dev.lkscaler.policy.PolicyKeys.BASIC_AUTH_PASSWORD_FILE;
import static dev.lkscaler.policy.PolicyKeys.BASIC_AUTH_USERNAME;
import static dev.lkscaler.policy.PolicyKeys.CACHE;
import static dev.lkscaler.policy.PolicyKeys.CACHE_LAST_KNOWN_GOOD_FOR;
import static dev.lkscaler.policy.PolicyKeys.CACHE_TTL;
import static dev.lkscaler.policy.PolicyKeys.CAPACITY_PER_REPLICA;
import static dev.lkscaler.policy.PolicyKeys.DEMAND;
import static dev.lkscaler.policy.PolicyKeys.DEMAND_PER_REPLICA;
import static dev.lkscaler.policy.PolicyKeys.DEMAND_SERVED;
import static dev.lkscaler.policy.PolicyKeys.DEMAND_WANTED;
import static dev.lkscaler.policy.PolicyKeys.HEADER_FROM_ENV;
import static dev.lkscaler.policy.PolicyKeys.HEADER_FROM_FILE;
import static dev.lkscaler.policy.PolicyKeys.HEADER_PREFIX;
import static dev.lkscaler.policy.PolicyKeys.HEADER_SECRET;
import static dev.lkscaler.policy.PolicyKeys.LOOKAHEAD;
import static dev.lkscaler.policy.PolicyKeys.LOOKAHEAD_HORIZON;
import static dev.lkscaler.policy.PolicyKeys.LOOKAHEAD_STEP;
import static dev.lkscaler.policy.PolicyKeys.LOOKAHEAD_WINDOW;
import static dev.lkscaler.policy.PolicyKeys.MAX_REPLICAS;
import static dev.lkscaler.policy.PolicyKeys.MAX_SERIES;
import static dev.lkscaler.policy.PolicyKeys.MIN_AVAILABLE;
import static dev.lkscaler.policy.PolicyKeys.MIN_IDLE;
import static dev.lkscaler.policy.PolicyKeys.MIN_REPLICAS;
import static dev.lkscaler.policy.PolicyKeys.ON_EMPTY;
import static dev.lkscaler.policy.PolicyKeys.OUT_OF_SERVICE_AT;
import static dev.lkscaler.policy.PolicyKeys.POLICIES;
import static dev.lkscaler.policy.PolicyKeys.POLICY;
import static dev.lkscaler.policy.PolicyKeys.PROMETHEUS;
import static dev.lkscaler.policy.PolicyKeys.PROMETHEUS_BASIC_AUTH;
import static dev.lkscaler.policy.PolicyKeys.PROMETHEUS_BEARER_TOKEN_FILE;
import static dev.lkscaler.policy.PolicyKeys.PROMETHEUS_HEADERS;
import static dev.lkscaler.policy.PolicyKeys.PROMETHEUS_TIMEOUT;
import static dev.lkscaler.policy.PolicyKeys.PROMETHEUS_TLS;
import static dev.lkscaler.policy.PolicyKeys.PROMETHEUS_URL;
import static dev.lkscaler.policy.PolicyKeys.SCALE_UP_AT;
import static dev.lkscaler.policy.PolicyKeys.SIGNALS;
import static dev.lkscaler.policy.PolicyKeys.SIGNAL_NAME;
import static dev.lkscaler.policy.PolicyKeys.SIGNAL_QUERY;
import static dev.lkscaler.policy.PolicyKeys.SIGNAL_TYPE;
import static dev.lkscaler.policy.PolicyKeys.STARTS;
import static dev.lkscaler.policy.PolicyKeys.STARTS_HORIZON;
import static dev.lkscaler.policy.PolicyKeys.STARTS_QUERY;
import static dev.lkscaler.policy.PolicyKeys.TARGET_UTILIZATION;
import static dev.lkscaler.policy.PolicyKeys.TLS_CA_FILE;
import static dev.lkscaler.policy.PolicyKeys.TLS_CERT_FILE;
import static dev.lkscaler.policy.PolicyKeys.TLS_INSECURE_SKIP_VERIFY;
import static dev.lkscaler.policy.PolicyKeys.TLS_KEY_FILE;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a policy file into a {@link PolicySet}, or fails with every error found, each naming its
 * path, what was expected and what was found. Keys, defaults and bounds come from {@link
 * PolicyKeys}. Every read returns empty only after reporting why, so a mapping without problems has
 * all its values. Pure: no I/O, no logging.
 */
public final class PolicyParser {
  private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern SIGNAL_NAME_PATTERN =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // java.net.http refuses to let callers set these.
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private PolicyParser() {}

  /** Parses the whole file text. */
  public static PolicySet parse(String yaml) throws PolicyException {
    DocumentReader reader = new DocumentReader();
    Optional<PolicySet> set = reader.load(yaml, "policy").flatMap(PolicyParser::policySet);
    if (reader.hasProblems()) {
      throw new PolicyException(reader.problems());
    }
    return set.orElseThrow();
  }

  private static Optional<PolicySet> policySet(Node root) {
    return Section.of(root, "", "a mapping with prometheus and policies")
        .flatMap(
            top -> {
              Optional<PrometheusSettings> prometheus = prometheus(top.value(PROMETHEUS));
              Optional<CacheSettings> cache = cache(top.value(CACHE));
              SortedMap<String, Policy> policies = policies(top.value(POLICIES));
              return top.ifClean(
                  () -> new PolicySet(prometheus.orElseThrow(), cache.orElseThrow(), policies));
            });
  }

  private static Optional<PrometheusSettings> prometheus(Node node) {
    return Section.of(node, PROMETHEUS.path(), "a mapping with url")
        .flatMap(
            section -> {
              Optional<URI> url = url(section.value(PROMETHEUS_URL));
              Optional<Duration> timeout = section.read(PROMETHEUS_TIMEOUT);
              Optional<Map<String, HeaderValue>> headers =
                  headers(section.value(PROMETHEUS_HEADERS));
              Optional<HeaderValue> authorization = authorization(section, headers);
              Node tlsNode = section.value(PROMETHEUS_TLS);
              Optional<ClientTls> tls = optional(tlsNode, PolicyParser::clientTls);
              if (!tlsNode.isMissing()
                  && url.isPresent()
                  && !"https".equalsIgnoreCase(url.get().getScheme())) {
                tlsNode.invalid("an https url beside it", "an http url");
              }
              return section.ifClean(
                  () -> {
                    Map<String, HeaderValue> all = new LinkedHashMap<>(headers.orElseThrow());
                    authorization.ifPresent(a -> all.put(AUTHORIZATION, a));
                    return new PrometheusSettings(
                        url.orElseThrow(), timeout.orElseThrow(), all, tls);
                  });
            });
  }

  private static final String AUTHORIZATION = "Authorization";

  /**
   * bearerTokenFile or basicAuth, as the Authorization header they send; at most one, and not
   * beside an Authorization header of the headers.
   */
  private static Optional<HeaderValue> authorization(
      Section section, Optional<Map<String, HeaderValue>> headers) {
    Node bearer = section.value(PROMETHEUS_BEARER_TOKEN_FILE);
    Node basic = section.value(PROMETHEUS_BASIC_AUTH);
    Optional<HeaderValue> value = Optional.empty();
    if (!bearer.isMissing()) {
      value = absolutePath(bearer).map(file -> new HeaderValue.FromFile(file, "Bearer "));
    }
    if (!basic.isMissing()) {
      if (!bearer.isMissing()) {
        return basic.invalid("no basicAuth beside bearerTokenFile", "both");
      }
      value = basicAuth(basic);
    }
    boolean headerToo =
        headers.orElse(Map.of()).keySet().stream().anyMatch(AUTHORIZATION::equalsIgnoreCase);
    if (headerToo && (!bearer.isMissing() || !basic.isMissing())) {
      Node written = bearer.isMissing() ? basic : bearer;
      return written.invalid(
          "no Authorization header beside it in " + PROMETHEUS_HEADERS.path(),
          "an Authorization header too");
    }
    return value;
  }

  private static Optional<HeaderValue> basicAuth(Node node) {
    return Section.of(
            node, PROMETHEUS_BASIC_AUTH.path(), "a mapping with username and passwordFile")
        .flatMap(
            section -> {
              Node userNode = section.value(BASIC_AUTH_USERNAME);
              Optional<String> username =
                  userNode.value() instanceof String user
                          && !user.isEmpty()
                          && user.indexOf(':') < 0
                          && user.indexOf('\r') < 0
                          && user.indexOf('\n') < 0
                      ? Optional.of(user)
                      : userNode.invalid("a user name on one line, without ':'");
              Optional<String> passwordFile = absolutePath(section.value(BASIC_AUTH_PASSWORD_FILE));
              return section.ifClean(
                  () ->
                      new HeaderValue.BasicAuth(
                          username.orElseThrow(), passwordFile.orElseThrow()));
            });
  }

  private static Optional<ClientTls> clientTls(Node node) {
    return Section.of(
            node,
            PROMETHEUS_TLS.path(),
            "a mapping with caFile, certFile and keyFile, or insecureSkipVerify")
        .flatMap(
            section -> {
              Node ca = section.value(TLS_CA_FILE);
              Node cert = section.value(TLS_CERT_FILE);
              Node key = section.value(TLS_KEY_FILE);
              Optional<String> caFile = optional(ca, PolicyParser::absolutePath);
              Optional<String> certFile = optional(cert, PolicyParser::absolutePath);
              Optional<String> keyFile = optional(key, PolicyParser::absolutePath);
              Optional<Boolean> insecure = section.read(TLS_INSECURE_SKIP_VERIFY);
              if (cert.isMissing() != key.isMissing()) {
                (cert.isMissing() ? cert : key)
                    .invalid(
                        "an absolute path beside " + (cert.isMissing() ? "keyFile" : "certFile"));
              }
              if (insecure.orElse(false) && !ca.isMissing()) {
                ca.invalid("no caFile with insecureSkipVerify (it would not be read)", "a caFile");
              }
              return section.ifClean(
                  () -> new ClientTls(caFile, certFile, keyFile, insecure.orElseThrow()));
            });
  }

  private static Optional<String> absolutePath(Node node) {
    if (!(node.value() instanceof String file) || !file.startsWith("/")) {
      return node.invalid("an absolute path to a mounted file");
    }
    return Optional.of(file);
  }

  private static Optional<URI> url(Node node) {
    String expected =
        "an http or https URL without credentials, query or fragment, such as http://prometheus:9090";
    if (!(node.value() instanceof String text)) {
      return node.invalid(expected);
    }
    try {
      URI uri = new URI(text);
      if (uri.getRawUserInfo() != null) {
        // never echo it: it holds a password
        return node.invalid(
            expected + " (put credentials in " + PROMETHEUS_HEADERS.path() + ")",
            "a URL with credentials");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    return node.invalid(expected);
  }

  private static Optional<Map<String, HeaderValue>> headers(Node node) {
    DocumentReader.Mark mark = node.mark();
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    node.mapping("a mapping of header names to values")
        .ifPresent(
            map -> {
              for (String name : map.keys()) {
                Node value = map.get(name);
                if (!HEADER_NAME.matcher(name).matches()
                    || RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                  value.invalid(
                      "an HTTP header name other than Connection, Content-Length, Expect, Host,"
                          + " Upgrade",
                      Problem.describe(name));
                } else {
                  headerValue(value).ifPresent(header -> headers.put(name, header));
                }
              }
            });
    return mark.ifClean(() -> headers);
  }

  /**
   * A scalar, or a mapping with one of secret, fromEnv, fromFile. Secret values are never echoed.
   */
  private static Optional<HeaderValue> headerValue(Node node) {
    Object value = node.value();
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      String text = String.valueOf(value);
      if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
        return node.invalid("a header value on one line", "a line break");
      }
      return Optional.of(new HeaderValue.Plain(text));
    }
    if (!(value instanceof Map<?, ?>)) {
      return node.invalid("a header value, or a mapping with secret, fromEnv or fromFile");
    }
    return Section.of(node, PolicyKeys.HEADER_VALUE, "a mapping with secret, fromEnv or fromFile")
        .flatMap(section -> secretHeader(node, section));
  }

  private static Optional<HeaderValue> secretHeader(Node node, Section section) {
    List<Key<Void>> sources =
        Stream.of(HEADER_SECRET, HEADER_FROM_ENV, HEADER_FROM_FILE).filter(section::has).toList();
    if (sources.size() != 1) {
      return node.invalid(
          "exactly one of secret, fromEnv, fromFile",
          sources.isEmpty()
              ? "none"
              : sources.stream().map(Key::name).collect(Collectors.joining(", ")));
    }
    Key<Void> source = sources.get(0);
    Node value = section.written(source);
    Node prefix = section.value(HEADER_PREFIX);
    if (source == HEADER_SECRET && !section.written(HEADER_PREFIX).isMissing()) {
      return prefix.invalid(
          "no prefix beside an inline secret (write it into the secret)", "a prefix");
    }
    if (!(prefix.value() instanceof String prefixText)) {
      return prefix.invalid("a string such as \"Bearer \"");
    }
    if (source == HEADER_SECRET) {
      if (!(value.value() instanceof String text) || text.isEmpty()) {
        // the value itself is never shown
        return value.invalid(
            "a non-empty string",
            value.value() instanceof String ? "an empty string" : Problem.kind(value.value()));
      }
      if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
        return value.invalid("a value on one line", "a line break");
      }
      return Optional.of(new HeaderValue.Secret(text));
    }
    if (source == HEADER_FROM_ENV) {
      if (!(value.value() instanceof String variable) || !ENV_NAME.matcher(variable).matches()) {
        return value.invalid("an environment variable name");
      }
      return Optional.of(new HeaderValue.FromEnv(variable, prefixText));
    }
    return absolutePath(value).map(file -> new HeaderValue.FromFile(file, prefixText));
  }

  private static Optional<CacheSettings> cache(Node node) {
    return Section.of(node, CACHE.path(), "a mapping with ttl and lastKnownGoodFor")
        .flatMap(
            section -> {
              Optional<Duration> ttl = section.read(CACHE_TTL);
              Optional<Duration> lastKnownGoodFor = section.read(CACHE_LAST_KNOWN_GOOD_FOR);
              return section.ifClean(
                  () -> new CacheSettings(ttl.orElseThrow(), lastKnownGoodFor.orElseThrow()));
            });
  }

  private static SortedMap<String, Policy> policies(Node node) {
    SortedMap<String, Policy> policies = new TreeMap<>();
    Optional<Mapping> map = node.mapping("a mapping of policy names to policies");
    if (map.isPresent() && map.get().isEmpty()) {
      node.invalid("at least one policy", "none");
    }
    for (String name : map.map(Mapping::keys).orElse(List.of())) {
      Node policy = map.get().get(name);
      if (!POLICY_NAME.matcher(name).matches()) {
        policy.invalid(
            "a policy name of lower-case letters, digits and '-', at most 63 long",
            Problem.describe(name));
      } else {
        policy(policy, name).ifPresent(p -> policies.put(name, p));
      }
    }
    return policies;
  }

  private static Optional<Policy> policy(Node node, String name) {
    return Section.of(node, POLICY.path(), "a mapping with signals")
        .flatMap(
            section -> {
              Optional<Integer> minReplicas = section.read(MIN_REPLICAS);
              Optional<Integer> maxReplicas = section.read(MAX_REPLICAS);
              Optional<Activation> activation =
                  optional(section.value(ACTIVATION), PolicyParser::activation);
              Optional<List<Signal>> signals = signals(section.value(SIGNALS));
              return section.ifClean(
                  () ->
                      new Policy(
                          name,
                          minReplicas.orElseThrow(),
                          maxReplicas.orElseThrow(),
                          activation,
                          signals.orElseThrow()));
            });
  }

  private static Optional<Activation> activation(Node node) {
    return Section.of(node, ACTIVATION.path(), "a mapping with query and threshold")
        .flatMap(
            section -> {
              Optional<QueryTemplate> query = query(section.value(ACTIVATION_QUERY));
              Optional<Double> threshold = section.read(ACTIVATION_THRESHOLD);
              return section.ifClean(
                  () -> new Activation(query.orElseThrow(), threshold.orElseThrow()));
            });
  }

  private static Optional<List<Signal>> signals(Node node) {
    DocumentReader.Mark mark = node.mark();
    Optional<List<Node>> items = node.list("a list of signals");
    if (items.isPresent() && items.get().isEmpty()) {
      node.invalid("at least one signal", "none");
    }
    List<Signal> signals = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node item : items.orElse(List.of())) {
      signal(item, names).ifPresent(signals::add);
    }
    return mark.ifClean(() -> signals);
  }

  /** A signal of one type, once its common keys are known to be good. */
  private interface SignalMaker {
    Signal make(
        String name,
        QueryTemplate query,
        OnEmpty onEmpty,
        Optional<Lookahead> lookahead,
        int maxSeries);
  }

  private static Optional<Signal> signal(Node node, Set<String> namesSoFar) {
    // the type decides which keys the mapping may hold; a wrong type is reported below
    Optional<String> knownType =
        node.value() instanceof Map<?, ?> raw
            ? SIGNAL_TYPE.parse(raw.get(SIGNAL_TYPE.name()))
            : Optional.empty();
    return Section.of(node, PolicyKeys.SIGNAL, "a mapping with name, type and query", knownType)
        .flatMap(
            section -> {
              Optional<String> name = signalName(section.value(SIGNAL_NAME), namesSoFar);
              Optional<String> type = section.read(SIGNAL_TYPE);
              Optional<QueryTemplate> query = query(section.value(SIGNAL_QUERY));
              Optional<OnEmpty> onEmpty = section.read(ON_EMPTY);
              Optional<Integer> maxSeries = section.read(MAX_SERIES);
              // an error inside is reported, and leaves the section unclean
              Optional<Lookahead> lookahead =
                  optional(section.value(LOOKAHEAD), PolicyParser::lookahead);
              Optional<SignalMaker> maker =
                  type.map(
                      t ->
                          switch (t) {
                            case Signal.Utilization.TYPE -> utilization(section);
                            case Signal.Capacity.TYPE -> capacity(section);
                            default -> headroom(section);
                          });
              return section.ifClean(
                  () ->
                      maker
                          .orElseThrow()
                          .make(
                              name.orElseThrow(),
                              query.orElseThrow(),
                              onEmpty.orElseThrow(),
                              lookahead,
                              maxSeries.orElseThrow()));
            });
  }

  /** Empty when nothing is written; otherwise what {@code read} makes of it, reporting errors. */
  private static <T> Optional<T> optional(Node node, Function<Node, Optional<T>> read) {
    return node.isMissing() ? Optional.empty() : read.apply(node);
  }

  private static Optional<Lookahead> lookahead(Node node) {
    return Section.of(node, LOOKAHEAD.path(), "a mapping with horizon and window")
        .flatMap(
            section -> {
              Optional<Duration> window = section.read(LOOKAHEAD_WINDOW);
              Optional<Duration> horizon = section.read(LOOKAHEAD_HORIZON);
              Optional<Duration> step = section.read(LOOKAHEAD_STEP);
              return section.ifClean(
                  () ->
                      new Lookahead(
                          window.orElseThrow(), horizon.orElseThrow(), step.orElseThrow()));
            });
  }

  private static Optional<Demand> demand(Node node) {
    return Section.of(node, DEMAND.path(), "a mapping with wanted, served and perReplica")
        .flatMap(
            section -> {
              Optional<QueryTemplate> wanted = query(section.value(DEMAND_WANTED));
              Optional<QueryTemplate> served = query(section.value(DEMAND_SERVED));
              Optional<Double> perReplica = section.read(DEMAND_PER_REPLICA);
              return section.ifClean(
                  () ->
                      new Demand(
                          wanted.orElseThrow(), served.orElseThrow(), perReplica.orElseThrow()));
            });
  }

  private static SignalMaker utilization(Section section) {
    Optional<Double> outOfServiceAt = section.read(OUT_OF_SERVICE_AT);
    Optional<Double> scaleUpAt = section.read(SCALE_UP_AT);
    Optional<Integer> minAvailable = section.read(MIN_AVAILABLE);
    Optional<Demand> demand = optional(section.value(DEMAND), PolicyParser::demand);
    return (name, query, onEmpty, lookahead, maxSeries) ->
        new Signal.Utilization(
            name,
            query,
            onEmpty,
            scaleUpAt.orElseThrow(),
            outOfServiceAt.orElseThrow(),
            minAvailable.orElseThrow(),
            demand,
            lookahead,
            maxSeries);
  }

  private static SignalMaker capacity(Section section) {
    Optional<Double> capacityPerReplica = section.read(CAPACITY_PER_REPLICA);
    Optional<Double> targetUtilization = section.read(TARGET_UTILIZATION);
    return (name, query, onEmpty, lookahead, maxSeries) ->
        new Signal.Capacity(
            name,
            query,
            onEmpty,
            capacityPerReplica.orElseThrow(),
            targetUtilization.orElseThrow(),
            lookahead,
            maxSeries);
  }

  private static SignalMaker headroom(Section section) {
    Optional<Integer> minIdle = section.read(MIN_IDLE);
    Node startsNode = section.value(STARTS);
    Optional<Starts> starts = optional(startsNode, PolicyParser::starts);
    if (!startsNode.isMissing() && !section.value(LOOKAHEAD).isMissing()) {
      // both would project the busy pods: the starts already hold the rise the trend shows
      startsNode.invalid(
          "no lookahead beside starts (both project the busy pods)", "lookahead too");
    }
    return (name, query, onEmpty, lookahead, maxSeries) ->
        new Signal.Headroom(
            name, query, onEmpty, minIdle.orElseThrow(), starts, lookahead, maxSeries);
  }

  private static Optional<Starts> starts(Node node) {
    return Section.of(node, STARTS.path(), "a mapping with query and horizon")
        .flatMap(
            section -> {
              Optional<QueryTemplate> query = query(section.value(STARTS_QUERY));
              Optional<Duration> horizon = section.read(STARTS_HORIZON);
              return section.ifClean(() -> new Starts(query.orElseThrow(), horizon.orElseThrow()));
            });
  }

  private static Optional<String> signalName(Node node, Set<String> namesSoFar) {
    if (!(node.value() instanceof String text) || !SIGNAL_NAME_PATTERN.matcher(text).matches()) {
      return node.invalid("a signal name of letters, digits, '_' or '-', at most 63 long");
    }
    if (!namesSoFar.add(text)) {
      return node.invalid("a name unique within the policy", Problem.describe(text) + " again");
    }
    return Optional.of(text);
  }

  private static Optional<QueryTemplate> query(Node node) {
    if (!(node.value() instanceof String text) || text.isBlank()) {
      return node.invalid("a PromQL query");
    }
    QueryTemplate.Result result = QueryTemplate.parse(text);
    if (result.error() != null) {
      return node.rejected(result.error());
    }
    return Optional.of(result.template());
  }
}
