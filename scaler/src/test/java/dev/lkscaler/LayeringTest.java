package dev.lkscaler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URI;
import java.net.URISyntaxException;
import org.junit.jupiter.api.Test;

/** The core (policy, decision) stays pure; only the edge knows gRPC. */
class LayeringTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lkscaler");

  @Test
  void theCoreDoesNoIoNoLoggingAndReadsNoClock() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.lkscaler.policy..", "dev.lkscaler.decision..")
        .should()
        .dependOnClassesThat(
            JavaClass.Predicates.resideInAnyPackage(
                    "java.io..",
                    "java.nio..",
                    "java.net..",
                    "java.util.concurrent..",
                    "org.slf4j..",
                    "io.grpc..",
                    "io.prometheus..",
                    "tools.jackson..",
                    "dev.lkscaler.scaling..",
                    "dev.lkscaler.prometheus..",
                    "dev.lkscaler.grpc..",
                    "dev.lkscaler.metrics..",
                    "dev.lkscaler.http..")
                // a URI is a value, not a connection
                .and(
                    DescribedPredicate.not(
                        JavaClass.Predicates.belongToAnyOf(URI.class, URISyntaxException.class))))
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .check(CLASSES);
  }

  @Test
  void onlyTheEdgeKnowsGrpc() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.lkscaler.scaling..", "dev.lkscaler.prometheus..", "dev.lkscaler.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "dev.lkscaler.grpc..", "dev.lkscaler.proto..")
        .check(CLASSES);
  }

  @Test
  void onlyTheKubernetesPackageKnowsFabric8() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.lkscaler.policy..",
            "dev.lkscaler.decision..",
            "dev.lkscaler.scaling..",
            "dev.lkscaler.prometheus..",
            "dev.lkscaler.grpc..",
            "dev.lkscaler.reload..",
            "dev.lkscaler.metrics..",
            "dev.lkscaler.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8..")
        .check(CLASSES);
  }
}
