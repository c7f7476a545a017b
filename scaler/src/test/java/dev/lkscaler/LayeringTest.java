package dev.lkscaler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "may import" table of the house style, for every package: which of our packages and which
 * libraries each may use. The pure core (policy, plan, decision, hpa) does no I/O, reads no clock
 * and no environment, logs nothing, and holds no mutable statics.
 */
class LayeringTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lkscaler");

  private static final List<String> PURE = List.of("policy", "plan", "decision", "hpa");

  /** Logging is for the shell and the edges; the pure core returns reasons instead. */
  private static final String SLF4J = "org.slf4j..";

  /** Each package, the packages of ours it may use, and the libraries it may use. */
  static Stream<Arguments> table() {
    return Stream.of(
        row("policy", List.of(), List.of("org.snakeyaml..")),
        row("plan", List.of("policy"), List.of()),
        row("decision", List.of("policy", "plan"), List.of()),
        row("hpa", List.of("policy"), List.of()),
        row("scaling", List.of("policy", "plan", "decision", "metrics"), List.of(SLF4J)),
        // the plan hands over policy's settings records (url, headers) for the client to read
        row(
            "prometheus",
            List.of("scaling", "plan", "decision", "policy", "tls"),
            List.of(SLF4J, "tools.jackson..", "javax.net.ssl..")),
        row("kubernetes", List.of("policy", "scaling", "reload"), List.of(SLF4J, "io.fabric8..")),
        row("reload", List.of("policy"), List.of(SLF4J)),
        row("tls", List.of(), List.of("javax.net.ssl..")),
        row(
            "grpc",
            List.of("scaling", "decision", "proto"),
            List.of(SLF4J, "io.grpc..", "com.google.protobuf..", "com.google.common..")),
        // /decisions renders the board's decision records
        row(
            "http",
            List.of("scaling", "decision", "plan"),
            List.of(SLF4J, "io.prometheus..", "com.sun.net.httpserver..", "tools.jackson..")),
        // explain and backtest: the same planner, reader and evaluation as live calls
        row(
            "tuning",
            List.of("policy", "plan", "decision", "hpa", "prometheus", "tls", "scaling", "report"),
            List.of("tools.jackson..")),
        row("report", List.of(), List.of("tools.jackson..")),
        row("metrics", List.of("scaling"), List.of(SLF4J, "io.prometheus..")),
        row("logging", List.of("scaling"), List.of(SLF4J, "ch.qos.logback..", "tools.jackson..")));
  }

  private static Arguments row(String pkg, List<String> ours, List<String> libraries) {
    return Arguments.of(pkg, ours, libraries);
  }

  @ParameterizedTest(name = "{0} may use {1} and {2}")
  @MethodSource("table")
  void eachPackageUsesOnlyWhatTheTableAllows(
      String pkg, List<String> ours, List<String> libraries) {
    List<String> allowed = new ArrayList<>(List.of("java..", "dev.lkscaler." + pkg + ".."));
    ours.forEach(other -> allowed.add("dev.lkscaler." + other + ".."));
    allowed.addAll(libraries);
    classes()
        .that()
        .resideInAPackage("dev.lkscaler." + pkg + "..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed.toArray(String[]::new))
        .check(CLASSES);
  }

  @Test
  void theTableCoversEveryPackage() {
    Set<String> listed = new java.util.TreeSet<>();
    table().forEach(row -> listed.add("dev.lkscaler." + row.get()[0]));
    for (JavaClass javaClass : CLASSES) {
      String pkg = javaClass.getPackageName();
      boolean root = pkg.equals("dev.lkscaler") || pkg.startsWith("dev.lkscaler.proto");
      boolean covered = listed.stream().anyMatch(p -> pkg.equals(p) || pkg.startsWith(p + "."));
      if (!root && !covered) {
        throw new AssertionError("package " + pkg + " is not in the layering table");
      }
    }
  }

  private static String[] pure() {
    return PURE.stream().map(p -> "dev.lkscaler." + p + "..").toArray(String[]::new);
  }

  @Test
  void theCoreDoesNoIo() {
    noClasses()
        .that()
        .resideInAnyPackage(pure())
        .should()
        .dependOnClassesThat(
            JavaClass.Predicates.resideInAnyPackage(
                    "java.io..", "java.nio..", "java.net..", "java.util.concurrent..")
                // a URI is a value, not a connection
                .and(
                    DescribedPredicate.not(
                        JavaClass.Predicates.belongToAnyOf(URI.class, URISyntaxException.class))))
        .check(CLASSES);
  }

  @Test
  void theCoreReadsNoClockNoEnvironmentAndNeverSleeps() {
    classes()
        .that()
        .resideInAnyPackage(pure())
        .should(
            callNone(LayeringTest::readsTheWorld, "read no clock or environment, and never sleep"))
        .check(CLASSES);
  }

  private static boolean readsTheWorld(JavaMethodCall call) {
    String owner = call.getTargetOwner().getName();
    String name = call.getName();
    return switch (owner) {
      case "java.lang.System" ->
          Set.of("currentTimeMillis", "nanoTime", "getenv", "getProperty", "getProperties")
              .contains(name);
      case "java.lang.Thread" -> name.equals("sleep");
      case "java.time.Clock" -> name.startsWith("system");
      default -> owner.startsWith("java.time.") && name.equals("now");
    };
  }

  @Test
  void theCoreHoldsNoMutableStatics() {
    fields()
        .that()
        .areStatic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAnyPackage(pure())
        .should()
        .beFinal()
        .check(CLASSES);
    noFields()
        .that()
        .areStatic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAnyPackage(pure())
        // the compiler's own arrays ($VALUES of an enum, a switch map), never handed out
        .and()
        .haveNameNotMatching("\\$.*")
        .should()
        .haveRawType(DescribedPredicate.describe("an array", javaClass -> javaClass.isArray()))
        .check(CLASSES);
    classes()
        .that()
        .resideInAnyPackage(pure())
        .should(
            new ArchCondition<>("build no mutable collection in a static initializer") {
              @Override
              public void check(JavaClass javaClass, ConditionEvents events) {
                javaClass
                    .getStaticInitializer()
                    .ifPresent(
                        init -> {
                          for (JavaConstructorCall call : init.getConstructorCallsFromSelf()) {
                            JavaClass built = call.getTargetOwner();
                            if (built.getPackageName().equals("java.util")
                                && (built.isAssignableTo(java.util.Collection.class)
                                    || built.isAssignableTo(java.util.Map.class))) {
                              events.add(
                                  SimpleConditionEvent.violated(call, call.getDescription()));
                            }
                          }
                        });
              }
            })
        .check(CLASSES);
  }

  private static ArchCondition<JavaClass> callNone(
      java.util.function.Predicate<JavaMethodCall> banned, String what) {
    return new ArchCondition<>(what) {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
          if (banned.test(call)) {
            events.add(SimpleConditionEvent.violated(call, describe(call)));
          }
        }
      }
    };
  }

  private static String describe(JavaAccess<?> access) {
    return access.getDescription();
  }
}
