package dev.lkscaler.plan;

/** Identifies the ScaledObject a decision belongs to, under the policy it named. */
public record DecisionKey(String policy, String namespace, String name) {}
