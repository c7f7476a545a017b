package dev.lkscaler.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a rejected policy as a Warning Event on its ConfigMap, where kubectl describe shows it.
 */
public final class RejectionEvents {
  /** Errors listed in the Event; the log has them all. */
  static final int ERRORS_SHOWN = 5;

  static final int MAX_MESSAGE = 1024;

  private static final Logger log = LoggerFactory.getLogger(RejectionEvents.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;

  public RejectionEvents(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  void policyRejected(ConfigMap configMap, boolean lastGoodInForce, List<String> errors) {
    StringBuilder message =
        new StringBuilder("rejected policy (resourceVersion ")
            .append(configMap.getMetadata().getResourceVersion())
            .append("), ")
            .append(
                lastGoodInForce ? "the last good policy stays in force" : "no policy is in force")
            .append(": ");
    List<String> shown = errors.subList(0, Math.min(ERRORS_SHOWN, errors.size()));
    message.append(String.join("; ", shown));
    if (errors.size() > shown.size()) {
      message.append("; and ").append(errors.size() - shown.size()).append(" more");
    }
    String text =
        message.length() > MAX_MESSAGE
            ? message.substring(0, MAX_MESSAGE - 3) + "..."
            : message.toString();
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(configMap.getMetadata().getName() + ".")
            .withNamespace(configMap.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("ConfigMap")
                    .withName(configMap.getMetadata().getName())
                    .withNamespace(configMap.getMetadata().getNamespace())
                    .withUid(configMap.getMetadata().getUid())
                    .withResourceVersion(configMap.getMetadata().getResourceVersion())
                    .build())
            .withType("Warning")
            .withReason("PolicyRejected")
            .withMessage(text)
            .withNewSource()
            .withComponent("lkscaler")
            .withHost(instance)
            .endSource()
            .withReportingComponent("lkscaler")
            .withReportingInstance(instance)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withEventTime(
                new MicroTime(
                    DateTimeFormatter.ISO_INSTANT.format(
                        clock.instant().truncatedTo(ChronoUnit.MICROS))))
            .withAction("Reload")
            .withCount(1)
            .build();
    try {
      client
          .v1()
          .events()
          .inNamespace(configMap.getMetadata().getNamespace())
          .resource(event)
          .create();
    } catch (KubernetesClientException e) {
      // the log line of the store already carries every error
      log.warn(
          "could not create the PolicyRejected event on configmap {}/{}: {}",
          configMap.getMetadata().getNamespace(),
          configMap.getMetadata().getName(),
          e.getMessage());
    }
  }
}
