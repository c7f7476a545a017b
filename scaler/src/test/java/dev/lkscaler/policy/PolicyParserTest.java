package dev.lkscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lkscaler.testing.PolicyTexts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyParserTest {
  /** The policy file of the issue, verbatim. */
  static final String ISSUE_EXAMPLE =
      """
      prometheus:
        url: http://127.0.0.1:9090      # required
        timeout: 2s
        headers: {}
      cache:
        ttl: 5s
        lastKnownGoodFor: 2m
      policies:
        agents:
          minReplicas: 1
          maxReplicas: 100
          activation:
            query: sum(livekit_room_total{namespace="{{namespace}}"})
            threshold: 0
          signals:
            - name: cpu
              type: utilization
              query: lk_agents_worker_load{namespace="{{namespace}}"}
              scaleUpAt: 0.5
              outOfServiceAt: 0.7
              minAvailable: 1
              onEmpty: hold
      """
          + PolicyTexts.SIP_AND_EGRESS;

  @Test
  void parsesTheIssueExample() throws Exception {
    PolicySet set = PolicyParser.parse(ISSUE_EXAMPLE);
    assertThat(set.prometheus().url()).isEqualTo(URI.create("http://127.0.0.1:9090"));
    assertThat(set.prometheus().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(set.prometheus().headers()).isEmpty();
    assertThat(set.cache())
        .isEqualTo(new CacheSettings(Duration.ofSeconds(5), Duration.ofMinutes(2)));
    assertThat(set.policies().keySet()).containsExactly("agents", "egress", "sip");

    Policy agents = set.policies().get("agents");
    assertThat(agents.minReplicas()).isEqualTo(1);
    assertThat(agents.maxReplicas()).isEqualTo(100);
    assertThat(agents.activation().orElseThrow().threshold()).isZero();
    assertThat(agents.activation().orElseThrow().query().variables()).containsExactly("namespace");
    Signal.Utilization cpu = (Signal.Utilization) agents.signals().get(0);
    assertThat(cpu.name()).isEqualTo("cpu");
    assertThat(cpu.scaleUpAt()).isEqualTo(0.5);
    assertThat(cpu.outOfServiceAt()).isEqualTo(0.7);
    assertThat(cpu.minAvailable()).isEqualTo(1);
    assertThat(cpu.onEmpty()).isEqualTo(OnEmpty.HOLD);

    Policy sip = set.policies().get("sip");
    assertThat(sip.minReplicas()).isEqualTo(PolicyKeys.MIN_REPLICAS.defaultValue());
    assertThat(sip.maxReplicas()).isEqualTo(PolicyKeys.MAX_REPLICAS.defaultValue());
    assertThat(sip.signals().get(0))
        .isEqualTo(
            new Signal.Capacity(
                "calls",
                QueryTemplate.parse("sum(livekit_sip_calls_active{namespace=\"{{namespace}}\"})")
                    .template(),
                OnEmpty.HOLD,
                100,
                0.5));
    Signal.Headroom idle = (Signal.Headroom) set.policies().get("egress").signals().get(0);
    assertThat(idle.minIdle()).isEqualTo(2);
  }

  @Test
  void appliesDefaults() throws Exception {
    PolicySet set =
        PolicyParser.parse(
            """
            prometheus: {url: "https://mimir.example:8080/prometheus"}
            policies:
              a:
                signals:
                  - {name: u, type: utilization, query: q}
                  - {name: c, type: capacity, query: q, capacityPerReplica: 4}
                  - {name: h, type: headroom, query: q, onEmpty: zero}
            """);
    assertThat(set.prometheus().timeout()).isEqualTo(PolicyKeys.PROMETHEUS_TIMEOUT.defaultValue());
    assertThat(set.cache())
        .isEqualTo(
            new CacheSettings(
                PolicyKeys.CACHE_TTL.defaultValue(),
                PolicyKeys.CACHE_LAST_KNOWN_GOOD_FOR.defaultValue()));
    List<Signal> signals = set.policies().get("a").signals();
    assertThat(signals.get(0))
        .isEqualTo(
            new Signal.Utilization(
                "u",
                QueryTemplate.parse("q").template(),
                OnEmpty.HOLD,
                PolicyKeys.SCALE_UP_AT.defaultValue(),
                PolicyKeys.OUT_OF_SERVICE_AT.defaultValue(),
                PolicyKeys.MIN_AVAILABLE.defaultValue()));
    assertThat(((Signal.Capacity) signals.get(1)).targetUtilization())
        .isEqualTo(PolicyKeys.TARGET_UTILIZATION.defaultValue());
    assertThat(((Signal.Headroom) signals.get(2)).minIdle())
        .isEqualTo(PolicyKeys.MIN_IDLE.defaultValue());
    assertThat(signals.get(2).onEmpty()).isEqualTo(OnEmpty.ZERO);
  }

  @Test
  void readsLookaheadAndDemandWithTheirDefaults() throws Exception {
    PolicySet set =
        PolicyParser.parse(
            PROMETHEUS
                + """
                policies:
                  a:
                    signals:
                      - name: u
                        type: utilization
                        query: q
                        lookahead: {horizon: 45s}
                        demand: {wanted: 'sum(rooms{namespace="{{namespace}}"})', served: jobs, perReplica: 8}
                      - {name: c, type: capacity, query: q, capacityPerReplica: 4, lookahead: {window: 5m, horizon: 1m, step: 30s}}
                      - {name: h, type: headroom, query: q}
                """);
    List<Signal> signals = set.policies().get("a").signals();
    Signal.Utilization u = (Signal.Utilization) signals.get(0);
    assertThat(u.lookahead())
        .contains(
            new Lookahead(
                PolicyKeys.LOOKAHEAD_WINDOW.defaultValue(),
                Duration.ofSeconds(45),
                PolicyKeys.LOOKAHEAD_STEP.defaultValue()));
    assertThat(u.demand())
        .contains(
            new Demand(
                QueryTemplate.parse("sum(rooms{namespace=\"{{namespace}}\"})").template(),
                QueryTemplate.parse("jobs").template(),
                8));
    assertThat(signals.get(1).lookahead())
        .contains(
            new Lookahead(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(30)));
    assertThat(signals.get(2).lookahead()).isEmpty();
  }

  @Test
  void readsStarts() throws Exception {
    PolicySet set =
        PolicyParser.parse(
            PROMETHEUS
                + """
                policies:
                  egress:
                    signals:
                      - name: idle
                        type: headroom
                        query: q
                        minIdle: 2
                        starts: {query: 'sum(rate(starts{namespace="{{namespace}}"}[1m]))', horizon: 45s}
                """);
    Signal.Headroom idle = (Signal.Headroom) set.policies().get("egress").signals().get(0);
    assertThat(idle.starts())
        .contains(
            new Starts(
                QueryTemplate.parse("sum(rate(starts{namespace=\"{{namespace}}\"}[1m]))")
                    .template(),
                Duration.ofSeconds(45)));
    assertThat(idle.lookahead()).isEmpty();
  }

  @Test
  void readsHeadersDurationsAndIntegersWrittenAsNumbers() throws Exception {
    PolicySet set =
        PolicyParser.parse(
            """
            prometheus:
              url: http://thanos:9090/
              timeout: 2900ms
              headers: {X-Scope-OrgID: 42, Authorization: "Bearer abc"}
            cache: {ttl: 1m30s, lastKnownGoodFor: 0s}
            policies:
              a: {signals: [{name: c, type: capacity, query: q, capacityPerReplica: 2.5, targetUtilization: 1}]}
            """);
    assertThat(set.prometheus().headers())
        .isEqualTo(
            Map.of(
                "X-Scope-OrgID",
                new HeaderValue.Plain("42"),
                "Authorization",
                new HeaderValue.Plain("Bearer abc")));
    assertThat(set.prometheus().timeout()).isEqualTo(Duration.ofMillis(2900));
    assertThat(set.cache().ttl()).isEqualTo(Duration.ofSeconds(90));
    assertThat(set.cache().lastKnownGoodFor()).isZero();
  }

  @Test
  void readsSecretHeadersWithoutShowingThem() throws Exception {
    PolicySet set =
        PolicyParser.parse(
            """
            prometheus:
              url: http://mimir:8080/prometheus
              headers:
                X-Scope-OrgID: tenant-1
                Authorization: {fromFile: /var/run/secrets/prometheus/token, prefix: "Bearer "}
                X-Api-Key: {fromEnv: PROMETHEUS_API_KEY}
                X-Other: {secret: s3cr3t-value}
            policies:
              a: {signals: [{name: h, type: headroom, query: q}]}
            """);
    assertThat(set.prometheus().headers())
        .containsEntry("X-Scope-OrgID", new HeaderValue.Plain("tenant-1"))
        .containsEntry(
            "Authorization",
            new HeaderValue.FromFile("/var/run/secrets/prometheus/token", "Bearer "))
        .containsEntry("X-Api-Key", new HeaderValue.FromEnv("PROMETHEUS_API_KEY", ""))
        .containsEntry("X-Other", new HeaderValue.Secret("s3cr3t-value"));
    assertThat(set.toString()).doesNotContain("s3cr3t-value");
  }

  @Test
  void theShippedPolicyIsValid() throws Exception {
    Path shipped = Path.of("..", "deploy", "policy.yaml");
    PolicySet set = PolicyParser.parse(Files.readString(shipped));
    assertThat(set.policies().keySet())
        .containsExactly("agents", "egress", "ingress", "livekit-server", "sip");
  }

  private static final String PROMETHEUS = "prometheus: {url: http://p:9090}\n";

  private static String withSignal(String signal) {
    return PROMETHEUS + "policies:\n  agents:\n    signals:\n      - " + signal + "\n";
  }

  static Stream<Arguments> oneErrorEach() {
    return Stream.of(
        // found by PolicyParserFuzzTest: the YAML composer recursed until the stack overflowed
        Arguments.of(
            "[".repeat(5000) + "]".repeat(5000),
            "(document): expected YAML nested at most 64 levels deep. Found: more levels, at line 1"),
        Arguments.of(
            "a: '" + "x".repeat(1 << 20) + "'\n",
            "(document): expected valid YAML. Found: The incoming YAML document exceeds the limit:"
                + " 1048576 code points."),
        Arguments.of(
            "", "(document): expected a mapping with prometheus and policies. Found: nothing"),
        Arguments.of(
            "- a\n- b\n",
            "(document): expected a mapping with prometheus and policies. Found: a list"),
        Arguments.of(
            PROMETHEUS
                + "policies: {a: {signals: [{name: x, type: headroom, query: q}]}}\nextra: 1\n",
            "extra: expected one of prometheus, cache, policies. Found: an unknown key"),
        Arguments.of(
            "policies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus: expected a mapping with url. Found: nothing"),
        Arguments.of(
            "prometheus: {timeout: 1s}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.url: expected an http or https URL without credentials, query or fragment, such as http://prometheus:9090. Found: nothing"),
        Arguments.of(
            "prometheus: {url: 'ftp://p'}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.url: expected an http or https URL without credentials, query or fragment, such as http://prometheus:9090. Found: \"ftp://p\""),
        Arguments.of(
            "prometheus: {url: 'http://p:9090?x=1'}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.url: expected an http or https URL without credentials, query or fragment, such as http://prometheus:9090. Found: \"http://p:9090?x=1\""),
        Arguments.of(
            "prometheus: {url: http://p, bearerTokenFile: token}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.bearerTokenFile: expected an absolute path to a mounted file. Found: \"token\""),
        Arguments.of(
            "prometheus: {url: http://p, bearerTokenFile: /t, basicAuth: {username: u, passwordFile: /p}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.basicAuth: expected no basicAuth beside bearerTokenFile. Found: both"),
        Arguments.of(
            "prometheus: {url: http://p, bearerTokenFile: /t, headers: {authorization: x}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.bearerTokenFile: expected no Authorization header beside it in prometheus.headers. Found: an Authorization header too"),
        Arguments.of(
            "prometheus: {url: http://p, basicAuth: {username: 'a:b', passwordFile: /p}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.basicAuth.username: expected a user name on one line, without ':'. Found: \"a:b\""),
        Arguments.of(
            "prometheus: {url: http://p, basicAuth: {username: u}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.basicAuth.passwordFile: expected an absolute path to a mounted file. Found: nothing"),
        Arguments.of(
            "prometheus: {url: http://p, basicAuth: {username: u, passwordFile: /p, password: x}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.basicAuth.password: expected one of username, passwordFile. Found: an unknown key"),
        Arguments.of(
            "prometheus: {url: http://p, tls: {caFile: /ca}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.tls: expected an https url beside it. Found: an http url"),
        Arguments.of(
            "prometheus: {url: https://p, tls: {certFile: /c}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.tls.keyFile: expected an absolute path beside certFile. Found: nothing"),
        Arguments.of(
            "prometheus: {url: https://p, tls: {caFile: /ca, insecureSkipVerify: true}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.tls.caFile: expected no caFile with insecureSkipVerify (it would not be read). Found: a caFile"),
        Arguments.of(
            "prometheus: {url: https://p, tls: {insecureSkipVerify: yes please}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.tls.insecureSkipVerify: expected true or false. Found: \"yes please\""),
        Arguments.of(
            "prometheus: {url: http://p, timeout: 3s}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.timeout: expected a duration in (0s, 3s) to stay below KEDA's deadline. Found: 3s"),
        Arguments.of(
            "prometheus: {url: http://p, timeout: 0s}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.timeout: expected a duration in (0s, 3s) to stay below KEDA's deadline. Found: 0s"),
        Arguments.of(
            "prometheus: {url: http://p, timeout: 2}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.timeout: expected a duration such as 250ms, 5s, 2m or 1h. Found: 2"),
        Arguments.of(
            "prometheus: {url: http://p, timeout: 2 s}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.timeout: expected a duration such as 250ms, 5s, 2m or 1h. Found: \"2 s\""),
        Arguments.of(
            "prometheus: {url: http://p, headers: [a]}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.headers: expected a mapping of header names to values. Found: a list"),
        Arguments.of(
            "prometheus: {url: http://p, headers: {Host: x}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.headers.Host: expected an HTTP header name other than Connection, Content-Length, Expect, Host, Upgrade. Found: \"Host\""),
        Arguments.of(
            "prometheus: {url: http://p, headers: {X-A: [c]}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.headers.X-A: expected a header value, or a mapping with secret, fromEnv or fromFile. Found: a list"),
        Arguments.of(
            "prometheus: {url: http://p, headers: {X-A: {fromEnv: A, b: c}}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.headers.X-A.b: expected one of secret, fromEnv, fromFile, prefix. Found: an unknown key"),
        Arguments.of(
            "prometheus: {url: http://p, headers: {Authorization: {secret: s3cr3t, fromEnv: TOKEN}}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.headers.Authorization: expected exactly one of secret, fromEnv, fromFile. Found: secret, fromEnv"),
        Arguments.of(
            "prometheus: {url: http://p, headers: {Authorization: {secret: 'Bearer s3cr3t', prefix: 'Bearer '}}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.headers.Authorization.prefix: expected no prefix beside an inline secret (write it into the secret). Found: a prefix"),
        Arguments.of(
            "prometheus: {url: http://p, headers: {Authorization: {secret: 12345}}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.headers.Authorization.secret: expected a non-empty string. Found: a number"),
        Arguments.of(
            "prometheus: {url: http://p, headers: {Authorization: {fromEnv: 'not a name'}}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.headers.Authorization.fromEnv: expected an environment variable name. Found: \"not a name\""),
        Arguments.of(
            "prometheus: {url: http://p, headers: {Authorization: {fromFile: token}}}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.headers.Authorization.fromFile: expected an absolute path to a mounted file. Found: \"token\""),
        Arguments.of(
            "prometheus: {url: 'http://admin:hunter2@p:9090'}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "prometheus.url: expected an http or https URL without credentials, query or fragment, such as http://prometheus:9090"
                + " (put credentials in prometheus.headers). Found: a URL with credentials"),
        Arguments.of(
            PROMETHEUS
                + "cache: {ttl: 0s}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "cache.ttl: expected a duration > 0s. Found: 0s"),
        Arguments.of(
            PROMETHEUS
                + "cache: {lastKnownGoodFor: forever}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "cache.lastKnownGoodFor: expected a duration such as 250ms, 5s, 2m or 1h. Found: \"forever\""),
        Arguments.of(
            PROMETHEUS
                + "cache: {size: 3}\npolicies: {a: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "cache.size: expected one of ttl, lastKnownGoodFor. Found: an unknown key"),
        Arguments.of(
            PROMETHEUS, "policies: expected a mapping of policy names to policies. Found: nothing"),
        Arguments.of(
            PROMETHEUS + "policies: {}\n", "policies: expected at least one policy. Found: none"),
        Arguments.of(
            PROMETHEUS + "policies: {Agents_1: {signals: [{name: x, type: headroom, query: q}]}}\n",
            "policies.Agents_1: expected a policy name of lower-case letters, digits and '-', at most 63 long. Found: \"Agents_1\""),
        Arguments.of(
            PROMETHEUS
                + "policies: {a: {minReplicas: -1, signals: [{name: x, type: headroom, query: q}]}}\n",
            "policies.a.minReplicas: expected an integer >= 0. Found: -1"),
        Arguments.of(
            PROMETHEUS
                + "policies: {a: {minReplicas: 1.5, signals: [{name: x, type: headroom, query: q}]}}\n",
            "policies.a.minReplicas: expected an integer >= 0. Found: 1.5"),
        Arguments.of(
            PROMETHEUS
                + "policies: {a: {maxReplicas: 0, signals: [{name: x, type: headroom, query: q}]}}\n",
            "policies.a.maxReplicas: expected an integer >= 1. Found: 0"),
        Arguments.of(
            PROMETHEUS
                + "policies: {a: {minReplicas: 5, maxReplicas: 3, signals: [{name: x, type: headroom, query: q}]}}\n",
            "policies.a.maxReplicas: expected an integer >= minReplicas (5). Found: 3"),
        Arguments.of(
            PROMETHEUS
                + "policies: {a: {replicas: 3, signals: [{name: x, type: headroom, query: q}]}}\n",
            "policies.a.replicas: expected one of minReplicas, maxReplicas, activation, signals. Found: an unknown key"),
        Arguments.of(
            PROMETHEUS
                + "policies: {a: {activation: {threshold: 1}, signals: [{name: x, type: headroom, query: q}]}}\n",
            "policies.a.activation.query: expected a PromQL query. Found: nothing"),
        Arguments.of(
            PROMETHEUS
                + "policies: {a: {activation: {query: q, threshold: '1'}, signals: [{name: x, type: headroom, query: q}]}}\n",
            "policies.a.activation.threshold: expected a finite number. Found: \"1\""),
        Arguments.of(
            PROMETHEUS
                + "policies: {a: {activation: {query: q, threshold: .nan}, signals: [{name: x, type: headroom, query: q}]}}\n",
            "policies.a.activation.threshold: expected a finite number. Found: NaN"),
        Arguments.of(
            PROMETHEUS + "policies: {a: {}}\n",
            "policies.a.signals: expected a list of signals. Found: nothing"),
        Arguments.of(
            PROMETHEUS + "policies: {a: {signals: []}}\n",
            "policies.a.signals: expected at least one signal. Found: none"),
        Arguments.of(
            withSignal("{type: headroom, query: q}"),
            "policies.agents.signals[0].name: expected a signal name of letters, digits, '_' or '-', at most 63 long. Found: nothing"),
        Arguments.of(
            withSignal("{name: x, query: q}"),
            "policies.agents.signals[0].type: expected one of utilization, capacity, headroom. Found: nothing"),
        Arguments.of(
            withSignal("{name: x, type: cpu, query: q}"),
            "policies.agents.signals[0].type: expected one of utilization, capacity, headroom. Found: \"cpu\""),
        Arguments.of(
            withSignal("{name: x, type: headroom}"),
            "policies.agents.signals[0].query: expected a PromQL query. Found: nothing"),
        Arguments.of(
            withSignal("{name: x, type: headroom, query: '  '}"),
            "policies.agents.signals[0].query: expected a PromQL query. Found: \"  \""),
        Arguments.of(
            withSignal("{name: x, type: headroom, query: 'up{namespace=\"{{namespace\"}'}"),
            "policies.agents.signals[0].query: expected {{variable}} to be closed by }}. Found: \"{{namespace\"}\""),
        Arguments.of(
            withSignal("{name: x, type: headroom, query: 'up{a=\"{{ a b }}\"}'}"),
            "policies.agents.signals[0].query: expected a variable name of letters, digits, '_', '.' or '-' in {{...}}. Found: \"{{ a b }}\""),
        Arguments.of(
            withSignal("{name: x, type: headroom, query: q, onEmpty: keep}"),
            "policies.agents.signals[0].onEmpty: expected one of hold, zero. Found: \"keep\""),
        // the issue's own example
        Arguments.of(
            withSignal(
                "{name: cpu, type: utilization, query: q, scaleUpAt: 0.9, outOfServiceAt: 0.7}"),
            "policies.agents.signals[0].scaleUpAt: expected a number in (0, outOfServiceAt). Found: 0.9"),
        Arguments.of(
            withSignal("{name: cpu, type: utilization, query: q, scaleUpAt: 0.7}"),
            "policies.agents.signals[0].scaleUpAt: expected a number in (0, outOfServiceAt). Found: 0.7"),
        Arguments.of(
            withSignal("{name: cpu, type: utilization, query: q, scaleUpAt: 0}"),
            "policies.agents.signals[0].scaleUpAt: expected a number in (0, outOfServiceAt). Found: 0"),
        Arguments.of(
            withSignal("{name: cpu, type: utilization, query: q, outOfServiceAt: -1}"),
            "policies.agents.signals[0].outOfServiceAt: expected a number > 0. Found: -1"),
        Arguments.of(
            withSignal("{name: cpu, type: utilization, query: q, minAvailable: -1}"),
            "policies.agents.signals[0].minAvailable: expected an integer >= 0. Found: -1"),
        Arguments.of(
            withSignal("{name: cpu, type: utilization, query: q, minIdle: 1}"),
            "policies.agents.signals[0].minIdle: expected one of name, type, query, onEmpty, maxSeries, lookahead, scaleUpAt, outOfServiceAt, minAvailable, demand. Found: an unknown key"),
        Arguments.of(
            withSignal("{name: c, type: capacity, query: q}"),
            "policies.agents.signals[0].capacityPerReplica: expected a number. Found: nothing"),
        Arguments.of(
            withSignal("{name: c, type: capacity, query: q, capacityPerReplica: 0}"),
            "policies.agents.signals[0].capacityPerReplica: expected a number > 0. Found: 0"),
        Arguments.of(
            withSignal(
                "{name: c, type: capacity, query: q, capacityPerReplica: 1, targetUtilization: 1.5}"),
            "policies.agents.signals[0].targetUtilization: expected a number in (0, 1]. Found: 1.5"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, minIdle: -2}"),
            "policies.agents.signals[0].minIdle: expected an integer >= 0. Found: -2"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, scaleUpAt: 0.5}"),
            "policies.agents.signals[0].scaleUpAt: expected one of name, type, query, onEmpty, maxSeries, lookahead, minIdle, starts. Found: an unknown key"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, bogus: 1}"),
            "policies.agents.signals[0].bogus: expected one of name, type, query, onEmpty, maxSeries, lookahead, minIdle, starts. Found: an unknown key"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, maxSeries: 0}"),
            "policies.agents.signals[0].maxSeries: expected an integer >= 1. Found: 0"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, maxSeries: many}"),
            "policies.agents.signals[0].maxSeries: expected an integer >= 1. Found: \"many\""),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, starts: {query: s}}"),
            "policies.agents.signals[0].starts.horizon: expected a duration such as 250ms, 5s, 2m"
                + " or 1h. Found: nothing"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, starts: {horizon: 1m}}"),
            "policies.agents.signals[0].starts.query: expected a PromQL query. Found: nothing"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, starts: {query: s, horizon: 11m}}"),
            "policies.agents.signals[0].starts.horizon: expected a duration in (0s, 10m]. Found:"
                + " 11m"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, starts: 'rate(x[1m])'}"),
            "policies.agents.signals[0].starts: expected a mapping with query and horizon. Found:"
                + " \"rate(x[1m])\""),
        Arguments.of(
            withSignal(
                "{name: h, type: headroom, query: q, starts: {query: s, horizon: 1m},"
                    + " lookahead: {horizon: 1m}}"),
            "policies.agents.signals[0].starts: expected no lookahead beside starts (both project"
                + " the busy pods). Found: lookahead too"),
        Arguments.of(
            withSignal(
                "{name: c, type: capacity, query: q, capacityPerReplica: 1,"
                    + " starts: {query: s, horizon: 1m}}"),
            "policies.agents.signals[0].starts: expected one of name, type, query, onEmpty, maxSeries,"
                + " lookahead, capacityPerReplica, targetUtilization. Found: an unknown key"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, lookahead: {window: 2m}}"),
            "policies.agents.signals[0].lookahead.horizon: expected a duration such as 250ms, 5s,"
                + " 2m or 1h. Found: nothing"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, lookahead: {horizon: 0s}}"),
            "policies.agents.signals[0].lookahead.horizon: expected a duration in (0s, 10m]. Found:"
                + " 0s"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, lookahead: {horizon: 60m}}"),
            "policies.agents.signals[0].lookahead.horizon: expected a duration in (0s, 10m]. Found:"
                + " 1h"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, lookahead: {horizon: 60}}"),
            "policies.agents.signals[0].lookahead.horizon: expected a duration such as 250ms, 5s,"
                + " 2m or 1h. Found: 60"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, lookahead: {window: 0s, horizon: 1m}}"),
            "policies.agents.signals[0].lookahead.window: expected a duration > 0s. Found: 0s"),
        // the default step is checked against the window written
        Arguments.of(
            withSignal(
                "{name: h, type: headroom, query: q, lookahead: {window: 10s, horizon: 1m}}"),
            "policies.agents.signals[0].lookahead.step: expected a duration in (0s, window). Found:"
                + " 15s"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, lookahead: {horizon: 1m, step: 2m}}"),
            "policies.agents.signals[0].lookahead.step: expected a duration in (0s, window). Found:"
                + " 2m"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, lookahead: {horizon: 1m, trend: up}}"),
            "policies.agents.signals[0].lookahead.trend: expected one of window, horizon, step."
                + " Found: an unknown key"),
        Arguments.of(
            withSignal("{name: h, type: headroom, query: q, lookahead: 60s}"),
            "policies.agents.signals[0].lookahead: expected a mapping with horizon and window."
                + " Found: \"60s\""),
        Arguments.of(
            withSignal(
                "{name: u, type: utilization, query: q, demand: {wanted: w, served: s, perReplica: 0}}"),
            "policies.agents.signals[0].demand.perReplica: expected a number > 0. Found: 0"),
        Arguments.of(
            withSignal(
                "{name: u, type: utilization, query: q, demand: {served: s, perReplica: 8}}"),
            "policies.agents.signals[0].demand.wanted: expected a PromQL query. Found: nothing"),
        Arguments.of(
            withSignal(
                "{name: u, type: utilization, query: q, demand: {wanted: '{{a', served: s, perReplica: 8}}"),
            "policies.agents.signals[0].demand.wanted: expected {{variable}} to be closed by }}."
                + " Found: \"{{a\""),
        Arguments.of(
            withSignal(
                "{name: c, type: capacity, query: q, capacityPerReplica: 1, demand: {wanted: w}}"),
            "policies.agents.signals[0].demand: expected one of name, type, query, onEmpty, maxSeries,"
                + " lookahead, capacityPerReplica, targetUtilization. Found: an unknown key"),
        Arguments.of(
            withSignal("{name: 'a b', type: headroom, query: q}"),
            "policies.agents.signals[0].name: expected a signal name of letters, digits, '_' or '-', at most 63 long. Found: \"a b\""),
        Arguments.of(
            withSignal("[1, 2]"),
            "policies.agents.signals[0]: expected a mapping with name, type and query. Found: a list"));
  }

  @ParameterizedTest
  @MethodSource("oneErrorEach")
  void reportsEachErrorWithItsPath(String yaml, String error) {
    assertThatThrownBy(() -> PolicyParser.parse(yaml))
        .isInstanceOfSatisfying(
            PolicyException.class, e -> assertThat(e.errors()).containsExactly(error));
  }

  @Test
  void reportsAllErrorsAtOnceInDocumentOrder() {
    String yaml =
        """
        prometheus: {url: ftp://p, timeout: 5s}
        cache: {ttl: 0s}
        policies:
          agents:
            minReplicas: -1
            signals:
              - {name: cpu, type: utilization, query: q, scaleUpAt: 0.9}
              - {name: cpu, type: weird, query: q}
        """;
    assertThatThrownBy(() -> PolicyParser.parse(yaml))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "prometheus.url: expected an http or https URL without credentials, query or fragment, such as http://prometheus:9090. Found: \"ftp://p\"",
                        "prometheus.timeout: expected a duration in (0s, 3s) to stay below KEDA's deadline. Found: 5s",
                        "cache.ttl: expected a duration > 0s. Found: 0s",
                        "policies.agents.minReplicas: expected an integer >= 0. Found: -1",
                        "policies.agents.signals[0].scaleUpAt: expected a number in (0, outOfServiceAt). Found: 0.9",
                        "policies.agents.signals[1].name: expected a name unique within the policy. Found: \"cpu\" again",
                        "policies.agents.signals[1].type: expected one of utilization, capacity, headroom. Found: \"weird\""));
  }

  @Test
  void duplicateKeysAndBrokenYamlAreErrorsNotCrashes() {
    assertThat(onlyError(PROMETHEUS + "prometheus: {url: http://q}\n"))
        .startsWith("(document): expected valid YAML. Found: ")
        .contains("duplicate key prometheus");
    assertThat(onlyError("prometheus: {url: [\n"))
        .startsWith("(document): expected valid YAML. Found: ");
  }

  /** The one error the text has. */
  private static String onlyError(String text) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyParser.parse(text));
    assertThat(e).as("an error in %s", text).isNotNull();
    assertThat(e.errors()).hasSize(1);
    return e.errors().get(0);
  }
}
