package dev.lkscaler.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;

/**
 * KEDA's ScaledObject custom resource, defined once: the informers read it, and the test fixtures
 * and the simulator's mock API server register and write it.
 */
public final class ScaledObjects {
  /** keda.sh/v1alpha1 ScaledObject, namespaced. */
  public static final CustomResourceDefinitionContext RESOURCE =
      new CustomResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind("ScaledObject")
          .withPlural("scaledobjects")
          .withScope("Namespaced")
          .build();

  /** The apiVersion of a ScaledObject: keda.sh/v1alpha1. */
  public static final String API_VERSION = RESOURCE.getGroup() + "/" + RESOURCE.getVersion();

  private ScaledObjects() {}
}
