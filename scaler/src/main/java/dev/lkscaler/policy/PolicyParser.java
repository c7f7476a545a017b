package dev.lkscaler.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a policy file into a {@link PolicySet}, or fails with every error found, each naming its
 * path, what was expected and what was found. Pure: no I/O, no logging.
 */
public final class PolicyParser {
  public static final List<String> ROOT_KEYS = List.of("prometheus", "cache", "policies");
  public static final List<String> PROMETHEUS_KEYS = List.of("url", "timeout", "headers");
  public static final List<String> SECRET_HEADER_KEYS =
      List.of("secret", "fromEnv", "fromFile", "prefix");
  public static final List<String> CACHE_KEYS = List.of("ttl", "lastKnownGoodFor");
  public static final List<String> POLICY_KEYS =
      List.of("minReplicas", "maxReplicas", "activation", "signals");
  public static final List<String> ACTIVATION_KEYS = List.of("query", "threshold");
  public static final List<String> SIGNAL_KEYS = List.of("name", "type", "query", "onEmpty");
  public static final List<String> UTILIZATION_KEYS =
      List.of("scaleUpAt", "outOfServiceAt", "minAvailable");
  public static final List<String> CAPACITY_KEYS =
      List.of("capacityPerReplica", "targetUtilization");
  public static final List<String> HEADROOM_KEYS = List.of("minIdle");

  private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern SIGNAL_NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // java.net.http refuses to let callers set these.
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final List<String> errors = new ArrayList<>();

  private PolicyParser() {}

  /** Parses the whole file text. */
  public static PolicySet parse(String yaml) throws PolicyException {
    return new PolicyParser().parseDocument(yaml);
  }

  private PolicySet parseDocument(String yaml) throws PolicyException {
    Object root;
    try {
      LoadSettings settings =
          LoadSettings.builder()
              .setAllowDuplicateKeys(false)
              .setLabel("policy")
              .setMaxAliasesForCollections(20)
              .build();
      root = new Load(settings).loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new PolicyException(List.of("(document): expected valid YAML, found " + oneLine(e)));
    }
    if (root == null) {
      throw new PolicyException(
          List.of("(document): expected a mapping with prometheus and policies, found nothing"));
    }
    Map<String, Object> top =
        mapping("(document)", root, ROOT_KEYS, "a mapping with prometheus and policies");
    PrometheusSettings prometheus = null;
    CacheSettings cache = null;
    Map<String, Policy> policies = new TreeMap<>();
    if (top != null) {
      prometheus = prometheus(top.get("prometheus"));
      cache = cache(top.get("cache"));
      policies = policies(top.get("policies"));
    }
    if (!errors.isEmpty()) {
      throw new PolicyException(errors);
    }
    return new PolicySet(prometheus, cache, new TreeMap<>(policies));
  }

  private PrometheusSettings prometheus(Object node) {
    String path = "prometheus";
    if (node == null) {
      error(path, "a mapping with url", "nothing");
      return null;
    }
    Map<String, Object> map = mapping(path, node, PROMETHEUS_KEYS, "a mapping with url");
    if (map == null) {
      return null;
    }
    URI url = url(path + ".url", map.get("url"));
    Duration timeout = duration(path + ".timeout", map.get("timeout"), Defaults.PROMETHEUS_TIMEOUT);
    if (timeout != null
        && (timeout.isZero() || timeout.compareTo(Defaults.PROMETHEUS_TIMEOUT_LIMIT) >= 0)) {
      error(
          path + ".timeout",
          "a duration in (0s, "
              + Durations.format(Defaults.PROMETHEUS_TIMEOUT_LIMIT)
              + ") to stay below KEDA's deadline",
          Durations.format(timeout));
      timeout = null;
    }
    Map<String, HeaderValue> headers = headers(path + ".headers", map.get("headers"));
    if (url == null || timeout == null || headers == null) {
      return null;
    }
    return new PrometheusSettings(url, timeout, headers);
  }

  private URI url(String path, Object node) {
    String expected =
        "an http or https URL without credentials, query or fragment, such as http://prometheus:9090";
    if (!(node instanceof String text)) {
      error(path, expected, describe(node));
      return null;
    }
    try {
      URI uri = new URI(text);
      if (uri.getRawUserInfo() != null) {
        // never echo it: it holds a password
        error(
            path, expected + " (put credentials in prometheus.headers)", "a URL with credentials");
        return null;
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    error(path, expected, describe(node));
    return null;
  }

  private Map<String, HeaderValue> headers(String path, Object node) {
    if (node == null) {
      return Map.of();
    }
    Map<String, Object> map = mapping(path, node, null, "a mapping of header names to values");
    if (map == null) {
      return null;
    }
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      String name = entry.getKey();
      String at = path + "." + name;
      if (!HEADER_NAME.matcher(name).matches()
          || RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        error(
            at,
            "an HTTP header name other than Connection, Content-Length, Expect, Host, Upgrade",
            describe(name));
        ok = false;
        continue;
      }
      HeaderValue value = headerValue(at, entry.getValue());
      if (value == null) {
        ok = false;
      } else {
        headers.put(name, value);
      }
    }
    return ok ? headers : null;
  }

  /**
   * A scalar, or a mapping with one of secret, fromEnv, fromFile. Secret values are never echoed.
   */
  private HeaderValue headerValue(String path, Object node) {
    if (node instanceof String || node instanceof Number || node instanceof Boolean) {
      String text = String.valueOf(node);
      if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
        error(path, "a header value on one line", "a line break");
        return null;
      }
      return new HeaderValue.Plain(text);
    }
    if (!(node instanceof Map<?, ?>)) {
      error(path, "a header value, or a mapping with secret, fromEnv or fromFile", describe(node));
      return null;
    }
    Map<String, Object> map =
        mapping(path, node, SECRET_HEADER_KEYS, "a mapping with secret, fromEnv or fromFile");
    List<String> sources = new ArrayList<>();
    for (String key : List.of("secret", "fromEnv", "fromFile")) {
      if (map.containsKey(key)) {
        sources.add(key);
      }
    }
    if (sources.size() != 1) {
      error(
          path,
          "exactly one of secret, fromEnv, fromFile",
          sources.isEmpty() ? "none" : String.join(", ", sources));
      return null;
    }
    String source = sources.get(0);
    Object value = map.get(source);
    Object prefixNode = map.get("prefix");
    if (source.equals("secret") && prefixNode != null) {
      error(
          path + ".prefix",
          "no prefix beside an inline secret (write it into the secret)",
          "a prefix");
      return null;
    }
    if (prefixNode != null && !(prefixNode instanceof String)) {
      error(path + ".prefix", "a string such as \"Bearer \"", describe(prefixNode));
      return null;
    }
    String prefix = prefixNode == null ? "" : (String) prefixNode;
    switch (source) {
      case "secret":
        if (!(value instanceof String text) || text.isEmpty()) {
          // the value itself is never shown
          error(
              path + ".secret",
              "a non-empty string",
              value instanceof String ? "an empty string" : kind(value));
          return null;
        }
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
          error(path + ".secret", "a value on one line", "a line break");
          return null;
        }
        return new HeaderValue.Secret(text);
      case "fromEnv":
        if (!(value instanceof String variable) || !ENV_NAME.matcher(variable).matches()) {
          error(path + ".fromEnv", "an environment variable name", describe(value));
          return null;
        }
        return new HeaderValue.FromEnv(variable, prefix);
      default:
        if (!(value instanceof String file) || !file.startsWith("/")) {
          error(path + ".fromFile", "an absolute path to a mounted file", describe(value));
          return null;
        }
        return new HeaderValue.FromFile(file, prefix);
    }
  }

  private static String kind(Object node) {
    if (node == null) {
      return "nothing";
    }
    if (node instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (node instanceof List<?>) {
      return "a list";
    }
    return "a "
        + (node instanceof Number ? "number" : node instanceof Boolean ? "boolean" : "value");
  }

  private CacheSettings cache(Object node) {
    String path = "cache";
    Map<String, Object> map =
        node == null
            ? Map.of()
            : mapping(path, node, CACHE_KEYS, "a mapping with ttl and lastKnownGoodFor");
    if (map == null) {
      return null;
    }
    Duration ttl = duration(path + ".ttl", map.get("ttl"), Defaults.CACHE_TTL);
    if (ttl != null && ttl.isZero()) {
      error(path + ".ttl", "a duration > 0s", "0s");
      ttl = null;
    }
    Duration lastKnownGoodFor =
        duration(
            path + ".lastKnownGoodFor", map.get("lastKnownGoodFor"), Defaults.LAST_KNOWN_GOOD_FOR);
    if (ttl == null || lastKnownGoodFor == null) {
      return null;
    }
    return new CacheSettings(ttl, lastKnownGoodFor);
  }

  private Map<String, Policy> policies(Object node) {
    String path = "policies";
    String expected = "a mapping of policy names to policies";
    if (node == null) {
      error(path, expected, "nothing");
      return Map.of();
    }
    Map<String, Object> map = mapping(path, node, null, expected);
    if (map == null) {
      return Map.of();
    }
    if (map.isEmpty()) {
      error(path, "at least one policy", "none");
      return Map.of();
    }
    Map<String, Policy> policies = new TreeMap<>();
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      String name = entry.getKey();
      String at = path + "." + name;
      if (!POLICY_NAME.matcher(name).matches()) {
        error(
            at,
            "a policy name of lower-case letters, digits and '-', at most 63 long",
            describe(name));
        continue;
      }
      Policy policy = policy(at, name, entry.getValue());
      if (policy != null) {
        policies.put(name, policy);
      }
    }
    return policies;
  }

  private Policy policy(String path, String name, Object node) {
    Map<String, Object> map = mapping(path, node, POLICY_KEYS, "a mapping with signals");
    if (map == null) {
      return null;
    }
    Integer minReplicas =
        integer(path + ".minReplicas", map.get("minReplicas"), Defaults.MIN_REPLICAS, 0);
    Integer maxReplicas =
        integer(path + ".maxReplicas", map.get("maxReplicas"), Defaults.MAX_REPLICAS, 1);
    if (minReplicas != null && maxReplicas != null && maxReplicas < minReplicas) {
      error(
          path + ".maxReplicas",
          "an integer >= minReplicas (" + minReplicas + ")",
          String.valueOf(maxReplicas));
      maxReplicas = null;
    }
    Optional<Activation> activation = Optional.empty();
    boolean activationOk = true;
    if (map.get("activation") != null) {
      Activation parsed = activation(path + ".activation", map.get("activation"));
      activation = Optional.ofNullable(parsed);
      activationOk = parsed != null;
    }
    List<Signal> signals = signals(path + ".signals", map.get("signals"));
    if (minReplicas == null || maxReplicas == null || !activationOk || signals == null) {
      return null;
    }
    return new Policy(name, minReplicas, maxReplicas, activation, signals);
  }

  private Activation activation(String path, Object node) {
    Map<String, Object> map =
        mapping(path, node, ACTIVATION_KEYS, "a mapping with query and threshold");
    if (map == null) {
      return null;
    }
    QueryTemplate query = query(path + ".query", map.get("query"));
    Double threshold =
        number(path + ".threshold", map.get("threshold"), Defaults.ACTIVATION_THRESHOLD);
    if (query == null || threshold == null) {
      return null;
    }
    return new Activation(query, threshold);
  }

  private List<Signal> signals(String path, Object node) {
    if (!(node instanceof List<?> list)) {
      error(path, "a list of signals", describe(node));
      return null;
    }
    if (list.isEmpty()) {
      error(path, "at least one signal", "none");
      return null;
    }
    List<Signal> signals = new ArrayList<>();
    Set<String> names = new HashSet<>();
    boolean ok = true;
    for (int i = 0; i < list.size(); i++) {
      Signal signal = signal(path + "[" + i + "]", list.get(i), names);
      if (signal == null) {
        ok = false;
      } else {
        signals.add(signal);
      }
    }
    return ok ? signals : null;
  }

  private Signal signal(String path, Object node, Set<String> namesSoFar) {
    Object typeNode = node instanceof Map<?, ?> raw ? raw.get("type") : null;
    List<String> typeKeys =
        switch (typeNode instanceof String s ? s : "") {
          case Signal.Utilization.TYPE -> UTILIZATION_KEYS;
          case Signal.Capacity.TYPE -> CAPACITY_KEYS;
          case Signal.Headroom.TYPE -> HEADROOM_KEYS;
          default -> null;
        };
    List<String> allowed = new ArrayList<>(SIGNAL_KEYS);
    if (typeKeys != null) {
      allowed.addAll(typeKeys);
    } else {
      // the type error is reported below; only flag keys no signal type knows
      allowed.addAll(UTILIZATION_KEYS);
      allowed.addAll(CAPACITY_KEYS);
      allowed.addAll(HEADROOM_KEYS);
    }
    Map<String, Object> map = mapping(path, node, allowed, "a mapping with name, type and query");
    if (map == null) {
      return null;
    }
    String name = null;
    Object nameNode = map.get("name");
    if (nameNode instanceof String text && SIGNAL_NAME.matcher(text).matches()) {
      if (namesSoFar.add(text)) {
        name = text;
      } else {
        error(path + ".name", "a name unique within the policy", describe(text) + " again");
      }
    } else {
      error(
          path + ".name",
          "a signal name of letters, digits, '_' or '-', at most 63 long",
          describe(nameNode));
    }
    String type = null;
    if (typeKeys != null) {
      type = (String) typeNode;
    } else {
      error(path + ".type", "one of utilization, capacity, headroom", describe(typeNode));
    }
    QueryTemplate query = query(path + ".query", map.get("query"));
    OnEmpty onEmpty = onEmpty(path + ".onEmpty", map.get("onEmpty"));
    if (type == null) {
      return null;
    }
    Signal signal =
        switch (type) {
          case Signal.Utilization.TYPE -> utilization(path, map, name, query, onEmpty);
          case Signal.Capacity.TYPE -> capacity(path, map, name, query, onEmpty);
          default -> headroom(path, map, name, query, onEmpty);
        };
    return name == null || query == null || onEmpty == null ? null : signal;
  }

  private Signal utilization(
      String path, Map<String, Object> map, String name, QueryTemplate query, OnEmpty onEmpty) {
    Double outOfServiceAt =
        number(path + ".outOfServiceAt", map.get("outOfServiceAt"), Defaults.OUT_OF_SERVICE_AT);
    if (outOfServiceAt != null && !(outOfServiceAt > 0)) {
      error(path + ".outOfServiceAt", "a number > 0", format(outOfServiceAt));
      outOfServiceAt = null;
    }
    Double scaleUpAt = number(path + ".scaleUpAt", map.get("scaleUpAt"), Defaults.SCALE_UP_AT);
    if (scaleUpAt != null
        && !(scaleUpAt > 0 && (outOfServiceAt == null || scaleUpAt < outOfServiceAt))) {
      error(path + ".scaleUpAt", "a number in (0, outOfServiceAt)", format(scaleUpAt));
      scaleUpAt = null;
    }
    Integer minAvailable =
        integer(path + ".minAvailable", map.get("minAvailable"), Defaults.MIN_AVAILABLE, 0);
    if (name == null
        || query == null
        || onEmpty == null
        || outOfServiceAt == null
        || scaleUpAt == null
        || minAvailable == null) {
      return null;
    }
    return new Signal.Utilization(name, query, onEmpty, scaleUpAt, outOfServiceAt, minAvailable);
  }

  private Signal capacity(
      String path, Map<String, Object> map, String name, QueryTemplate query, OnEmpty onEmpty) {
    Double capacityPerReplica =
        number(path + ".capacityPerReplica", map.get("capacityPerReplica"), null);
    if (capacityPerReplica != null && !(capacityPerReplica > 0)) {
      error(path + ".capacityPerReplica", "a number > 0", format(capacityPerReplica));
      capacityPerReplica = null;
    }
    Double targetUtilization =
        number(
            path + ".targetUtilization", map.get("targetUtilization"), Defaults.TARGET_UTILIZATION);
    if (targetUtilization != null && !(targetUtilization > 0 && targetUtilization <= 1)) {
      error(path + ".targetUtilization", "a number in (0, 1]", format(targetUtilization));
      targetUtilization = null;
    }
    if (name == null
        || query == null
        || onEmpty == null
        || capacityPerReplica == null
        || targetUtilization == null) {
      return null;
    }
    return new Signal.Capacity(name, query, onEmpty, capacityPerReplica, targetUtilization);
  }

  private Signal headroom(
      String path, Map<String, Object> map, String name, QueryTemplate query, OnEmpty onEmpty) {
    Integer minIdle = integer(path + ".minIdle", map.get("minIdle"), Defaults.MIN_IDLE, 0);
    if (name == null || query == null || onEmpty == null || minIdle == null) {
      return null;
    }
    return new Signal.Headroom(name, query, onEmpty, minIdle);
  }

  private QueryTemplate query(String path, Object node) {
    if (!(node instanceof String text) || text.isBlank()) {
      error(path, "a PromQL query", describe(node));
      return null;
    }
    QueryTemplate.Result result = QueryTemplate.parse(text);
    if (result.error() != null) {
      errors.add(path + ": " + result.error());
      return null;
    }
    return result.template();
  }

  private OnEmpty onEmpty(String path, Object node) {
    if (node == null) {
      return Defaults.ON_EMPTY;
    }
    for (OnEmpty value : OnEmpty.values()) {
      if (value.key().equals(node)) {
        return value;
      }
    }
    error(path, "one of hold, zero", describe(node));
    return null;
  }

  private Duration duration(String path, Object node, Duration fallback) {
    if (node == null) {
      return fallback;
    }
    Optional<Duration> parsed =
        node instanceof String text ? Durations.parse(text) : Optional.empty();
    if (parsed.isEmpty()) {
      error(path, "a duration such as 250ms, 5s, 2m or 1h", describe(node));
      return null;
    }
    return parsed.get();
  }

  private Double number(String path, Object node, Double fallback) {
    if (node == null) {
      if (fallback == null) {
        error(path, "a number", "nothing");
      }
      return fallback;
    }
    if (node instanceof Number number
        && !(node instanceof Double || node instanceof Float)
        && Double.isFinite(number.doubleValue())) {
      return number.doubleValue();
    }
    if (node instanceof Double value && Double.isFinite(value)) {
      return value;
    }
    error(path, "a finite number", describe(node));
    return null;
  }

  private Integer integer(String path, Object node, int fallback, int atLeast) {
    if (node == null) {
      return fallback;
    }
    if (node instanceof Integer value) {
      if (value >= atLeast) {
        return value;
      }
      error(path, "an integer >= " + atLeast, describe(node));
      return null;
    }
    error(path, "an integer >= " + atLeast, describe(node));
    return null;
  }

  /**
   * Checks that the node is a mapping with string keys, flags keys outside {@code allowed} (null:
   * any key), and returns it; null after an error.
   */
  private Map<String, Object> mapping(
      String path, Object node, List<String> allowed, String expected) {
    if (!(node instanceof Map<?, ?> raw)) {
      error(path, expected, describe(node));
      return null;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : raw.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        error(path, "string keys", "key " + describe(entry.getKey()));
        continue;
      }
      if (allowed != null && !allowed.contains(key)) {
        String at = path.equals("(document)") ? key : path + "." + key;
        error(at, "one of " + String.join(", ", allowed), "an unknown key");
        continue;
      }
      map.put(key, entry.getValue());
    }
    return map;
  }

  private void error(String path, String expected, String found) {
    errors.add(path + ": expected " + expected + ", found " + found);
  }

  /** How a found value is shown in an error. */
  static String describe(Object node) {
    if (node == null) {
      return "nothing";
    }
    if (node instanceof String text) {
      String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
      return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
    if (node instanceof Double value) {
      return format(value);
    }
    if (node instanceof Number || node instanceof Boolean) {
      return String.valueOf(node);
    }
    if (node instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (node instanceof List<?>) {
      return "a list";
    }
    return node.getClass().getSimpleName();
  }

  private static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf((long) value);
    }
    return String.valueOf(value);
  }

  private static String oneLine(YamlEngineException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().replaceAll("\\s*\\n\\s*", " ");
  }

  /** Every key the parser accepts, as a dotted path; docs/policy.md must name each. */
  public static Set<String> documentedKeys() {
    Set<String> keys = new LinkedHashSet<>();
    PROMETHEUS_KEYS.forEach(k -> keys.add("prometheus." + k));
    SECRET_HEADER_KEYS.forEach(k -> keys.add("prometheus.headers.<name>." + k));
    CACHE_KEYS.forEach(k -> keys.add("cache." + k));
    POLICY_KEYS.forEach(k -> keys.add("policies.<name>." + k));
    ACTIVATION_KEYS.forEach(k -> keys.add("policies.<name>.activation." + k));
    for (List<String> group :
        List.of(SIGNAL_KEYS, UTILIZATION_KEYS, CAPACITY_KEYS, HEADROOM_KEYS)) {
      group.forEach(k -> keys.add("policies.<name>.signals[]." + k));
    }
    return Collections.unmodifiableSet(keys);
  }
}
